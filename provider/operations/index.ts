// The generic operations: check, diff, create, read, update and delete for any family, through Graph.
// Providers call into this module at run time (see providers/makeProvider.ts), so none of it is
// serialized. Each operation receives the context `configure` built (settings, client, known objects).

import type * as dynamic from "@pulumi/pulumi/dynamic";
import {
    Canonical,
    Family,
    GraphBody,
    NavigationSet,
    sameFieldValue,
    serverOutputs,
    setChangeInWords,
    updateThrough,
} from "../extensions/family";
import { family } from "../extensions";
import { fromGraph, fromInputs, pickFields, toGraph } from "../extensions/canonical";
import { cloudFailures } from "../extensions/clouds";
import { UNKNOWN, containsUnknown, shown, shownName } from "../extensions/values";
import type { GraphClient } from "../graph/client";
import { GraphRequestError, SignInError } from "../graph/errors";
import { ADOPT_KEY, adoptRequest, adoptionProblems, differences, findToAdopt, sameNamed } from "./adoption";
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
import { OperationContext } from "./context";
import { checkReferences } from "./references";
import { guarded, redact, SECRETS_KEY, secretValues } from "./secrets";
import { derivingFields, lean, leanFields } from "../resources/stateShape";

export { configureProvider, contextOf, createContext, setProviderOptions } from "./context";
export type { ContextOptions, OperationContext } from "./context";

/**
 * A 404 this soon after create may be a replica that has not caught up rather than a deletion: such a
 * read looks again, briefly. Older objects are read once.
 */
const FRESH_MS = 60_000;
const READ_AFTER_CREATE_WAITS_MS = [500, 1500];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describe(f: Family, c: Canonical, id?: string, bag: Record<string, unknown> = {}): string {
    const name = typeof c.displayName === "string" && !containsUnknown(c.displayName) ? ` ${shown(c.displayName)}` : "";
    return redact(`${f.title}${name}${id ? ` (${shownName(id)})` : ""}`, secretValues(bag));
}

/** The Graph client as this family speaks to it (its headers on every request). */
const graphOf = (ctx: OperationContext, f: Family): GraphClient => ctx.graph().withHeaders(f.headers);

function outputs(ctx: OperationContext, f: Family, c: Canonical, body: GraphBody, bag: Record<string, unknown>): Record<string, unknown> {
    const outs: Record<string, unknown> = { ...c };
    if (bag[SECRETS_KEY] !== undefined) outs[SECRETS_KEY] = bag[SECRETS_KEY];
    for (const k of serverOutputs(f)) if (body[k] !== undefined && body[k] !== null) outs[k] = body[k];
    for (const field of f.fields) for (const [k, v] of Object.entries(field.derivedOutputs?.(body) ?? {})) if (v !== undefined) outs[k] = v;
    return ctx.leanState ? lean(f, c, outs) : outs;
}

/**
 * Every problem of the inputs at once. Each is reported without a property path: the engine would print
 * the value at that path in Go's syntax (`value {<nil>}` for nested ones), so the reason names the
 * property and the offending value itself.
 */
