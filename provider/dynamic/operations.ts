// The generic engine: check, diff, create, read, update and delete for any family, through Graph.
// Providers call into this module at run time (see providers.ts), so none of it is serialized.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Canonical, Family, GraphBody } from "../extensions/family";
import { family } from "../extensions";
import { fromGraph, fromInputs, pickFields, toGraph } from "../extensions/canonical";
import { deepEqual } from "../extensions/values";
import { GraphClient } from "../graph/client";
import { GraphRequestError } from "../graph/errors";
import { ConfigGetter, GraphSettings, resolveSettings } from "../graph/settings";

/** Outputs Graph adds beside the canonical fields. */
const SERVER_OUTPUTS = ["createdDateTime", "lastModifiedDateTime"] as const;

/** A 404 this soon after create is a replica that has not caught up, not a deletion. */
const FRESH_MS = 2 * 60_000;
const READ_AFTER_CREATE_RETRIES = 5;

let configGetter: ConfigGetter = () => undefined;
let client: GraphClient | undefined;
let credentialOverride: GraphSettings["credential"];

/** Stack config from the provider's `configure`; settings are resolved again from it, never stored in state. */
export function configure(get: ConfigGetter): void {
    configGetter = get;
    client = undefined;
}

export function graph(): GraphClient {
    if (!client) {
        const settings: GraphSettings = { ...resolveSettings(configGetter), credential: credentialOverride };
        client = new GraphClient(settings, { onRetry: (m) => process.env.ENTRA_LOG && process.stderr.write(`entra: ${m}\n`) });
    }
    return client;
}

/** Sign in with this credential instead of DefaultAzureCredential (for programs that bring their own). */
export function useCredential(credential: GraphSettings["credential"]): void {
    credentialOverride = credential;
    client = undefined;
}

