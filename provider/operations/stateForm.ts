// What the state holds of a resource, both ways: nothing twice, nothing that can be given back. The engine writes the
// whole state after every step of a run, so each byte per resource is paid N times per resource.
// - Into the state (`toState`: the dynamic provider's state only; a schema-based SDK has no class to give values back):
//   outputs equal to what the state holds already (an object never modified: lastModifiedDateTime), outputs a field
//   derives from its own value (an API's endpointUrl), and, in inputs and outputs alike, a field's default and the
//   longer form of a value (a token's `type`, which its resourceId implies).
// - Out of the state: `fromState` gives the operations the canonical fields back; `restoredOutput` gives a program
//   what its resource class reads (classes.ts applies it to each output).
// No @pulumi/pulumi here: the provider and the classes both import it.

import type { Canonical, Family, Field, GraphBody } from "../families/family";
import { compact, containsUnknown, deepEqual } from "../families/values";

/** A server output left out when it equals another: an object never modified since its creation. */
const SAME_AS: Record<string, string> = { lastModifiedDateTime: "createdDateTime" };

/**
 * The outputs a field derives (`endpointUrl`) as its canonical value alone gives them: the `targetUrl` of an
 * API, the `url` of a Logic App when the program set it. Undefined where Graph alone knows (a Logic App's
 * `url` Graph filled).
 */
function derivedFrom(f: Family, fieldName: string, value: unknown, c: Canonical = {}): Record<string, unknown> {
    const field = f.fields.find((x) => x.name === fieldName);
    if (!field?.derivedOutputs || !field.graphKey || value === undefined || value === null) return {};
    const body: GraphBody = { [field.graphKey]: field.toGraph ? field.toGraph(value, c) : value };
    return field.derivedOutputs(body);
}

/** The fields that derive outputs, by output name. */
export function derivingFields(f: Family): Record<string, string> {
    const out: Record<string, string> = {};
    for (const field of f.fields) for (const k of Object.keys(field.derivedOutputs?.({}) ?? {})) out[k] = field.name;
    return out;
}

/** The whole canonical value of a field as the state holds it: its default when left out, its whole form. */
function wholeValue(field: Field, v: unknown): unknown {
    if (v === undefined) return field.defaultValue;
    if (field.stateForm && v !== null && !containsUnknown(v)) return field.fromInput(v, () => undefined) ?? v;
    return v;
}

/** The family's canonical fields, from what the state holds (inputs or outputs, with `__provider` and the rest). */
export function fromState(f: Family, bag: Record<string, unknown> | undefined): Canonical {
    const out: Canonical = {};
    if (!bag || !f.fields.some((x) => bag[x.name] !== undefined)) return out;
    for (const field of f.fields) out[field.name] = wholeValue(field, bag[field.name]);
    return compact(out);
}

/** The fields of `bag` as the state holds them: defaults left out, each value in its state form. */
export function fieldsToState(f: Family, bag: Record<string, unknown>): Record<string, unknown> {
    const lean = { ...bag };
    for (const field of f.fields) {
        const v = lean[field.name];
        if (v === undefined || v === null || containsUnknown(v)) continue;
        if (field.defaultValue !== undefined && deepEqual(v, field.defaultValue)) delete lean[field.name];
        else if (field.stateForm) lean[field.name] = field.stateForm(v);
    }
    return lean;
}

/** Whole outputs as the state holds them (`c`: the canonical form they come from). */
export function toState(f: Family, c: Canonical, outputs: Record<string, unknown>): Record<string, unknown> {
    const lean = fieldsToState(f, outputs);
    for (const [k, same] of Object.entries(SAME_AS)) if (lean[k] !== undefined && lean[k] === lean[same]) delete lean[k];
    for (const [k, fieldName] of Object.entries(derivingFields(f)))
        if (lean[k] !== undefined && derivedFrom(f, fieldName, c[fieldName], c)[k] === lean[k]) delete lean[k];
    return lean;
}

/**
 * An output as the program reads it, from what the state holds of it (`held`) and of the output it may be given back
 * from (`from`: another output, or the field it derives from); `undefined` when nothing gives it back.
 */
export function restoredOutput(f: Family, name: string, held: unknown, from?: unknown): unknown {
    const field = f.fields.find((x) => x.name === name);
    if (field) return wholeValue(field, held);
    if (held !== undefined) return held;
    if (Object.hasOwn(SAME_AS, name)) return from;
    const deriving = derivingFields(f)[name];
    return deriving ? derivedFrom(f, deriving, from)[name] : undefined;
}

/** The output or field an output is given back from (`restoredOutput`'s `from`), when the state may leave it out. */
export function restoredFrom(f: Family, name: string): string | undefined {
    return Object.hasOwn(SAME_AS, name) ? SAME_AS[name] : derivingFields(f)[name];
}
