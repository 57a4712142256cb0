// What the state holds of a resource: nothing twice, nothing the class can give back. The engine writes the
// whole state after every step of a run, so each byte per resource is paid N times per resource. Left out by
// the provider (the dynamic provider's state only: a schema-based SDK has no class to give them back):
// outputs equal to what the state holds already, and in inputs and outputs alike a field's default and the
// longer form of a value (a token's `type`, which its resourceId implies). `pickFields` gives them back to
// the operations, the resource class (classes.ts) to programs. No @pulumi/pulumi here: the provider imports this too.

import type { Canonical, Family, GraphBody } from "../extensions/family";
import { containsUnknown, deepEqual } from "../extensions/values";

/** A server output left out when it equals another: an object never modified since its creation. */
export const SAME_AS: Record<string, string> = { lastModifiedDateTime: "createdDateTime" };

/**
 * The outputs a field derives (`endpointUrl`) as its canonical value alone gives them: the `targetUrl` of an
 * API, the `url` of a Logic App when the program set it. Undefined where Graph alone knows (a Logic App's
 * `url` Graph filled).
 */
export function derivedFrom(f: Family, fieldName: string, value: unknown, c: Canonical = {}): Record<string, unknown> {
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

/** The fields of `bag` as the state holds them: defaults left out, each value in its state form. */
export function leanFields(f: Family, bag: Record<string, unknown>): Record<string, unknown> {
    const lean = { ...bag };
    for (const field of f.fields) {
        const v = lean[field.name];
        if (v === undefined || v === null || containsUnknown(v)) continue;
        if (field.defaultValue !== undefined && deepEqual(v, field.defaultValue)) delete lean[field.name];
        else if (field.stateForm) lean[field.name] = field.stateForm(v);
    }
    return lean;
}

/** `outs` without what it holds twice or what the class gives back (`c`: the canonical form they come from). */
export function lean(f: Family, c: Canonical, outs: Record<string, unknown>): Record<string, unknown> {
    const lean = leanFields(f, outs);
    for (const [k, same] of Object.entries(SAME_AS)) if (lean[k] !== undefined && lean[k] === lean[same]) delete lean[k];
    for (const [k, fieldName] of Object.entries(derivingFields(f)))
        if (lean[k] !== undefined && derivedFrom(f, fieldName, c[fieldName], c)[k] === lean[k]) delete lean[k];
    return lean;
}
