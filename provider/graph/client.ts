// The one place that speaks HTTP to Microsoft Graph. @microsoft/microsoft-graph-client builds and
// sends the requests; this file adds what it lacks: a bearer token for any host (its own handler
// only signs https Graph hosts, not the emulator), per-request timeouts, errors that carry Graph's
// code, message and request-id, and the one retry policy (see `request`). The SDK's RetryHandler is
// left out of the chain on purpose: stacked with a loop here it multiplied the sends of one request.

import type { Client, Context, Middleware } from "@microsoft/microsoft-graph-client";
import { GraphRequestError, SignInError } from "./errors";
import { CLOUDS, GraphSettings } from "./settings";
import { sleep } from "./replication";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

type GraphSdk = typeof import("@microsoft/microsoft-graph-client");
let sdk: GraphSdk | undefined;
/**
 * @microsoft/microsoft-graph-client, loaded on first use: the provider host loads this module for
 * check and diff too, and a preview without refresh sends no request, so it never pays for the SDK.
 */
function graphSdk(): GraphSdk {
    return (sdk ??= require("@microsoft/microsoft-graph-client"));
}

export interface GraphClientOptions {
    /** Called before a throttled or failed request is tried again: progress for long runs. */
    onRetry?: (message: string) => void;
}

/** However many retries are allowed, one request gives up this long after its first send. */
export const RETRY_BUDGET_MS = 60_000;

class BearerToken implements Middleware {
    private next?: Middleware;
    constructor(private readonly token: () => Promise<string>) {}
    async execute(context: Context): Promise<void> {
        const headers = (context.options!.headers ??= {}) as Record<string, string>;
        let token: string;
        try {
            token = await this.token();
        } catch (e) {
            if (e instanceof SignInError) throw e;
            const err = e as Error;
            throw new SignInError(
                "signing in to Microsoft Graph",
                `no credential could get a token (${err?.name ?? "Error"}: ${String(err?.message ?? e).split("\n")[0]}). ` +
                    "Sign in with `az login`, set AZURE_CLIENT_ID/AZURE_TENANT_ID with a federated token or secret, " +
                    "run where a managed identity is, or set ENTRA_ACCESS_TOKEN",
            );
        }
        headers.Authorization = `Bearer ${token}`;
        return this.next!.execute(context);
    }
    setNext(next: Middleware) {
        this.next = next;
    }
}

class Timeout implements Middleware {
    private next?: Middleware;
    constructor(private readonly ms: number) {}
    async execute(context: Context): Promise<void> {
        (context.options as RequestInit).signal = AbortSignal.timeout(this.ms);
        return this.next!.execute(context);
    }
    setNext(next: Middleware) {
        this.next = next;
    }
}

/**
 * A request that got no answer keeps its system error code (ECONNREFUSED, ENOTFOUND) in its message: the Graph client
 * turns what the chain throws into a GraphError that keeps only the error's name and message.
 */
class NoAnswer implements Middleware {
    private next?: Middleware;
    async execute(context: Context): Promise<void> {
        try {
            return await this.next!.execute(context);
        } catch (e) {
            const code = networkCode(e);
            const err = e as Error;
            if (!code || String(err?.message).includes(code)) throw e;
            throw Object.assign(new Error(`${err.message}, ${code}`), { name: err.name });
        }
    }
    setNext(next: Middleware) {
        this.next = next;
    }
}

function tokenSource(settings: GraphSettings): () => Promise<string> {
    if (settings.accessToken) {
        const token = settings.accessToken;
        return async () => token;
    }
    let credential: import("@azure/identity").TokenCredential | undefined = settings.credential;
    const scope = `${CLOUDS[settings.cloud].graph}/.default`;
    return async () => {
        if (!credential) {
            // Loaded on first use: the emulator and pre-fetched tokens never pay for it.
            const identity: typeof import("@azure/identity") = require("@azure/identity");
            credential = new identity.DefaultAzureCredential({
                tenantId: settings.tenantId,
                managedIdentityClientId: settings.clientId,
                workloadIdentityClientId: settings.clientId,
                authorityHost: CLOUDS[settings.cloud].authority,
            });
        }
        const t = await credential.getToken(scope);
        if (!t) throw new SignInError("signing in to Microsoft Graph", `the credential returned no token for ${scope}`);
        return t.token;
    };
}

