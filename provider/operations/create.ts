// create: an object made with one POST, or one the program adopts, or one this stack provably owns already (a lost
// answer's, a renamed resource's: ownership.ts); anything else already there stops it before any write.

import { Canonical, Family, GraphBody } from "../families/family";
import { family } from "../families";
import { fromGraph, toGraph } from "../families/canonical";
import { GraphRequestError } from "../graph/errors";
import { differences, sameNamed, unchangeable } from "./adoption";
import { describe, graphOf, itemPath, outputsOf } from "./common";
import { readUntil, sleep } from "../graph/replication";
import type { OperationContext } from "./context";
import {
    afterLostAnswer,
    decide,
    holdsPart,
    LOST_ANSWER_SLACK_MS,
    partStopMessage,
    stopLead,
    stopMessage,
    UNKNOWN_CLOCK_SLACK_MS,
} from "./ownership";
import type { CreateRequest, Written } from "./requests";
import { guarded, redact, secretsAt } from "./secrets";
import { fromState } from "./stateForm";
import { writePart, writeUpdate } from "./write";

export async function create(ctx: OperationContext, familyName: string, req: CreateRequest): Promise<Written> {
    const secrets = secretsAt(req.inputs, req.secretPaths);
    return guarded(ctx.secrets, secrets, async () => {
        const f = family(familyName);
        const c = fromState(f, req.inputs);
        const path = f.collectionPath(c, ctx.graph().settings.version);
        const what = `creating ${describe(f, c, undefined, secrets)}`;
        if (req.adopt?.id) return adoptExisting(ctx, f, req.adopt.id, c, req.adopt.update === true, secrets);
        if (f.partOf) return createPart(ctx, f, c, secrets, what);
        // What is already there is never taken over unasked unless this stack's own (ownership.ts). The creates of a
        // run look in one listing of the collection, taken at the first (lookups.ts).
        return ctx.listings.around(graphOf(ctx, f), f, c, path, what, ctx.gone, async (candidates, listed) => {
            const decision = decide(ctx, f, c, candidates);
            if (decision.kind === "stop")
                throw new Error(redact(stopMessage(f, c, stopLead(what), decision.objects, decision.standing), secrets));
            if (decision.kind === "takeOver") return takeOver(ctx, f, c, decision.object, what, secrets);
            return postCreate(ctx, f, c, path, what, secrets, listed);
        });
    });
}

/**
 * A create that found this stack's own object, shown by the engine in this run and stood for by no resource of it
 * (the resource renamed without aliases): it stands for it now, brought to the program's settings if they differ.
 * The old resource's delete, later in the run, lets go of it.
 */
async function takeOver(
    ctx: OperationContext,
    f: Family,
    c: Canonical,
    object: GraphBody,
    what: string,
    secrets: string[],
): Promise<Written> {
    const id = String(object.id);
    const held = fromGraph(f, object, c);
    const changes = differences(f, held, c);
    // Changed before the run knows whether the resource that stood for it is still declared (its diff may come
    // later), a takeover could change another resource's object: only an object as the program wants it is taken.
    if (changes.length)
        throw new Error(
            redact(
                `${what} stopped before any write: ${id} is this stack's (another of its resources stood for it: renamed ` +
                    `without aliases?), but differs from the program: ${changes.join("; ")}. Give the renamed resource ` +
                    "`aliases` with its old name, or rename it in one run and change it in the next",
                secrets,
            ),
        );
    ctx.standing.add(id);
    ctx.claimed.set(id, what);
    ctx.takenOver?.add(id);
    ctx.notice(
        `${what}: ${id} is this stack's (another of its resources stood for it, and the program no longer declares it: ` +
            `renamed without aliases?); taken over instead of creating a second`,
    );
    return { id, outputs: outputsOf(f, held, object) };
}

/**
 * The POST of a create. When its answer is lost, a look-up in Graph as it is now decides: the object this POST
 * made is taken (ownership.ts: newer than the POST, not in the listing before it, stood for by nobody); one that
 * nothing shows is this stack's stops the create; nothing found sends the POST again. For a family whose names Graph
 * keeps unique, Graph's conflict is answered with the same stop as an object found in the listing.
 */
