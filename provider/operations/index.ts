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
import { UNKNOWN, containsUnknown, deepEqual } from "../extensions/values";
import type { GraphClient } from "../graph/client";
import { GraphRequestError } from "../graph/errors";
import { ADOPT_KEY, adoptRequest, differences, findToAdopt, sameNamed, withSettingsOf } from "./adoption";
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
    const name = typeof c.displayName === "string" && !containsUnknown(c.displayName) ? ` "${c.displayName}"` : "";
    return redact(`${f.title}${name}${id ? ` (${id})` : ""}`, secretValues(bag));
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
    const reasons = failures.map((x) => `${x.property}: ${x.reason}`);
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
            else if (verdict.id && ctx.taken.has(verdict.id))
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
                else ctx.notice(`${what}: will be adopted (${verdict.id}), not created${changes ? `, then updated${changes}` : ""}`);
            }
        } catch (e) {
            reasons.push(`cannot look up the object to adopt: ${(e as Error).message}`);
        }
    }
    const inputs = ctx.leanState ? leanFields(f, canonical) : canonical;
    return { inputs, failures: reasons.map((reason) => ({ property: "", reason: redact(reason, secrets) })) };
}

export async function diff(
    ctx: OperationContext,
    familyName: string,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<dynamic.DiffResult> {
    const f = family(familyName);
    ctx.taken.add(id);
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
    // The old object goes before the new one comes: task extension names are unique in Graph, and a
    // create that finds an object like its own takes it over (see create), so the two must never coexist.
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
        // An interrupted run may have left this very object behind: take it over rather than make a
        // second; an object that only shares the name is neither duplicated nor overwritten. The creates
        // of a run look in one listing of the collection, taken at the first (lookups.ts).
        return ctx.listings.around(graphOf(ctx, f), f, c, path, what, ctx.taken, async (existing) => {
            const [same] = withSettingsOf(f, c, existing);
            if (same) {
                ctx.notice(
                    `${what}: ${same.id} is already there with the same name and settings (left by an interrupted run?); ` +
                        "taking it over instead of creating a second",
                );
                ctx.taken.add(String(same.id));
                ctx.claimed.set(String(same.id), what);
                return { id: String(same.id), outs: outputs(ctx, f, fromGraph(f, same, c), same, inputs) };
            }
            if (existing.length)
                throw new Error(
                    `${what} refused: Graph already holds ${existing.map((o) => o.id).join(", ")} with this name and other settings. ` +
                        'Adopt it with the resource option { import: "<id>" } ' +
                        "(add updateOnImport: true to bring it to the program's state), or give this resource another displayName",
                );
            return postCreate(ctx, f, c, path, what, inputs);
        });
    });
}

/** The POST of a create; when its answer is lost, a look-up in Graph as it is now decides whether to send it again. */
async function postCreate(
    ctx: OperationContext,
    f: Family,
    c: Canonical,
    path: string,
    what: string,
    inputs: Record<string, unknown>,
): Promise<dynamic.CreateResult> {
    const body = toGraph(f, c, { withType: true });
    let created: GraphBody;
    try {
        created = await graphOf(ctx, f).post(path, body, what);
    } catch (e) {
        const err = e as GraphRequestError;
        if (!(err instanceof GraphRequestError) || !err.outcomeUnknown) throw e;
        // The create may have been stored before the answer was lost. Adopt the object if it is
        // there (same name, same canonical form); only otherwise send the create again.
        ctx.progress(`${what}: ${err.graphMessage}; looking for the object by name before creating it again`);
        const lookup = `looking for ${describe(f, c, undefined, inputs)} after a create whose answer was lost`;
        const [stored] = withSettingsOf(f, c, await sameNamed(graphOf(ctx, f), f, c, path, lookup, ctx.taken));
        created = stored ?? (await graphOf(ctx, f).post(path, body, `${what} (again, after: ${err.graphMessage})`));
    }
    const canonical = fromGraph(f, created, c);
    ctx.taken.add(String(created.id));
    return { id: String(created.id), outs: outputs(ctx, f, canonical, created, inputs) };
}

/**
 * Create, for a part of another object (a policy's stages): the object is there already, and what it holds of
 * this part is never overwritten unasked; only a leftover of an interrupted run (the program's own values) is
 * taken over. Adopting it (`import`) is the way to take over other values.
 */
async function createPart(
    ctx: OperationContext,
    f: Family,
    c: Canonical,
    inputs: Record<string, unknown>,
    what: string,
): Promise<dynamic.CreateResult> {
    const id = String(c[f.partOf!.idField]);
    if (ctx.taken.has(id)) throw new Error(`${what} refused: another resource of this stack already holds ${id}'s ${f.title}`);
    ctx.taken.add(id);
    const refuseOthers = (held: Canonical) => {
        const changes = differences(f, held, c);
        const others = f.fields.some(
            (x) => x.graphKey && held[x.name] !== undefined && !deepEqual(held[x.name], f.partOf!.emptied[x.name]),
        );
        if (changes.length && others)
            throw new Error(
                `${what} refused: ${id} already has ${changes.join("; ")}. Adopt it with the resource option ` +
                    `{ import: "${id}" } (add updateOnImport: true to bring it to the program's state)`,
            );
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
    ctx.taken.add(id);
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
        // Gone or not, it is this stack's: never a leftover for a create to take over from a kept listing.
        ctx.taken.add(id);
        if (!body) return { id: "", props: {}, inputs: {} };
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
            ctx.taken.delete(id);
            return;
        }
        // A deleted object may still be in this run's listing (lookups.ts): no create may take it over.
        ctx.taken.add(id);
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
