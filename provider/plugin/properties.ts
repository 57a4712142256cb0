// Pulumi's property values on the wire (google.protobuf.Struct) and the plain JS the operations take.
// A secret travels as an envelope object; an unknown (preview) as a sentinel string, which the
// operations already understand (extensions/values.ts UNKNOWN), so it passes through untouched.

import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";

/** The key and value that mark an envelope (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface Unwrapped {
    /** The properties with every secret envelope replaced by its value. */
    value: Record<string, unknown>;
    /** Dotted paths of the secret values (`endpointConfiguration.targetUrl`), for redaction. */
    secretPaths: string[];
    /** Top-level properties that held a secret anywhere: their outputs are secret too. */
    secretKeys: Set<string>;
}

/** Sets an own property, so that a `__proto__` key stays a property and never becomes the object's prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The plain value of a Struct, secrets unwrapped, walked without recursion (a value of any depth reaches
 * check, which refuses it with its path: extensions/bounds.ts) and with own properties only.
 */
function unwrapStruct(root: Struct): Unwrapped {
    const secretPaths: string[] = [];
    const out: Record<string, unknown> = {};
    const jobs: { value: Value | undefined; path: string; set: (v: unknown) => void }[] = [];
    const fieldsOf = (s: Struct, target: Record<string, unknown>, path: string) => {
        const entries: [string, Value][] = [];
        s.getFieldsMap().forEach((v, k) => entries.push([k, v]));
        // Last in, first out: pushed in reverse, the keys are set in their order.
        for (const [k, v] of entries.reverse()) jobs.push({ value: v, path: path ? `${path}.${k}` : k, set: (x) => define(target, k, x) });
    };
    fieldsOf(root, out, "");
    while (jobs.length) {
        const { value, path, set } = jobs.pop()!;
        const K = Value.KindCase;
        switch (value?.getKindCase()) {
            case K.NUMBER_VALUE:
                set(value.getNumberValue());
                break;
            case K.STRING_VALUE:
                set(value.getStringValue());
                break;
            case K.BOOL_VALUE:
                set(value.getBoolValue());
                break;
            case K.STRUCT_VALUE: {
                const struct = value.getStructValue()!;
                const sig = struct.getFieldsMap().get(SIG_KEY);
                if (sig?.getKindCase() === K.STRING_VALUE && sig.getStringValue() === SECRET_SIG) {
                    secretPaths.push(path);
                    jobs.push({ value: struct.getFieldsMap().get("value"), path, set });
                } else {
                    const o: Record<string, unknown> = {};
                    set(o);
                    fieldsOf(struct, o, path);
                }
                break;
            }
            case K.LIST_VALUE: {
                const items = value.getListValue()!.getValuesList();
                const list: unknown[] = new Array(items.length);
                set(list);
                for (let i = items.length - 1; i >= 0; i--) jobs.push({ value: items[i], path: `${path}.${i}`, set: (x) => (list[i] = x) });
                break;
            }
            default:
                set(null);
        }
    }
    return { value: out, secretPaths: secretPaths.sort(), secretKeys: new Set(secretPaths.map((p) => p.split(".")[0])) };
}

/** The JS value of a Struct (absent: empty), secrets unwrapped. */
export function fromStruct(s: Struct | undefined): Unwrapped {
    return s ? unwrapStruct(s) : { value: {}, secretPaths: [], secretKeys: new Set() };
}

/** A Struct of these properties; those named in `secret` wrapped as secrets; undefined values left out. */
export function toStruct(value: Record<string, unknown>, secret: Set<string> = new Set()): Struct {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        const plain = JSON.parse(JSON.stringify(v));
        out[k] = secret.has(k) ? { [SIG_KEY]: SECRET_SIG, value: plain } : plain;
    }
    return Struct.fromJavaScript(out);
}