async function postCreate(
    ctx: OperationContext,
    f: Family,
    c: Canonical,
    path: string,
    what: string,
    secrets: string[],
    listed: Set<string>,
): Promise<Written> {
    const body = toGraph(f, c, { withType: true });
    const graph = graphOf(ctx, f);
    const lookup = () => sameNamed(graph, f, c, path, `looking for ${describe(f, c, undefined, secrets)} after its create`, ctx.gone);
    const stop = (objects: GraphBody[]) => new Error(redact(stopMessage(f, c, stopLead(what), objects, false), secrets));
    // When the POST that may have stored the object was sent, by Graph's clock when known: each attempt sets it.
    let sentAt = Date.now();
    let slack = UNKNOWN_CLOCK_SLACK_MS;
    const post = async (operation: string) => {
        const serverNow = graph.serverNow();
        sentAt = serverNow ?? Date.now();
        slack = serverNow === undefined ? UNKNOWN_CLOCK_SLACK_MS : LOST_ANSWER_SLACK_MS;
        try {
            return await graph.post(path, body, operation);
        } catch (e) {
            // Graph's conflict on a name it keeps unique: the same stop as an object found in the listing.
            if (e instanceof GraphRequestError && e.status === 409 && f.uniqueNames) {
                const found = (await lookup()).filter((o) => !ctx.standing.has(String(o.id)));
                if (found.length) throw stop(found);
            }
            throw e;
        }
    };
    let created: GraphBody;
    try {
        created = await postWaiting(ctx, f, () => post(what), what);
    } catch (e) {
        const err = e as GraphRequestError;
        if (!(err instanceof GraphRequestError) || !err.outcomeUnknown) throw e;
        ctx.progress(`${what}: ${err.graphMessage}; looking for the object before creating it again`);
        // A replica may not list the object yet: nothing found is proof only after the waits.
        const found = await readUntil(
            async () => afterLostAnswer(ctx, f, c, await lookup(), listed, sentAt, slack),
            (x) => !("none" in x),
            LOST_ANSWER_LOOKUP_WAITS_MS,
        );
        if ("stop" in found) throw stop(found.stop);
        created = "ours" in found ? found.ours : await post(`${what} (again, after: ${err.graphMessage})`);
    }
    ctx.standing.add(String(created.id));
    return { id: String(created.id), outputs: outputsOf(f, fromGraph(f, created, c), created) };
}

/** How long a look-up after a lost answer that found nothing waits, between tries, before the POST is sent again. */
const LOST_ANSWER_LOOKUP_WAITS_MS = [500, 1500];

/**
 * The POST, sent again after the family's waits while Graph refuses it for something just made (`createWaits`): a
 * refusal is not proof that the principal is missing until the waits are over.
 */
async function postWaiting(ctx: OperationContext, f: Family, post: () => Promise<GraphBody>, what: string): Promise<GraphBody> {
    const waits = f.createWaits;
    for (let i = 0; ; i++) {
        try {
            return await post();
        } catch (e) {
            if (!waits || !(e instanceof GraphRequestError) || e.status !== waits.status || i >= waits.waitsMs.length) throw e;
            ctx.progress(
                `${what}: Graph answered ${e.status} (${e.graphMessage}); ${waits.why}: trying again in ${waits.waitsMs[i] / 1000} s`,
            );
            await sleep(waits.waitsMs[i]);
        }
    }
}

/**
 * Create, for a part of another object (a policy's stages): the object is there already, and what it holds of this
 * part is never overwritten unasked. A policy that holds no stage is written; one that holds stages is taken over only
 * when it is this stack's (the engine showed it in this run, and no resource of the run stands for it); else the
 * create stops: adopting it (`import`) is the way to take it over.
 */
async function createPart(ctx: OperationContext, f: Family, c: Canonical, secrets: string[], what: string): Promise<Written> {
    const id = String(c[f.partOf!.idField]);
    if (ctx.standing.has(id)) throw new Error(`${what} refused: another resource of this stack already holds ${id}'s ${f.title}`);
    const mine = ctx.shown.has(id) && !ctx.gone.has(id);
    ctx.standing.add(id);
    const refuseOthers = (held: Canonical) => {
        if (!holdsPart(f, held)) return;
        if (!mine) {
            ctx.standing.delete(id);
            throw new Error(redact(partStopMessage(f, id, stopLead(what), held), secrets));
        }
        ctx.claimed.set(id, what);
        ctx.takenOver?.add(id);
        ctx.notice(`${what}: ${id}'s ${f.title} are this stack's (another of its resources wrote them); taken over`);
    };
    return { id, outputs: await writePart(ctx, f, id, c, what, refuseOthers) };
}

/** Create, for an object the program adopts: nothing is created; a differing object is updated only when asked. */
async function adoptExisting(
    ctx: OperationContext,
    f: Family,
    id: string,
    c: Canonical,
    update: boolean,
    secrets: string[],
): Promise<Written> {
    const what = `adopting ${describe(f, c, id, secrets)}`;
    const body = await graphOf(ctx, f).getIfPresent(itemPath(ctx, f, c, id), what, f.readQuery);
    if (!body) throw new Error(`${what} failed: it is no longer in the tenant`);
    const tenant = fromGraph(f, body, c);
    const changes = differences(f, tenant, c);
    const fixed = unchangeable(f, tenant, c);
    if (fixed.length)
        throw new Error(
            redact(`${what} refused: it changed since the preview where Graph changes nothing in place: ${fixed.join("; ")}`, secrets),
        );
    if (changes.length && !update)
        throw new Error(
            `${what} refused: it changed since the preview and differs from the program: ${changes.join("; ")}. ` +
                "Set updateOnImport: true to bring it to the program's state",
        );
    ctx.standing.add(id);
    ctx.claimed.set(id, what);
    if (!changes.length) return { id, outputs: outputsOf(f, tenant, body) };
    return { id, outputs: await writeUpdate(ctx, f, id, tenant, c, secrets) };
}
