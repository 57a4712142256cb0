// The one place that speaks HTTP to Microsoft Graph. @microsoft/microsoft-graph-client does the
// requests and the 429/503 retries with Retry-After; this file adds what it lacks: a bearer token
// for any host (its own handler only signs https Graph hosts, not the emulator), per-request
// timeouts, retries of idempotent requests after a lost connection, and errors that carry Graph's
// code, message and request-id.

import { Client, Context, GraphError, HTTPMessageHandler, Middleware, RetryHandler, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { GraphRequestError, SignInError } from "./errors";
import { CLOUDS, GraphSettings } from "./settings";

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface GraphClientOptions {
    /** Called before a throttled or failed request is tried again: progress for long runs. */
    onRetry?: (message: string) => void;
}

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
                    "Sign in with `az login`, set AZURE_CLIENT_ID/AZURE_TENANT_ID with a federated token or secret, run where a managed identity is, or set ENTRA_ACCESS_TOKEN",
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class GraphClient {
    private readonly client: Client;

    constructor(
        readonly settings: GraphSettings,
        private readonly options: GraphClientOptions = {},
    ) {
        const onRetry = options.onRetry;
        const retry = new RetryHandler(
            new RetryHandlerOptions(1, Math.min(settings.maxRetries, 10), (_delay, attempt, _request, opts, response) => {
                const method = ((opts as RequestInit | undefined)?.method ?? "GET").toUpperCase();
                // A 504 on a create may have stored the object: the engine decides, not a blind resend.
                if (method === "POST" && response.status === 504) return false;
                const after = response.headers.get("Retry-After");
                onRetry?.(`Graph answered ${response.status} to ${method}; retry ${attempt + 1} after ${after ? `${after} s (Retry-After)` : "a back-off"}`);
                return true;
            }),
        );
        const chain: Middleware[] = [new BearerToken(tokenSource(settings)), retry, new Timeout(settings.requestTimeoutMs), new HTTPMessageHandler()];
        for (let i = 0; i < chain.length - 1; i++) chain[i].setNext!(chain[i + 1]);
        this.client = Client.initWithMiddleware({ middleware: chain[0], baseUrl: settings.endpoint, defaultVersion: settings.version });
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

    /**
     * One Graph call. GET, PATCH, PUT and DELETE are idempotent and are tried again after a lost
     * connection or a 500/502/504; POST is not, its caller handles an unknown outcome.
     */
    async request(method: Method, path: string, operation: string, body?: unknown, query?: Record<string, string>): Promise<any> {
        const attempts = method === "POST" ? 1 : 1 + this.settings.maxRetries;
        for (let attempt = 1; ; attempt++) {
            try {
                let req = this.client.api(path);
                if (query) req = req.query(query);
                switch (method) {
                    case "GET":
                        return await req.get();
                    case "POST":
                        return await req.post(body);
                    case "PATCH":
                        return await req.patch(body);
                    case "PUT":
                        return await req.put(body);
                    case "DELETE":
                        return await req.delete();
                }
            } catch (e) {
                const err = toRequestError(e, operation);
                if (!err.outcomeUnknown || attempt >= attempts) throw err;
                const wait = Math.min(200 * 2 ** (attempt - 1), 10_000);
                this.options.onRetry?.(`${operation}: ${err.graphMessage}; retry ${attempt} in ${wait} ms`);
                await sleep(wait);
            }
        }
    }
}

export function toRequestError(e: unknown, operation: string): GraphRequestError {
    if (e instanceof GraphRequestError) return e;
    // The Graph client turns errors thrown in middleware into GraphError, keeping only name and message.
    if (e instanceof GraphError && e.code === "SignInError") return new SignInError(operation, e.message.replace(" failed: ", ": "));
    if (e instanceof GraphError) {
        const status = e.statusCode > 0 ? e.statusCode : undefined;
        const body = (e.body && typeof e.body === "string" ? safeJson(e.body) : e.body) as any;
        const requestId = e.requestId ?? body?.error?.innerError?.["request-id"] ?? undefined;
        const message = status === undefined ? `no answer from Graph (${e.code ?? "network error"}: ${e.message})` : e.message;
        return new GraphRequestError(operation, status, status === undefined ? undefined : (e.code ?? undefined), message, requestId ?? undefined);
    }
    const err = e as Error;
    return new GraphRequestError(operation, undefined, undefined, `no answer from Graph (${err?.name}: ${err?.message})`, undefined);
}

function safeJson(s: string): unknown {
    try {
        return JSON.parse(s);
    } catch {
        return undefined;
    }
}
