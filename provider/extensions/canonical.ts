// The one canonical form per family, and the three ways into and out of it: user input,
// Graph JSON in, Graph JSON out. check, diff, create, read and update all go through here.

import { Canonical, Family, GraphBody } from "./family";
import { CheckFailure, UNKNOWN, compact, containsUnknown } from "./values";

/** Validates and canonicalizes inputs. Unknown values (preview) pass through unchecked. */
export function fromInputs(
    f: Family,
    raw: Record<string, unknown>,
): { canonical: Canonical; failures: CheckFailure[]; warnings: string[] } {
    const failures: CheckFailure[] = [];
    const canonical: Canonical = {};
    const known = new Set(f.fields.map((x) => x.name));
    for (const key of Object.keys(raw)) {
        if (!known.has(key) && !key.startsWith("__") && raw[key] !== undefined)
            failures.push({ property: key, reason: `is not a property of a ${f.title}; known: ${[...known].join(", ")}` });
    }
    for (const field of f.fields) {
        const value = raw[field.name];
        if (value === undefined || value === null) {
            if (field.defaultValue !== undefined) canonical[field.name] = field.defaultValue;
            else if (field.required) failures.push({ property: field.name, reason: "is required" });
            continue;
        }
        if (value === UNKNOWN) {
            canonical[field.name] = value;
            continue;
        }
        // A value with unknown parts (an extension's id made in the same run) is still checked where it is
        // known; a rule about an unknown part is left for `up`, when check runs again on known values.
        let skipped = false;
        const v = field.fromInput(value, (reason, sub) => {
            const subject = sub ? valueAt(value, sub) : value;
            if (containsUnknown(subject)) skipped = true;
            else
                failures.push({
                    property: sub ? `${field.name}${sub.startsWith("[") ? "" : "."}${sub}` : field.name,
                    reason: withValue(reason, subject),
                });
        });
        // Canonical form where every rule could be judged; else the value as given, unknowns and all.
        if (skipped) canonical[field.name] = value;
        else if (v !== undefined) canonical[field.name] = v;
    }
    // Cross-field rules see only the fields that passed, so every problem is reported in one preview.
    if (f.crossRules) failures.push(...f.crossRules(canonical));
    const warnings: string[] = [];
    for (const field of f.fields) {
        const v = canonical[field.name];
        if (field.warnings && v !== undefined && !containsUnknown(v)) warnings.push(...field.warnings(v, canonical));
    }
    warnings.push(...(f.crossWarnings?.(canonical) ?? []));
    return { canonical, failures, warnings };
}

/** A reason carries the offending value, in the user's own terms, unless it already shows it. */
function withValue(reason: string, value: unknown): string {
    if (value === undefined || /\bgot\b/.test(reason)) return reason;
    return `${reason} (got ${JSON.stringify(value)})`;
}

/** The value at `sub` ("timeoutDuration", "[2]", "authorizedApps[0]") inside a field's value. */
function valueAt(value: unknown, sub: string): unknown {
    const keys = sub.match(/[^.[\]]+/g) ?? [];
    return keys.reduce<any>((o, k) => (o == null || typeof o !== "object" ? undefined : o[k]), value);
}

/** Canonical form of what Graph returned; `previous` supplies what Graph does not echo (catalogId, a set url). */
export function fromGraph(f: Family, body: GraphBody, previous: Canonical = {}): Canonical {
    const out: Canonical = {};
    for (const field of f.fields) {
        const v = field.fromGraph(body, previous[field.name]);
        if (v !== undefined) out[field.name] = v;
    }
    return out;
}

/**
 * The Graph body for a canonical form: the object itself, never wrapped in `value`.
 * `clear` lists fields held before and absent now: a PATCH must send them as null to clear them.
 * `only` limits the body to these fields (an update body leaves out what a navigation or a new version carries).
 */
export function toGraph(f: Family, c: Canonical, opts: { withType: boolean; clear?: string[]; only?: string[] }): GraphBody {
    const body: GraphBody = {};
    if (opts.withType) body["@odata.type"] = f.odataType(c);
    for (const field of f.fields) {
        if (!field.graphKey || !field.toGraph || (opts.only && !opts.only.includes(field.name))) continue;
        if (c[field.name] !== undefined) body[field.graphKey] = field.toGraph(c[field.name], c);
        else if (opts.clear?.includes(field.name)) body[field.graphKey] = field.toGraph(undefined, c);
    }
    return body;
}

/** Only the fields of the family, from a bag that may hold outputs and `__provider`. */
export function pickFields(f: Family, bag: Record<string, unknown> | undefined): Canonical {
    const out: Canonical = {};
    if (!bag || !f.fields.some((x) => bag[x.name] !== undefined)) return out;
    // The state leaves out defaults and holds the state form of a value (stateShape.ts): both come back here.
    for (const field of f.fields) {
        const v = bag[field.name];
        if (v === undefined) out[field.name] = field.defaultValue;
        else if (field.stateForm && v !== null && !containsUnknown(v)) out[field.name] = field.fromInput(v, () => undefined) ?? v;
        else out[field.name] = v;
    }
    return compact(out);
}
