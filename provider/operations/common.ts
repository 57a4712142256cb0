// What every operation uses: how it names an object in messages, the Graph client as a family speaks to it, an
// object's URL, and the whole outputs of an object Graph answered with.

import { Canonical, Family, GraphBody, serverOutputs } from "../families/family";
import { containsUnknown, shown, shownName } from "../families/values";
import type { GraphClient } from "../graph/client";
import type { OperationContext } from "./context";
import { redact } from "./secrets";

/** `custom task extension "Onboarding" (id)`, secrets as [secret]. */
export function describe(f: Family, c: Canonical, id: string | undefined, secrets: string[]): string {
    const label = f.label && !containsUnknown(c) ? ` ${shownName(f.label(c))}` : "";
    const name = typeof c.displayName === "string" && !containsUnknown(c.displayName) ? ` ${shown(c.displayName)}` : label;
    return redact(`${f.title}${name}${id ? ` (${shownName(id)})` : ""}`, secrets);
}

/** The Graph client as this family speaks to it (its headers on every request). */
export const graphOf = (ctx: OperationContext, f: Family): GraphClient => ctx.graph().withHeaders(f.headers);

export function itemPath(ctx: OperationContext, f: Family, c: Canonical, id: string): string {
    return `${f.collectionPath(c, ctx.graph().settings.version)}/${encodeURIComponent(id)}`;
}

/** Every output of an object: its canonical fields, what Graph sets (`body`), what the fields derive from it. */
export function outputsOf(f: Family, c: Canonical, body: GraphBody): Record<string, unknown> {
    const outs: Record<string, unknown> = { ...c };
    for (const k of serverOutputs(f)) if (body[k] !== undefined && body[k] !== null) outs[k] = body[k];
    for (const field of f.fields) for (const [k, v] of Object.entries(field.derivedOutputs?.(body) ?? {})) if (v !== undefined) outs[k] = v;
    return outs;
}