/**
 * One back-off for every request of the process to one Graph endpoint. Graph's Retry-After answers the
 * client, not one request: when one request is told to wait, the others (every provider object of the run
 * shares the process) would be throttled too, so they all hold until then instead of each sending, being
 * refused and waiting on its own. Only waits a request will keep (within RETRY_BUDGET_MS) are shared.
 */
export class SharedBackoff {
    private static readonly byEndpoint = new Map<string, SharedBackoff>();
    static of(endpoint: string): SharedBackoff {
        let b = SharedBackoff.byEndpoint.get(endpoint);
        if (!b) SharedBackoff.byEndpoint.set(endpoint, (b = new SharedBackoff()));
        return b;
    }

    private until = 0;
    /** Times a Retry-After held the whole process, and for how long in all (ms): for the benchmark's storm figures. */
    readonly held = { times: 0, ms: 0 };

    /** Graph asked for a pause of `ms` from now. */
    pause(ms: number) {
        const until = Date.now() + ms;
        if (until <= this.until) return;
        this.held.times++;
        this.held.ms += until - Math.max(this.until, Date.now());
        this.until = until;
    }

    /** Resolves once no pause is running; a pause that starts meanwhile is waited for too. */
    async ready(): Promise<void> {
        for (let left = this.until - Date.now(); left > 0; left = this.until - Date.now()) await sleep(left);
    }
}

export class GraphClient {
    private readonly client: Client;
    private readonly backoff: SharedBackoff;
    /** Sent with every request of this client (see `withHeaders`). */
    private headers: Record<string, string> = {};
    /** Graph's clock less ours, from the `Date` of its last answer (shared by the views of `withHeaders`). */
    private readonly clock: { offsetMs?: number } = {};

    constructor(
        readonly settings: GraphSettings,
        private readonly options: GraphClientOptions = {},
    ) {
        const chain: Middleware[] = [
            new BearerToken(tokenSource(settings)),
            new Timeout(settings.requestTimeoutMs),
            new NoAnswer(),
            new (graphSdk().HTTPMessageHandler)(),
        ];
        for (let i = 0; i < chain.length - 1; i++) chain[i].setNext!(chain[i + 1]);
        this.backoff = SharedBackoff.of(settings.endpoint);
        this.client = graphSdk().Client.initWithMiddleware({
            middleware: chain[0],
            baseUrl: settings.endpoint,
            defaultVersion: settings.version,
        });
    }

    /**
     * The same client (same connection, same retry policy), sending these headers with every request too:
     * a family's `Prefer: include-unknown-enum-members`.
     */
    withHeaders(headers: Record<string, string> | undefined): GraphClient {
        if (!headers) return this;
        const view = Object.create(this) as GraphClient;
        view.headers = { ...this.headers, ...headers };
        return view;
    }

    /**
     * Graph's time now, as far as its answers tell: the `Date` of its last answer (whole seconds, written before
     * the answer travelled) makes this up to a second plus a round trip early, never late. Undefined before any answer.
     */
    serverNow(): number | undefined {
        return this.clock.offsetMs === undefined ? undefined : Date.now() + this.clock.offsetMs;
    }

    get(path: string, operation: string, query?: Record<string, string>) {
        return this.request("GET", path, operation, undefined, query);
    }
    post(path: string, body: unknown, operation: string) {
        return this.request("POST", path, operation, body);
    }
    patch(path: string, body: unknown, operation: string) {
        return this.request("PATCH", path, operation, body);
    }
    put(path: string, body: unknown, operation: string) {
        return this.request("PUT", path, operation, body);
    }
    delete(path: string, operation: string) {
        return this.request("DELETE", path, operation);
    }

    /** One object, or undefined when Graph answers 404 (it is not there). */
    async getIfPresent(path: string, operation: string, query?: Record<string, string>): Promise<Record<string, any> | undefined> {
        try {
            return await this.get(path, operation, query);
        } catch (e) {
            if (e instanceof GraphRequestError && e.status === 404) return undefined;
            throw e;
        }
    }

