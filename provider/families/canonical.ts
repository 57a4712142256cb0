// The one canonical form per family, and the three ways into and out of it: user input,
// Graph JSON in, Graph JSON out. check, diff, create, read and update all go through here.

import { Canonical, Family, GraphBody } from "./family";
import { MAX_JSON_BYTES, shapeProblem } from "./bounds";
import { CheckFailure, UNKNOWN, containsUnknown, joinPath, own, pathTo, shown } from "./values";
import { plural } from "../text";

/** Validates and canonicalizes inputs. Unknown values (preview) pass through unchecked. */
export function fromInputs(
    f: Family,
    raw: Record<string, unknown>,
): { canonical: Canonical; failures: CheckFailure[]; warnings: string[] } {
    const failures: CheckFailure[] = [];
    const canonical: Canonical = {};
    const known = new Set(f.fields.map((x) => x.name));
    // Depth and size first, for every property (bookkeeping ones too): no rule walks a value past the bounds.
    const unfit = new Set<string>();
    let total = 0;
    for (const [key, value] of Object.entries(raw)) {
        const problem = shapeProblem(value, pathTo("", key));
        if (problem) {
            unfit.add(key);
            failures.push({ property: problem.path, reason: problem.reason });
        } else total += JSON.stringify(value ?? null).length;
    }
    if (total > MAX_JSON_BYTES && !unfit.size) {
        const [largest] = Object.keys(raw).sort((a, b) => JSON.stringify(raw[b] ?? null).length - JSON.stringify(raw[a] ?? null).length);
        failures.push({
            property: pathTo("", largest),
            reason:
                `with the other properties makes more than ${MAX_JSON_BYTES} bytes as JSON, ` +
                "more than Graph takes in a write request (4 MB)",
        });
        return { canonical, failures, warnings: [] };
    }
    const strangers = Object.keys(raw).filter(
        (key) => !known.has(key) && !key.startsWith("__") && raw[key] !== undefined && !unfit.has(key),
    );
    for (const key of strangers.slice(0, MAX_PROBLEMS_SHOWN))
        failures.push({ property: pathTo("", key), reason: `is not a property of a ${f.title}; known: ${[...known].join(", ")}` });
    if (strangers.length > MAX_PROBLEMS_SHOWN)
        failures.push({
            property: pathTo("", strangers[MAX_PROBLEMS_SHOWN]),
            reason: `and ${strangers.length - MAX_PROBLEMS_SHOWN} more properties that are not a ${f.title}'s`,
        });
    for (const field of f.fields) {
        if (unfit.has(field.name)) continue;
        const value = own(raw, field.name);
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
        let refused = 0;
        const v = field.fromInput(value, (reason, sub) => {
            const subject = sub ? valueAt(value, sub) : value;
            if (containsUnknown(subject)) skipped = true;
            else if (++refused <= MAX_PROBLEMS_SHOWN)
                failures.push({ property: joinPath(field.name, sub), reason: withValue(reason, subject) });
        });
        if (refused > MAX_PROBLEMS_SHOWN) failures.push(moreProblems(field.name, refused - MAX_PROBLEMS_SHOWN));
        // Canonical form where every rule could be judged; else the value as given, unknowns and all. A
        // refused value is left out, so that warnings and cross-field rules judge only what passed.
        if (skipped && !refused) canonical[field.name] = value;
        else if (!refused && v !== undefined) canonical[field.name] = v;
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

/** Problems shown per property: a list of thousands of bad items is a few lines and a count, not thousands of lines. */
export const MAX_PROBLEMS_SHOWN = 10;

const moreProblems = (property: string, more: number): CheckFailure => ({
    property,
    reason: `and ${plural(more, "more problem")} in its values (the first ${MAX_PROBLEMS_SHOWN} are shown)`,
});

/** At most MAX_PROBLEMS_SHOWN failures per top-level property, the rest counted in one more line. */
export function capped(failures: CheckFailure[]): CheckFailure[] {
    const shownPer = new Map<string, number>();
    const out: CheckFailure[] = [];
    for (const x of failures) {
        const top = /^(?:\[[^\]]*\]|[^.[]+)/.exec(x.property)?.[0] ?? x.property;
        const n = (shownPer.get(top) ?? 0) + 1;
        shownPer.set(top, n);
        if (n <= MAX_PROBLEMS_SHOWN) out.push(x);
    }
    for (const [top, n] of shownPer) if (n > MAX_PROBLEMS_SHOWN) out.push(moreProblems(top, n - MAX_PROBLEMS_SHOWN));
    return out;
}

/** A reason carries the offending value, in the user's own terms (JSON, cut short), unless it already shows it. */
function withValue(reason: string, value: unknown): string {
    if (value === undefined || /\bgot\b/.test(reason)) return reason;
    return `${reason} (got ${shown(value)})`;
}

/**
 * The value at `sub` (`timeoutDuration`, `[2]`, `authorizedApps[0]`, `["odd key"]`) inside a field's value,
 * by own properties only; undefined where the path cannot be followed (a key shown cut short).
 */
function valueAt(value: unknown, sub: string): unknown {
    const steps = sub.match(/\[\d+\]|\["(?:[^"\\]|\\.)*"\]|[^.[\]]+/g) ?? [];
    let at: unknown = value;
    for (const step of steps) {
        if (at === null || typeof at !== "object") return undefined;
        let key: string;
        if (/^\[\d+\]$/.test(step)) key = step.slice(1, -1);
        else if (step.startsWith("[")) {
            try {
                key = JSON.parse(step.slice(1, -1));
            } catch {
                return undefined;
            }
        } else key = step;
        at = own(at as Record<string, unknown>, key);
    }
    return at;
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
