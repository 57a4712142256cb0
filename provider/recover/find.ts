// What a pending create made, looked for the way a create looks (operations/ownership.ts) with the inputs the
// checkpoint recorded, not today's program: objects already there like it, stood for by no resource of the stack.

import { fromGraph } from "../families/canonical";
import { fromState } from "../operations/stateForm";
import type { Family, GraphBody } from "../families/family";
import type { GraphClient } from "../graph/client";
import { adoptRequest, differences, sameNamed } from "../operations/adoption";
import { alreadyThere } from "../operations/ownership";

export interface Found {
    id: string;
    body: GraphBody;
}

/**
 * The objects that may be what the pending create made: one is the answer, none means its create never reached
 * Graph (or the object is gone), several are listed and never guessed between. `held`: ids the stack's resources hold.
 */
export async function findMade(graph: GraphClient, f: Family, inputs: Record<string, unknown>, held: Set<string>): Promise<Found[]> {
    const c = fromState(f, inputs);
    const client = graph.withHeaders(f.headers);
    const collection = f.collectionPath(c, graph.settings.version);
    const adopt = adoptRequest(inputs);
    const one = async (id: string, operation: string) => {
        const body = await client.getIfPresent(`${collection}/${encodeURIComponent(id)}`, operation, f.readQuery);
        return body ? [{ id, body: { ...body, id: body.id ?? id } }] : [];
    };
    // An adoption that was interrupted names its object; a part of another object (a policy's stages) is that object,
    // and it is what the create made when it holds the stages the create wrote.
    if (adopt?.id) return held.has(adopt.id) ? [] : one(adopt.id, `looking for ${adopt.id} to recover`);
    if (f.partOf) {
        const id = String(c[f.partOf.idField]);
        const found = held.has(id) ? [] : await one(id, `reading ${id} to recover its ${f.title}`);
        return found.filter((x) => differences(f, fromGraph(f, x.body, c), c).length === 0);
    }
    const like = alreadyThere(f, c, await sameNamed(client, f, c, collection, `looking for ${f.title}s to recover`, held));
    return like.filter((o) => !held.has(String(o.id))).map((o) => ({ id: String(o.id), body: o }));
}