    /**
     * Every object of a collection: follows `@odata.nextLink` to the end. `path` is relative to the Graph
     * version; `query` goes with the first request, and Graph carries it on in its next links.
     */
    async list(
        path: string,
        operation: string,
        options: { query?: Record<string, string>; onPage?: (count: number, pages: number) => void } = {},
    ): Promise<{ value: Record<string, any>[]; pages: number }> {
        const value: Record<string, any>[] = [];
        const seen = new Set<string>();
        let next = path;
        let pages = 0;
        for (;;) {
            const page = (await this.get(
                next,
                pages ? `${operation} (page ${pages + 1})` : operation,
                pages ? undefined : options.query,
            )) as { value?: Record<string, any>[]; "@odata.nextLink"?: string } | undefined;
            pages++;
            value.push(...(page?.value ?? []));
            options.onPage?.(value.length, pages);
            const link = page?.["@odata.nextLink"];
            if (link === undefined || link === null) break;
            next = relativeToVersion(String(link), this.settings.endpoint, this.settings.version);
            if (seen.has(next))
                throw new Error(`${operation}: Graph gave the same next page twice (${link}); stopping rather than looping`);
            seen.add(next);
        }
        return { value, pages };
    }

    /** A request that got no answer, naming the endpoint it called and the setting that named it; others as they are. */
    private located(err: GraphRequestError, hopeless?: string): GraphRequestError {
        if (err.status !== undefined || err instanceof SignInError) return err;
        const why = `${err.graphMessage}${hopeless ? `: ${hopeless}, so it was not tried again` : ""}`;
        const hint = `That address is ${this.settings.endpointFrom}; see docs/troubleshooting.md, "No answer from Graph"`;
        return new GraphRequestError(err.operation, undefined, undefined, why, undefined, hint);
    }

    /**
     * One Graph call, under the one retry policy:
     * - 429 and 503 were not carried out: any verb waits (Retry-After, else an exponential back-off) and is sent again;
     *   a Retry-After holds every request of the process to this endpoint (SharedBackoff), not this one alone;
     * - no answer, 500, 502, 504: the outcome is unknown; GET, PATCH, PUT and DELETE are idempotent and are sent
     *   again, a POST is not (its caller looks for the object before creating it again);
     * - no answer because nothing can answer: a connection refused on loopback (no emulator listens there) or a host
     *   name that does not resolve is not sent again, since waiting changes neither;
     * - at most 1 + maxRetries sends, and no wait that would end past RETRY_BUDGET_MS after the first send:
     *   a persistent failure surfaces with Graph's own error.
     * A request that got no answer says which endpoint it called, and why that one (the setting that named it).
     */
    async request(method: Method, path: string, operation: string, body?: unknown, query?: Record<string, string>): Promise<any> {
        const started = Date.now();
        for (let attempt = 1; ; attempt++) {
            let retryAfter: string | null = null;
            await this.backoff.ready();
            try {
                let req = this.client.api(path).responseType(graphSdk().ResponseType.RAW);
                if (query) req = req.query(query);
                if (Object.keys(this.headers).length) req = req.headers(this.headers);
                const response: Response = await (method === "GET"
                    ? req.get()
                    : method === "POST"
                      ? req.post(body)
                      : method === "PATCH"
                        ? req.patch(body)
                        : method === "PUT"
                          ? req.put(body)
                          : req.delete());
                const date = Date.parse(response.headers.get("Date") ?? "");
                if (Number.isFinite(date)) this.clock.offsetMs = date - Date.now();
                if (response.ok) return response.status === 204 ? undefined : unwrapped(await jsonOrUndefined(response));
                retryAfter = response.headers.get("Retry-After");
                throw await errorFrom(response, operation);
            } catch (e) {
                const err = toRequestError(e, operation, this.settings.endpoint);
                const hopeless = unreachable(e, this.settings.endpoint);
                const transient = err.status === 429 || err.status === 503 || (err.outcomeUnknown && method !== "POST");
                if (hopeless || !transient || attempt > this.settings.maxRetries) throw this.located(err, hopeless);
                const seconds = Number(retryAfter);
                const wait = Number.isFinite(seconds) && retryAfter !== null ? seconds * 1000 : Math.min(500 * 2 ** (attempt - 1), 16_000);
                if (Date.now() + wait - started > RETRY_BUDGET_MS) throw this.located(err);
                if (retryAfter !== null) this.backoff.pause(wait);
                const why = err.status === undefined ? err.graphMessage : `Graph answered ${err.status}${err.code ? ` ${err.code}` : ""}`;
                const after = `${wait >= 1000 ? `${(wait / 1000).toFixed(wait % 1000 ? 1 : 0)} s` : `${wait} ms`}`;
                this.options.onRetry?.(
                    `${operation}: ${why} to ${method} ${path}; retry ${attempt} of ${this.settings.maxRetries} in ` +
                        `${after}${retryAfter !== null ? " (Retry-After)" : ""}`,
                );
                await sleep(wait);
            }
        }
    }
}

