// What a pending create made, looked for the way a create looks (operations/ownership.ts) with the inputs the
// checkpoint recorded, not today's program: objects already there like it, stood for by no resource of the stack.

import { fromGraph } from "../families/canonical";
import { fromState } from "../operations/stateForm";
import { titles, type Family, type GraphBody } from "../families/family";
import type { GraphClient } from "../graph/client";
import { adoptRequest, differences, sameNamed } from "../operations/adoption";
import { alreadyThere, UNKNOWN_CLOCK_SLACK_MS } from "../operations/ownership";

export interface Found {
    id: string;
    body: GraphBody;
    /** Set when nothing but likeness says it is the create's (Graph gives no time for the family): said in the plan. */
    unproven?: string;
}

/** What the look-up found: the candidates, and the objects like the create's passed over, with why. */
export interface Findings {
    found: Found[];
    passedOver: { body: GraphBody; why: string }[];
}

/**
 * The objects that may be what the pending create made: one is the answer, none means its create never reached
 * Graph (or the object is gone), several are listed and never guessed between. `held`: ids the stack's resources
 * hold. `since`: when the interrupted run began at the latest (checkpoint.ts, runBeganAfter); an object like the
 * create's made before that is another's and is passed over, named. Where Graph gives no time (an authentication
 * extension, a listener, a role assignment), likeness is all there is: the candidate is marked unproven, and the
 * plan asks the user to check it, as an import would.
 */
export async function findMade(
    graph: GraphClient,
    f: Family,
    inputs: Record<string, unknown>,
    held: Set<string>,
    since: number | undefined,
): Promise<Findings> {
    const c = fromState(f, inputs);
    const client = graph.withHeaders(f.headers);
    const collection = f.collectionPath(c, graph.settings.version);
    const adopt = adoptRequest(inputs);
    // One object by id, unless a resource of the stack holds it.
    const one = async (id: string, operation: string) => {
        if (held.has(id)) return [];
        const body = await client.getIfPresent(`${collection}/${encodeURIComponent(id)}`, operation, f.readQuery);
        return body ? [{ id, body: { ...body, id: body.id ?? id } }] : [];
    };
    // An adoption that was interrupted names its object: the program asked for it.
    if (adopt?.id) return { found: await one(adopt.id, `looking for ${adopt.id} to recover`), passedOver: [] };
    // A part of another object (a policy's stages) is that object, when it holds the stages the create wrote.
    const ownerId = f.partOf ? String(c[f.partOf.idField]) : undefined;
    const like =
        ownerId !== undefined
            ? (await one(ownerId, `reading ${ownerId} to recover its ${f.title}`))
                  .map((x) => x.body)
                  .filter((body) => differences(f, fromGraph(f, body, c), c).length === 0)
            : alreadyThere(f, c, await sameNamed(client, f, c, collection, `looking for ${f.title}s to recover`, held));
    const findings: Findings = { found: [], passedOver: [] };
    for (const o of like.filter((x) => !held.has(String(x.id)))) {
        const when = byTime(f, o, since);
        if ("before" in when) findings.passedOver.push({ body: o, why: when.before });
        else findings.found.push({ id: String(o.id), body: o, ...(when.unproven ? { unproven: when.unproven } : {}) });
    }
    return findings;
}

/**
 * What the time Graph gives says of an object like the create's: made `before` the interrupted run began (not its),
 * or nothing (`unproven`: a family Graph gives no time for, or a checkpoint that does not say when the run began).
 */
function byTime(f: Family, o: GraphBody, since: number | undefined): { before: string } | { unproven?: string } {
    // A part is written into its object: the object's last change is when.
    const stamp = f.partOf ? (o.modifiedDateTime ?? o.createdDateTime) : o.createdDateTime;
    const at = typeof stamp === "string" ? Date.parse(stamp) : NaN;
    if (!Number.isFinite(at)) return { unproven: `Graph gives no creation time for ${titles(f)}` };
    if (since === undefined) return { unproven: "the checkpoint does not say when the interrupted run began" };
    // The clocks of Graph and of the machine that ran pulumi may differ: by as much as Microsoft's identity platform tolerates.
    if (at < since - UNKNOWN_CLOCK_SLACK_MS)
        return {
            before: `${f.partOf ? "written" : "made"} ${stamp}, before the interrupted run began (after ${new Date(since).toISOString()})`,
        };
    return {};
}
