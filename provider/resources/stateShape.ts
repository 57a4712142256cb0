// What the state holds of a resource's outputs: nothing twice. The engine writes the whole state after every
// step of a run, so each byte per resource is paid N times per resource. Outputs equal to what the state
// holds already are left out by the provider and given back by the resource class (classes.ts), so
// programs read them as before. No @pulumi/pulumi here: the provider imports this too.

import type { Canonical, Family, GraphBody } from "../extensions/family";

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

/** `outs` with what `lean` left out given back, for a consumer without the resource classes (the native plugin). */
export function full(f: Family, outs: Record<string, unknown>): Record<string, unknown> {
    const out = { ...outs };
    for (const [k, same] of Object.entries(SAME_AS)) if (out[k] === undefined && out[same] !== undefined) out[k] = out[same];
    for (const [k, fieldName] of Object.entries(derivingFields(f)))
        if (out[k] === undefined) {
            const v = derivedFrom(f, fieldName, out[fieldName], out)[k];
            if (v !== undefined) out[k] = v;
        }
    return out;
}

/** `outs` without what it holds twice. */
export function lean(f: Family, c: Canonical, outs: Record<string, unknown>): Record<string, unknown> {
    const lean = { ...outs };
    for (const [k, same] of Object.entries(SAME_AS)) if (lean[k] !== undefined && lean[k] === lean[same]) delete lean[k];
    for (const [k, fieldName] of Object.entries(derivingFields(f)))
        if (lean[k] !== undefined && derivedFrom(f, fieldName, c[fieldName], c)[k] === lean[k]) delete lean[k];
    return lean;
}