/** Why no answer can come from `endpoint` however long one waits, or undefined when a retry may get one. */
function unreachable(e: unknown, endpoint: string): string | undefined {
    const code = networkCode(e);
    if (code === "ENOTFOUND") return "the host name does not resolve";
    if (code === "ECONNREFUSED" && isLoopback(new URL(endpoint).hostname)) return "nothing listens on that loopback port";
    return undefined;
}

/** The system error code of a request without answer (`ECONNREFUSED`, `ENOTFOUND`, ...): fetch's cause, or NoAnswer's message. */
function networkCode(e: unknown): string | undefined {
    for (let x = e as { code?: unknown; cause?: unknown } | undefined, i = 0; x && i < 4; x = x.cause as typeof x, i++)
        if (typeof x.code === "string" && /^E[A-Z_]+$/.test(x.code)) return x.code;
    return /, (E[A-Z_]+)$/.exec(String((e as Error | undefined)?.message ?? ""))?.[1];
}

const isLoopback = (host: string) => host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * An absolute nextLink as the path the client takes: without the base URL and the version segment,
 * the query (the opaque `$skiptoken` above all) kept exactly as Graph wrote it.
 */
export function relativeToVersion(link: string, endpoint: string, version: string): string {
    const prefix = `${endpoint.replace(/\/+$/, "")}/${version}`;
    if (link.toLowerCase().startsWith(prefix.toLowerCase())) return link.slice(prefix.length) || "/";
    const m = /^https?:\/\/[^/]+(\/.*)?$/i.exec(link);
    const rest = m ? (m[1] ?? "/") : link;
    return rest.replace(/^\/(?:v1\.0|beta)(?=\/|\?|$)/i, "") || "/";
}

/**
 * One object as its fields. Some of Microsoft's documented answers wrap a single object in `value`
 * (`{"value": {...}}`, the access package workflow extension pages): such a body is read as the object.
 * A collection's `value` is an array and stays as it is.
 */
export function unwrapped(body: any): any {
    if (!body || typeof body !== "object" || Array.isArray(body)) return body;
    const v = body.value;
    const others = Object.keys(body).filter((k) => k !== "value" && !k.startsWith("@"));
    return v && typeof v === "object" && !Array.isArray(v) && others.length === 0 ? v : body;
}

async function jsonOrUndefined(response: Response): Promise<any> {
    const text = await response.text();
    return text.trim() ? JSON.parse(text) : undefined;
}

/** Graph's error body ({error: {code, message, innerError: {request-id}}}) as a GraphRequestError. */
async function errorFrom(response: Response, operation: string): Promise<GraphRequestError> {
    const text = await response.text().catch(() => "");
    const body = safeJson(text) as { error?: { code?: string; message?: string; innerError?: Record<string, string> } } | undefined;
    const requestId = body?.error?.innerError?.["request-id"] ?? response.headers.get("request-id") ?? undefined;
    return new GraphRequestError(
        operation,
        response.status,
        body?.error?.code,
        body?.error?.message ?? (text || response.statusText),
        requestId,
    );
}

export function toRequestError(e: unknown, operation: string, endpoint?: string): GraphRequestError {
    if (e instanceof GraphRequestError) return e;
    const { GraphError } = graphSdk();
    // The Graph client turns errors thrown in middleware into GraphError, keeping only name and message.
    if (e instanceof GraphError && e.code === "SignInError") return new SignInError(operation, e.message.replace(" failed: ", ": "));
    if (e instanceof GraphError) {
        const status = e.statusCode > 0 ? e.statusCode : undefined;
        const body = (e.body && typeof e.body === "string" ? safeJson(e.body) : e.body) as any;
        const requestId = e.requestId ?? body?.error?.innerError?.["request-id"] ?? undefined;
        const message = status === undefined ? `${noAnswer(endpoint)} (${e.code ?? "network error"}: ${e.message})` : e.message;
        return new GraphRequestError(
            operation,
            status,
            status === undefined ? undefined : (e.code ?? undefined),
            message,
            requestId ?? undefined,
        );
    }
    const err = e as Error;
    return new GraphRequestError(operation, undefined, undefined, `${noAnswer(endpoint)} (${err?.name}: ${err?.message})`, undefined);
}

const noAnswer = (endpoint?: string) => `no answer from Graph${endpoint ? ` at ${endpoint}` : ""}`;

function safeJson(s: string): unknown {
    try {
        return JSON.parse(s);
    } catch {
        return undefined;
    }
}