export async function check(
    ctx: OperationContext,
    familyName: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<dynamic.CheckResult> {
    const f = family(familyName);
    ctx.programRunning = true;
    if (!ctx.settings) return { inputs: news, failures: [{ property: "", reason: `provider settings: ${ctx.settingsProblem}` }] };
    // The derived outputs' names come as inputs too, to carry their secrecy (see classes.ts): not properties.
    const derived = Object.keys(derivingFields(f));
    const { canonical, failures, warnings } = fromInputs(f, Object.fromEntries(Object.entries(news).filter(([k]) => !derived.includes(k))));
    for (const k of derived) if (news[k] !== undefined) canonical[k] = null;
    // What the configured cloud's Graph metadata does not offer is refused here, not by Graph during up.
    failures.push(...cloudFailures(f.name, canonical, ctx.settings.cloud));
    const secrets = secretValues(news);
    if (news[SECRETS_KEY] !== undefined) canonical[SECRETS_KEY] = news[SECRETS_KEY];
    if (!failures.length) await checkReferences(ctx, f, canonical, news, olds, failures, warnings);
    for (const w of warnings) ctx.notice(redact(`${describe(f, canonical)}: warning: ${w}`, secrets));
    const reasons = [...failures.map((x) => `${x.property}: ${x.reason}`), ...adoptionProblems(news)];
    // Adoption is for a resource not yet in state, and is decided at preview: the one time check reads
    // Graph. The engine checks a replacement again as if new (no olds): the object being replaced (seen
    // in diff) is not adopted, the replacement is created anew; another resource's object is refused.
    const adopt = Object.keys(olds).length === 0 ? adoptRequest(news) : undefined;
    if (adopt) canonical[ADOPT_KEY] = adopt;
    if (adopt && reasons.length === 0 && !containsUnknown(adopt)) {
        const what = describe(f, canonical, adopt.id, news);
        try {
            const verdict = await findToAdopt(graphOf(ctx, f), f, canonical, adopt, what);
            if (verdict.id && ctx.replacing.has(verdict.id)) delete canonical[ADOPT_KEY];
            else if (verdict.id && ctx.standing.has(verdict.id))
                reasons.push(`cannot adopt: ${verdict.id} is what another resource of this stack stands for`);
            else if (!verdict.ok) reasons.push(verdict.reason);
            else {
                canonical[ADOPT_KEY] = { ...adopt, id: verdict.id };
                const changes = verdict.differences.length ? `; differences: ${verdict.differences.join("; ")}` : "";
                if (changes && !adopt.update)
                    reasons.push(
                        `cannot adopt ${verdict.id} as it is: it differs from the program${changes}. Change the program to match, ` +
                            "or set the option updateOnImport: true to bring the object to the program's state",
                    );
                // Present tense: the same line comes from the preview's check and from the update's (one per pass).
                else ctx.notice(`${what}: adopting ${verdict.id} instead of creating one${changes ? `, then updating it${changes}` : ""}`);
            }
        } catch (e) {
            reasons.push(`cannot look up the object to adopt: ${(e as Error).message}`);
        }
    }
    // A create that would stop on what is already there (ownership.ts) stops at preview, with the same message;
    // not a replacement's second check (the engine checks it again without state), whose old object goes first.
    const key = inputsKey(f, canonical);
    if (Object.keys(olds).length) ctx.checkedAgainstState.add(key);
    else if (
        !adopt &&
        reasons.length === 0 &&
        !ctx.checkedAgainstState.has(key) &&
        !ctx.noLookUpAtPreview &&
        !containsUnknown(pickFields(f, canonical))
    )
        try {
            // A warning, not a refusal: a resource `pulumi up --replace` replaces is checked as new, and its old object,
            // which its create meets here, goes first. The create decides (it stops on anything else).
            const stop = await stopBeforeCreate(ctx, f, pickFields(f, canonical), news);
            if (stop) ctx.notice(redact(stop, secrets));
        } catch (e) {
            // A preview without Graph (no sign-in, no network) says so once and goes on; the creates will look.
            if (e instanceof SignInError || (e instanceof GraphRequestError && e.status === undefined)) ctx.noLookUpAtPreview = true;
            ctx.notice(
                `${describe(f, canonical, undefined, news)}: could not look for what is already there (the create will` +
                    `${ctx.noLookUpAtPreview ? "; no more look-ups in this preview" : ""}): ${(e as Error).message}`,
            );
        }
    const inputs = ctx.leanState ? leanFields(f, canonical) : canonical;
    return { inputs, failures: reasons.map((reason) => ({ property: "", reason: redact(reason, secrets) })) };
}

/** A family's checked inputs as one string: the same resource checked twice in a run gives the same key. */
const inputsKey = (f: Family, c: Canonical): string => `${f.name} ${JSON.stringify(pickFields(f, c))}`;

/**
 * The stop a create of `c` would make on what is already there, judged at preview: the run's listing of the
 * collection (one per collection, shared with the creates), or the object a part belongs to. The object a
 * replacement replaces is not in the way: it is deleted first.
 */
async function stopBeforeCreate(ctx: OperationContext, f: Family, c: Canonical, bag: Record<string, unknown>): Promise<string | undefined> {
    const what = describe(f, c, undefined, bag);
    const lead = stopLead(what, true);
    const looking = `creating ${what}: looking first for what it would meet`;
    if (f.partOf) {
        const id = String(c[f.partOf.idField]);
        if (ctx.shown.has(id) || ctx.replacing.has(id)) return undefined;
        const read = await graphOf(ctx, f).getIfPresent(itemPath(ctx, f, c, id), `${looking}: reading ${shown(id)}`, f.readQuery);
        const held = read && fromGraph(f, read, c);
        return held && holdsPart(f, held) ? partStopMessage(f, id, lead, held) : undefined;
    }
    const path = f.collectionPath(c, ctx.graph().settings.version);
    return ctx.listings.around(graphOf(ctx, f), f, c, path, looking, ctx.gone, async (candidates) => {
        const decision = decide(
            ctx,
            f,
            c,
            candidates.filter((o) => !ctx.replacing.has(String(o.id))),
        );
        return decision.kind === "stop" ? stopMessage(f, c, lead, decision.objects, decision.standing) : undefined;
    });
}

export async function diff(
    ctx: OperationContext,
    familyName: string,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<dynamic.DiffResult> {
    const f = family(familyName);
    // The program still declares this resource, and a create of this run took its object over: two resources for one.
    const claimant = ctx.claimed.get(id);
    if (claimant && ctx.takenOver?.has(id))
        throw new Error(
            `${describe(f, pickFields(f, olds), id, olds)}: another resource of this stack came to stand for it in this run ` +
                `(${claimant}); two resources cannot stand for one object. Give the other one another displayName, or ` +
                "if it is this resource renamed, remove this one from the program or give the new one `aliases`",
        );
    ctx.shown.add(id);
    // A refresh diffs every resource of the stack, declared or not: only the program's diffs say it still declares one.
    if (ctx.programRunning) ctx.standing.add(id);
    const before = pickFields(f, olds);
    const after = pickFields(f, news);
    const changed = f.fields.filter((x) => !sameFieldValue(x, before[x.name], after[x.name])).map((x) => x.name);
    // The CLI draws a dynamic resource's change by index (its host passes no detailed diff): a set's change is said in words.
    for (const x of ctx.leanState ? f.fields.filter((x) => changed.includes(x.name) && !containsUnknown(after[x.name])) : []) {
        const nav = updateThrough(x);
        const words = typeof nav === "object" ? setChangeInWords(nav, before[x.name], after[x.name]) : undefined;
        if (words) ctx.notice(`${describe(f, after, id, news)}: ${x.name}: ${words}`);
    }
    // A reference whose whole value turned unknown: the engine asks whether this resource must go before the
    // object it names is deleted and made again (a delete-before-replace of that object). It must: nothing may
    // keep naming an extension Graph is asked to delete.
    const orphaned = f.fields.filter((x) => x.namesReplaceable && news[x.name] === UNKNOWN && before[x.name] !== undefined);
    const replaces = f.fields.filter((x) => (x.replaceOnChange && changed.includes(x.name)) || orphaned.includes(x)).map((x) => x.name);
    if (replaces.length) ctx.replacing.add(id);
    else {
        const versioned = f.fields.filter((x) => updateThrough(x) === "newVersion" && changed.includes(x.name)).map((x) => x.name);
        if (versioned.length && f.newVersion) {
            const next = typeof olds.version === "number" ? ` (version ${olds.version + 1})` : "";
            ctx.notice(
                `${describe(f, after, id, news)}: ${versioned.join(" and ")} changed: ` +
                    `a new version${next} will be made (${f.newVersion.action})`,
            );
        }
    }
    // The old object goes before the new one comes: task extension and workflow names are unique in Graph, so
    // the two cannot coexist, and a create never meets the object it replaces (see create).
    const stables = f.fields.filter((x) => x.replaceOnChange && !changed.includes(x.name)).map((x) => x.name);
    return { changes: changed.length > 0, replaces, stables, deleteBeforeReplace: true };
}

export async function create(ctx: OperationContext, familyName: string, inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
    return guarded(inputs, async () => {
        const f = family(familyName);
        const c = pickFields(f, inputs);
        const path = f.collectionPath(c, ctx.graph().settings.version);
        const what = `creating ${describe(f, c, undefined, inputs)}`;
        const adopt = adoptRequest(inputs);
        if (adopt?.id) return adoptExisting(ctx, f, adopt.id, c, adopt.update === true, inputs);
        if (f.partOf) return createPart(ctx, f, c, inputs, what);
        // What is already there is never taken over unasked unless this stack's own (ownership.ts). The creates of a
        // run look in one listing of the collection, taken at the first (lookups.ts).
        return ctx.listings.around(graphOf(ctx, f), f, c, path, what, ctx.gone, async (candidates, listed) => {
            const decision = decide(ctx, f, c, candidates);
            if (decision.kind === "stop")
                throw new Error(redact(stopMessage(f, c, stopLead(what), decision.objects, decision.standing), secretValues(inputs)));
            if (decision.kind === "takeOver") return takeOver(ctx, f, c, decision.object, what, inputs);
            return postCreate(ctx, f, c, path, what, inputs, listed);
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
    inputs: Record<string, unknown>,
): Promise<dynamic.CreateResult> {
    const id = String(object.id);
    ctx.standing.add(id);
    ctx.claimed.set(id, what);
    ctx.takenOver?.add(id);
    const held = fromGraph(f, object, c);
    const changes = differences(f, held, c);
    ctx.notice(
        `${what}: ${id} is this stack's (another of its resources stood for it, and the program no longer declares it: ` +
            `renamed without aliases?); taken over instead of creating a second` +
            (changes.length ? `, then updated: ${changes.join("; ")}` : ""),
    );
    if (!changes.length) return { id, outs: outputs(ctx, f, held, object, inputs) };
    return { id, outs: await writeUpdate(ctx, f, id, held, c, inputs) };
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
    inputs: Record<string, unknown>,
    listed: Set<string>,
): Promise<dynamic.CreateResult> {
    const body = toGraph(f, c, { withType: true });
    const graph = graphOf(ctx, f);
    const lookup = () => sameNamed(graph, f, c, path, `looking for ${describe(f, c, undefined, inputs)} after its create`, ctx.gone);
    const stop = (objects: GraphBody[]) => new Error(redact(stopMessage(f, c, stopLead(what), objects, false), secretValues(inputs)));
    const serverNow = graph.serverNow();
    const sentAt = serverNow ?? Date.now();
    const slack = serverNow === undefined ? UNKNOWN_CLOCK_SLACK_MS : LOST_ANSWER_SLACK_MS;
    let created: GraphBody;
    try {
        created = await graph.post(path, body, what);
    } catch (e) {
        const err = e as GraphRequestError;
        if (err instanceof GraphRequestError && err.status === 409 && f.uniqueNames) {
            const found = (await lookup()).filter((o) => !ctx.standing.has(String(o.id)));
            if (found.length) throw stop(found);
        }
        if (!(err instanceof GraphRequestError) || !err.outcomeUnknown) throw e;
        ctx.progress(`${what}: ${err.graphMessage}; looking for the object by name before creating it again`);
        const found = afterLostAnswer(ctx, f, c, await lookup(), listed, sentAt, slack);
        if ("stop" in found) throw stop(found.stop);
        created = "ours" in found ? found.ours : await graph.post(path, body, `${what} (again, after: ${err.graphMessage})`);
    }
    const canonical = fromGraph(f, created, c);
    ctx.standing.add(String(created.id));
    return { id: String(created.id), outs: outputs(ctx, f, canonical, created, inputs) };
}

/**
 * Create, for a part of another object (a policy's stages): the object is there already, and what it holds of this
 * part is never overwritten unasked. A policy that holds no stage is written; one that holds stages is taken over only
 * when it is this stack's (the engine showed it in this run, and no resource of the run stands for it); else the
 * create stops: adopting it (`import`) is the way to take it over.
 */
async function createPart(
    ctx: OperationContext,
    f: Family,
    c: Canonical,
    inputs: Record<string, unknown>,
    what: string,
): Promise<dynamic.CreateResult> {
    const id = String(c[f.partOf!.idField]);
    if (ctx.standing.has(id)) throw new Error(`${what} refused: another resource of this stack already holds ${id}'s ${f.title}`);
    const mine = ctx.shown.has(id) && !ctx.gone.has(id);
    ctx.standing.add(id);
    const refuseOthers = (held: Canonical) => {
        if (!holdsPart(f, held)) return;
        if (!mine) {
            ctx.standing.delete(id);
            throw new Error(redact(partStopMessage(f, id, stopLead(what), held), secretValues(inputs)));
        }
        ctx.claimed.set(id, what);
        ctx.takenOver?.add(id);
        ctx.notice(`${what}: ${id}'s ${f.title} are this stack's (another of its resources wrote them); taken over`);
    };
    return { id, outs: await writePart(ctx, f, id, c, inputs, what, refuseOthers) };
}

/** Create, for an object the program adopts: nothing is created; a differing object is updated only when asked. */
async function adoptExisting(
    ctx: OperationContext,
    f: Family,
    id: string,
    c: Canonical,
    update: boolean,
    bag: Record<string, unknown>,
): Promise<dynamic.CreateResult> {
    const what = `adopting ${describe(f, c, id, bag)}`;
    const body = await graphOf(ctx, f).getIfPresent(itemPath(ctx, f, c, id), what, f.readQuery);
    if (!body) throw new Error(`${what} failed: it is no longer in the tenant`);
    const tenant = fromGraph(f, body, c);
    const changes = differences(f, tenant, c);
    if (changes.length && !update)
        throw new Error(
            `${what} refused: it changed since the preview and differs from the program: ${changes.join("; ")}. ` +
                "Set updateOnImport: true to bring it to the program's state",
        );
    ctx.standing.add(id);
    ctx.claimed.set(id, what);
    if (!changes.length) return { id, outs: outputs(ctx, f, tenant, body, bag) };
    return { id, outs: await writeUpdate(ctx, f, id, tenant, c, bag) };
}

function itemPath(ctx: OperationContext, f: Family, c: Canonical, id: string): string {
    return `${f.collectionPath(c, ctx.graph().settings.version)}/${encodeURIComponent(id)}`;
}

export async function read(
    ctx: OperationContext,
    familyName: string,
    id: string,
    props: Record<string, unknown> = {},
): Promise<dynamic.ReadResult> {
    return guarded(props, async () => {
        const f = family(familyName);
        const previous = pickFields(f, props);
        const what = `reading ${describe(f, previous, id, props)}`;
        const created = Date.parse(String(props.createdDateTime ?? ""));
        const fresh = Number.isFinite(created) && Date.now() - created < FRESH_MS;
        const graph = graphOf(ctx, f);
        let body = await graph.getIfPresent(itemPath(ctx, f, previous, id), what, f.readQuery);
        for (const wait of fresh ? READ_AFTER_CREATE_WAITS_MS : []) {
            if (body) break;
            await sleep(wait);
            body = await graph.getIfPresent(itemPath(ctx, f, previous, id), `${what} (created moments ago; not found yet)`, f.readQuery);
        }
        // The engine shows this stack's resources: evidence for a create that meets the object (ownership.ts).
        ctx.shown.add(id);
        if (!body) {
            ctx.gone.add(id);
            return { id: "", props: {}, inputs: {} };
        }
        const canonical = fromGraph(f, body, previous);
        const held = ctx.leanState ? leanFields(f, canonical) : canonical;
        const inputs = props[SECRETS_KEY] !== undefined ? { ...held, [SECRETS_KEY]: props[SECRETS_KEY] } : held;
        return { id, props: outputs(ctx, f, canonical, body, props), inputs };
    });
}

export async function update(
    ctx: OperationContext,
    familyName: string,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<dynamic.UpdateResult> {
    return guarded(news, async () => {
        const f = family(familyName);
        ctx.shown.add(id);
        ctx.standing.add(id);
        return { outs: await writeUpdate(ctx, f, id, pickFields(f, olds), pickFields(f, news), news) };
    });
}

/**
 * Brings the object from `before` to `c` with the fewest requests the family's shape allows: one PATCH or
 * PUT of the body fields (fields held before and absent now are cleared), or one new version when a field
 * that only a new version changes did (the body fields travel in it); then one request per item added to or
 * removed from a navigation set. A part of another object is written by read-merge-PUT.
 */
async function writeUpdate(
    ctx: OperationContext,
    f: Family,
    id: string,
    before: Canonical,
    c: Canonical,
    bag: Record<string, unknown>,
): Promise<Record<string, unknown>> {
    const what = `updating ${describe(f, c, id, bag)}`;
    if (f.partOf) return writePart(ctx, f, id, c, bag, what);
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
    if (answer?.id) return outputs(ctx, f, fromGraph(f, answer, c), answer, bag);
    // Only navigation requests: what they set is known, and nothing else changed.
    if (!changed.some((x) => typeof updateThrough(x) !== "object")) return outputs(ctx, f, c, {}, bag);
    // PATCH answers 204 with no body: read the object back for the server-set fields.
    const result: GraphBody = await graph.get(item, `reading back ${describe(f, c, id, bag)} after the update`, f.readQuery);
    return outputs(ctx, f, fromGraph(f, result, c), result, bag);
}

/** One POST per item added to a navigation set, one DELETE per item removed. */
async function writeNavigation(graph: GraphClient, item: string, nav: NavigationSet, before: unknown, after: unknown, what: string) {
    const held = new Set(nav.items(before).map(nav.key));
    const wanted = new Set(nav.items(after).map(nav.key));
    for (const x of nav.items(after))
        if (!held.has(nav.key(x))) await graph.post(`${item}/${nav.path}`, nav.body(x), `${what}: adding ${nav.key(x)}`);
    for (const key of held)
        if (!wanted.has(key)) {
            try {
                await graph.delete(`${item}/${nav.path}/${encodeURIComponent(key)}`, `${what}: removing ${key}`);
            } catch (e) {
                if (!(e instanceof GraphRequestError && e.status === 404)) throw e; // already gone: the goal is reached
            }
        }
}

/**
 * A part of another object (a policy's stages), written the only way Graph allows: read the whole object,
 * set this family's fields, PUT it back with everything else as read.
 */
async function writePart(
    ctx: OperationContext,
    f: Family,
    id: string,
    c: Canonical,
    bag: Record<string, unknown>,
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
    return outputs(ctx, f, c, read, bag);
}

export async function remove(ctx: OperationContext, familyName: string, id: string, props: Record<string, unknown>): Promise<void> {
    return guarded(props, async () => {
        const f = family(familyName);
        const c = pickFields(f, props);
        const what = `deleting ${describe(f, c, id, props)}`;
        const graph = graphOf(ctx, f);
        const claimant = ctx.claimed.get(id);
        if (claimant) {
            ctx.notice(`${what}: not deleted: another resource of this run stands for it now (${claimant}); this one lets go of it`);
            return;
        }
        if (f.partOf) {
            try {
                await writePart(ctx, f, id, { ...c, ...f.partOf.emptied }, props, what);
            } catch (e) {
                if (!(e instanceof GraphRequestError && e.status === 404)) throw e; // the object is gone, and its part with it
            }
            // The object stays: a replacement of this resource may write its part again.
            ctx.standing.delete(id);
            return;
        }
        // A deleted object may still be in this run's listing (lookups.ts): no create may take it over.
        ctx.shown.add(id);
        ctx.gone.add(id);
        try {
            await graph.delete(itemPath(ctx, f, c, id), what);
        } catch (e) {
            if (!(e instanceof GraphRequestError)) throw e;
            if (e.status === 404) return; // already gone: the goal is reached
            if ((e.status === 400 || e.status === 409) && f.inUseHint)
                throw new GraphRequestError(what, e.status, e.code, e.graphMessage, e.requestId, `Graph keeps it because ${f.inUseHint}`);
            throw e;
        }
        // A soft-deleted object keeps its name and the tenant's quota until purged.
        if (f.purge && props[f.purge.unless] !== true)
            try {
                await graph.delete(f.purge.path(id, graph.settings.version), `${what}: purging it from deleted items`);
            } catch (e) {
                if (!(e instanceof GraphRequestError && e.status === 404)) throw e;
            }
    });
}
