// Pulumi's property values on the wire (google.protobuf.Struct) and the plain JS the operations take.
// A secret travels as an envelope object; an unknown (preview) as a sentinel string, which the
// operations already understand (extensions/values.ts UNKNOWN), so it passes through untouched.

import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The key and value that mark an envelope (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const isSecret = (v: unknown): v is { value: unknown } =>
    typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

export interface Unwrapped {
    /** The properties with every secret envelope replaced by its value. */
    value: Record<string, unknown>;
    /** Dotted paths of the secret values (`endpointConfiguration.targetUrl`), for redaction. */
    secretPaths: string[];
    /** Top-level properties that held a secret anywhere: their outputs are secret too. */
    secretKeys: Set<string>;
}

export function unwrap(value: Record<string, unknown>): Unwrapped {
    const secretPaths: string[] = [];
    const walk = (v: unknown, path: string): unknown => {
        if (isSecret(v)) {
            secretPaths.push(path);
            return walk(v.value, path);
        }
        if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}.${i}`));
        if (v && typeof v === "object") {
            const out: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v)) out[k] = walk(x, path ? `${path}.${k}` : k);
            return out;
        }
        return v;
    };
    const plain = walk(value, "") as Record<string, unknown>;
    return { value: plain, secretPaths: secretPaths.sort(), secretKeys: new Set(secretPaths.map((p) => p.split(".")[0])) };
}

/** The JS value of a Struct (absent: empty), secrets unwrapped. */
export function fromStruct(s: Struct | undefined): Unwrapped {
    return unwrap((s?.toJavaScript() ?? {}) as Record<string, unknown>);
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