/** Forget the cached client and settings (tests point the same process at different emulators). */
export function reset(): void {
    client = undefined;
    credentialOverride = undefined;
    configGetter = () => undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describe(f: Family, c: Canonical, id?: string): string {
    return `${f.title} "${String(c.displayName ?? "?")}"${id ? ` (${id})` : ""}`;
}

function outputs(c: Canonical, body: GraphBody): Record<string, unknown> {
    const outs: Record<string, unknown> = { ...c };
    for (const k of SERVER_OUTPUTS) if (typeof body[k] === "string") outs[k] = body[k];
    const url = body.endpointConfiguration?.url ?? body.endpointConfiguration?.targetUrl;
    if (typeof url === "string") outs.endpointUrl = url;
    return outs;
}

export async function check(familyName: string, _olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    const f = family(familyName);
    const { canonical, failures } = fromInputs(f, news);
    return { inputs: canonical, failures };
}

export async function diff(familyName: string, _id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    const f = family(familyName);
    const before = pickFields(f, olds);
    const after = pickFields(f, news);
    const changed = f.fields.filter((x) => !sameValue(x.name, before[x.name], after[x.name])).map((x) => x.name);
    const replaces = f.fields.filter((x) => x.replaceOnChange && changed.includes(x.name)).map((x) => x.name);
    return { changes: changed.length > 0, replaces, stables: f.fields.filter((x) => x.replaceOnChange && !changed.includes(x.name)).map((x) => x.name), deleteBeforeReplace: false };
}

/** Graph fills the Logic App `url` itself: it counts only when the program sets it. */
function sameValue(name: string, before: unknown, after: unknown): boolean {
    if (name === "endpointConfiguration" && before && after && (after as { url?: string }).url === undefined) {
        const { url: _ignored, ...rest } = before as { url?: string };
        return deepEqual(rest, after);
    }
    return deepEqual(before, after);
}

export async function create(familyName: string, inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
    const f = family(familyName);
    const c = pickFields(f, inputs);
    const path = f.collectionPath(c, graph().settings.version);
    const what = `creating ${describe(f, c)}`;
    const body = toGraph(f, c, { withType: true });
    let created: GraphBody;
    try {
        created = await graph().post(path, body, what);
    } catch (e) {
        const err = e as GraphRequestError;
        if (!(err instanceof GraphRequestError) || !err.outcomeUnknown) throw e;
        // The create may have been stored before the answer was lost. Adopt the object if it is
        // there (same name, same canonical form); only otherwise send the create again.
        created = (await findCreated(f, c, path)) ?? (await graph().post(path, body, `${what} (again, after: ${err.graphMessage})`));
    }
    const canonical = fromGraph(f, created, c);
    return { id: String(created.id), outs: outputs(canonical, created) };
}

async function findCreated(f: Family, c: Canonical, path: string): Promise<GraphBody | undefined> {
    const name = String(c.displayName).replace(/'/g, "''");
    const page = await graph().get(path, `looking for ${describe(f, c)} after a create whose answer was lost`, { $filter: `displayName eq '${name}'` });
    const matches = ((page?.value ?? []) as GraphBody[]).filter((o) => deepEqual(fromGraph(f, o, c), c));
    return matches.sort((a, b) => String(b.createdDateTime ?? "").localeCompare(String(a.createdDateTime ?? "")))[0];
}

function itemPath(f: Family, c: Canonical, id: string): string {
    return `${f.collectionPath(c, graph().settings.version)}/${encodeURIComponent(id)}`;
}

async function getOrUndefined(f: Family, c: Canonical, id: string, operation: string): Promise<GraphBody | undefined> {
    try {
        return await graph().get(itemPath(f, c, id), operation);
    } catch (e) {
        if (e instanceof GraphRequestError && e.status === 404) return undefined;
        throw e;
    }
}

export async function read(familyName: string, id: string, props: Record<string, unknown> = {}): Promise<dynamic.ReadResult> {
    const f = family(familyName);
    const previous = pickFields(f, props);
    const what = `reading ${describe(f, previous, id)}`;
    const created = Date.parse(String(props.createdDateTime ?? ""));
    const fresh = Number.isFinite(created) && Date.now() - created < FRESH_MS;
    let body = await getOrUndefined(f, previous, id, what);
    for (let i = 0; !body && fresh && i < READ_AFTER_CREATE_RETRIES; i++) {
        await sleep(250 * 2 ** i);
        body = await getOrUndefined(f, previous, id, `${what} (created moments ago; not found yet)`);
    }
    if (!body) return { id: "", props: {}, inputs: {} };
    const canonical = fromGraph(f, body, previous);
    return { id, props: outputs(canonical, body), inputs: canonical };
}

export async function update(familyName: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.UpdateResult> {
    const f = family(familyName);
    const before = pickFields(f, olds);
    const c = pickFields(f, news);
    const what = `updating ${describe(f, c, id)}`;
    const clear = f.fields.filter((x) => before[x.name] !== undefined && c[x.name] === undefined).map((x) => x.name);
    const body = toGraph(f, c, { withType: f.typeOnUpdate, clear });
    const answer: GraphBody | undefined =
        f.updateVerb === "PUT" ? await graph().put(itemPath(f, c, id), body, what) : await graph().patch(itemPath(f, c, id), body, what);
    // PATCH answers 204 with no body: read the object back for the server-set fields.
    const result: GraphBody = answer?.id ? answer : await graph().get(itemPath(f, c, id), `reading back ${describe(f, c, id)} after the update`);
    return { outs: outputs(fromGraph(f, result, c), result) };
}

export async function remove(familyName: string, id: string, props: Record<string, unknown>): Promise<void> {
    const f = family(familyName);
    const c = pickFields(f, props);
    const what = `deleting ${describe(f, c, id)}`;
    try {
        await graph().delete(itemPath(f, c, id), what);
    } catch (e) {
        if (!(e instanceof GraphRequestError)) throw e;
        if (e.status === 404) return; // already gone: the goal is reached
        if (e.status === 400 || e.status === 409)
            throw new GraphRequestError(what, e.status, e.code, e.graphMessage, e.requestId, `Graph keeps it because ${f.inUseHint}`);
        throw e;
    }
}
