// update, and how any write reaches Graph with the fewest requests the family's shape allows: the update body, a new
// version, a navigation's items one request each, or a read-merge-PUT of the object a part belongs to.

import { Canonical, Family, GraphBody, NavigationSet, sameFieldValue, setChange, updateThrough } from "../families/family";
import { family } from "../families";
import { fromGraph, toGraph } from "../families/canonical";
import type { GraphClient } from "../graph/client";
import { GraphRequestError } from "../graph/errors";
import { describe, graphOf, itemPath, outputsOf } from "./common";
import type { OperationContext } from "./context";
import type { UpdateRequest, Written } from "./requests";
import { guarded, secretsAt } from "./secrets";
import { fromState } from "./stateForm";

export async function update(ctx: OperationContext, familyName: string, req: UpdateRequest): Promise<Omit<Written, "id">> {
    const secrets = secretsAt(req.news, req.secretPaths);
    return guarded(ctx.secrets, secrets, async () => {
        const f = family(familyName);
        ctx.shown.add(req.id);
        ctx.standing.add(req.id);
        return { outputs: await writeUpdate(ctx, f, req.id, fromState(f, req.olds), fromState(f, req.news), secrets) };
    });
}

/**
 * Brings the object from `before` to `c` with the fewest requests the family's shape allows: one PATCH or
 * PUT of the body fields (fields held before and absent now are cleared), or one new version when a field
 * that only a new version changes did (the body fields travel in it); then one request per item added to or
 * removed from a navigation set. A part of another object is written by read-merge-PUT.
 */
export async function writeUpdate(
    ctx: OperationContext,
    f: Family,
    id: string,
    before: Canonical,
    c: Canonical,
    secrets: string[],
): Promise<Record<string, unknown>> {
    const what = `updating ${describe(f, c, id, secrets)}`;
    if (f.partOf) return writePart(ctx, f, id, c, what);
    const graph = graphOf(ctx, f);
    const item = itemPath(ctx, f, c, id);
    const changed = f.fields.filter((x) => !sameFieldValue(x, before[x.name], c[x.name]));
    const through = (kind: "body" | "newVersion") => f.fields.filter((x) => updateThrough(x) === kind).map((x) => x.name);
    let answer: GraphBody | undefined;
    if (f.newVersion && changed.some((x) => updateThrough(x) === "newVersion")) {
        const workflow = toGraph(f, c, { withType: false, only: [...through("body"), ...through("newVersion")] });
        answer = await graph.post(`${item}/${f.newVersion.action}`, { [f.newVersion.parameter]: workflow }, `${what} (new version)`);
    } else if (changed.some((x) => updateThrough(x) === "body")) {
        // A PUT replaces the object, so it carries every body field; a PATCH carries what changed.
        const body = toGraph(f, c, {
            withType: f.typeOnUpdate,
            only: f.updateVerb === "PUT" ? through("body") : changed.filter((x) => updateThrough(x) === "body").map((x) => x.name),
            clear: f.fields.filter((x) => before[x.name] !== undefined && c[x.name] === undefined).map((x) => x.name),
        });
        answer = f.updateVerb === "PUT" ? await graph.put(item, body, what) : await graph.patch(item, body, what);
    }
    for (const field of changed) {
        const nav = updateThrough(field);
        if (typeof nav === "object") await writeNavigation(graph, item, nav, before[field.name], c[field.name], what);
    }
    if (answer?.id) return outputsOf(f, fromGraph(f, answer, c), answer);
    // Only navigation requests: what they set is known, and nothing else changed.
    if (!changed.some((x) => typeof updateThrough(x) !== "object")) return outputsOf(f, c, {});
    // PATCH answers 204 with no body: read the object back for the server-set fields.
    const result: GraphBody = await graph.get(item, `reading back ${describe(f, c, id, secrets)} after the update`, f.readQuery);
    return outputsOf(f, fromGraph(f, result, c), result);
}

/** One POST per item added to a navigation set, one DELETE per item removed. */
async function writeNavigation(graph: GraphClient, item: string, nav: NavigationSet, before: unknown, after: unknown, what: string) {
    const { added, removed } = setChange(nav, before, after);
    const items = nav.items(after);
    for (const [key, i] of added) await graph.post(`${item}/${nav.path}`, nav.body(items[i]), `${what}: adding ${key}`);
    for (const [key] of removed) {
        try {
            await graph.delete(`${item}/${nav.path}/${encodeURIComponent(key)}`, `${what}: removing ${key}`);
        } catch (e) {
            if (!(e instanceof GraphRequestError && e.status === 404)) throw e; // already gone: the goal is reached
        }
    }
}

/**
 * A part of another object (a policy's stages), written the only way Graph allows: read the whole object,
 * set this family's fields, PUT it back with everything else as read. `guard` may refuse what the object holds.
 */
export async function writePart(
    ctx: OperationContext,
    f: Family,
    id: string,
    c: Canonical,
    what: string,
    guard?: (held: Canonical) => void,
): Promise<Record<string, unknown>> {
    const graph = graphOf(ctx, f);
    const item = itemPath(ctx, f, c, id);
    const read = await graph.getIfPresent(item, `${what}: reading the ${f.collection.name} object`, f.readQuery);
    if (!read)
        throw new GraphRequestError(
            what,
            404,
            "ResourceNotFound",
            `Graph has no object ${id} (${f.collection.name}) to write to`,
            undefined,
        );
    guard?.(fromGraph(f, read, c));
    const body = { ...f.partOf!.putBody(read), ...toGraph(f, c, { withType: false }) };
    await graph.put(item, body, what);
    // The PUT's answer need not expand what was written: what was sent is what Graph holds.
    return outputsOf(f, c, read);
}
