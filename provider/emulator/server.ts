// A local Microsoft Graph: every collection of the registry's families (the extensions, listeners, workflows,
// policies' stages) plus what they name (catalogs, access packages, role assignments, service principals), and an
// ARM surface for the Logic Apps; real HTTP on loopback, Graph's status codes and error bodies, a bearer-token
// check, injected faults and a request log. Control endpoints under /_emulator/ let tests, the demo and users' CI
// steer it from outside. Which facts are its own and which it takes from the families: graphFacts.ts.

import { randomUUID } from "node:crypto";
import http from "node:http";
import { AddressInfo } from "node:net";
import { COLLECTIONS, CollectionName, Collections, GraphFailure, Json, StoredObject, notFound, route } from "./collections";
import type { ReadOptions } from "./semantics";
import { metadataFor } from "../families/graphMetadata";
import { FaultRule, Faults, ThrottleStorm } from "./faults";
import { ArmAnswer, ArmSurface, isArmPath, workflowId } from "./arm";
import { checkLogicAppWiring } from "./logicAppCheck";
import { bodyFailure, collectionFailure } from "./conformance";
import { MAX_JSON_BYTES, shapeProblem } from "../families/bounds";
import type { CloudName } from "../graph/settings";
import { FireOptions, Firing, Verdict } from "./fire";
import { ServicePrincipal, ServicePrincipals } from "./servicePrincipals";
import { EntitlementRoles, catalogScope } from "./roleAssignments";

export interface EmulatorOptions {
    /** 0 picks a free port. */
    port?: number;
    host?: string;
    /** The bearer token clients must present. */
    token?: string;
    /** Added to every Graph answer, to model a real network in benchmarks. */
    latencyMs?: number;
    /** Catalog ids that exist from the start; DEFAULT_CATALOG_ID is always there. */
    catalogs?: string[];
    /** The tenant the emulator plays (the PoP issuer, managed identities' tenant); DEFAULT_TENANT_ID by default. */
    tenantId?: string;
    /** Retry-After of ARM's asynchronous 202 answers (resource group deletion); 1 by default (ARM says 15). */
    armRetryAfterSeconds?: number;
    /** The cloud whose Graph v1.0 metadata request bodies are held against (default AzureCloud). */
    cloud?: CloudName;
    /** Objects per page of a collection GET (Graph's default, 100, unless set); more come by `@odata.nextLink`. */
    pageSize?: number;
}

export interface RequestLogEntry {
    method: string;
    path: string;
    /** The query string as sent (`?$filter=...`), when there was one. */
    query?: string;
    status: number;
    at: string;
}

export const DEFAULT_CATALOG_ID = "b6f1c3a2-0000-4000-8000-00000000ca7a";
export const DEFAULT_TOKEN = "emulator-token";
export const DEFAULT_TENANT_ID = "e17a0000-7e57-4000-8000-00000000e17a";
/** The display name of DEFAULT_CATALOG_ID, as Graph names a tenant's default catalog. */
export const DEFAULT_CATALOG_NAME = "General";

export class GraphEmulator {
    readonly collections = new Collections();
    readonly faults = new Faults();
    readonly log: RequestLogEntry[] = [];
    readonly token: string;
    readonly tenantId: string;
    /** The Azure Resource Manager side: resource groups and Logic Apps workflows, under /subscriptions/. */
    readonly arm: ArmSurface;
    readonly cloud: CloudName;
    latencyMs: number;
    /** Objects per page of a collection GET; `$top` asks for fewer (or more, up to 999). */
    pageSize: number;
    private readonly server: http.Server;
    private readonly hiddenOnce = new Set<string>();
    /** Objects the next listing of their collection leaves out (dropAfterStoreUnlisted). */
    private readonly unlistedOnce = new Set<string>();
    /** Entra's side of the extensions: fire one at its endpoint, the tokens, keys and resume calls (fire/). */
    readonly firing: Firing;
    /** The directory's service principals: the Logic Apps' identities and apps added (servicePrincipals.ts). */
    readonly servicePrincipals: ServicePrincipals;
    /** Entitlement management's role definitions and assignments on catalogs (roleAssignments.ts). */
    readonly entitlementRoles: EntitlementRoles;

    constructor(private readonly options: EmulatorOptions = {}) {
        this.token = options.token ?? DEFAULT_TOKEN;
        this.tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
        this.cloud = options.cloud ?? "AzureCloud";
        this.arm = new ArmSurface({ tenantId: this.tenantId, cloud: this.cloud, asyncRetryAfterSeconds: options.armRetryAfterSeconds });
        this.collections.endpointCheck = (collection, body) => checkLogicAppWiring(this.arm, this.tenantId, collection, body);
        this.latencyMs = options.latencyMs ?? 0;
        this.pageSize = options.pageSize ?? 100;
        for (const c of [DEFAULT_CATALOG_ID, ...(options.catalogs ?? [])]) this.collections.catalogs.add(c);
        this.collections.catalogNames.set(DEFAULT_CATALOG_ID, DEFAULT_CATALOG_NAME);
        this.servicePrincipals = new ServicePrincipals(() =>
            [...this.arm.workflows.values()].flatMap((w) =>
                w.identity ? [{ principalId: w.identity.principalId, name: w.name, resourceId: workflowId(w) }] : [],
            ),
        );
        this.entitlementRoles = new EntitlementRoles({
            catalogExists: (id) => this.collections.catalogs.has(id),
            principal: (id) => this.servicePrincipals.byId(id),
        });
        this.firing = new Firing({
            tenantId: this.tenantId,
            cloud: this.cloud,
            token: this.token,
            objects: this.collections.objects,
            catalogNames: this.collections.catalogNames,
            directory: {
                catalogRoles: (catalogId, appId) => {
                    const sp = this.servicePrincipals.byAppId(appId);
                    return { servicePrincipalId: sp?.id, roleIds: sp ? this.entitlementRoles.rolesOn(catalogId, sp.id) : [] };
                },
                catalogName: (id) => this.collections.catalogNames.get(id),
            },
            assignCatalogRole: (catalogId, appId, roleDefinitionId) =>
                void this.entitlementRoles.create({
                    principalId: this.servicePrincipals.add({ appId }).id,
                    roleDefinitionId,
                    appScopeId: catalogScope(catalogId),
                }),
        });
        // Headers as long as any request may carry: a URL too long is answered (414), not cut off by Node's 16 KB default.
        this.server = http.createServer({ maxHeaderSize: MAX_URL_READ }, (req, res) => void this.handle(req, res));
        this.server.keepAliveTimeout = 1000;
    }

    async start(): Promise<this> {
        await new Promise<void>((resolve, reject) => {
            this.server.once("error", reject);
            this.server.listen(this.options.port ?? 0, this.options.host ?? "127.0.0.1", () => resolve());
        });
        return this;
    }

    get url(): string {
        const a = this.server.address() as AddressInfo;
        return `http://${a.address}:${a.port}`;
    }

    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((r) => this.server.close(() => r()));
    }

    // ---- steering, in process (the same is reachable over HTTP under /_emulator/) ----
    injectFault(rule: FaultRule) {
        this.faults.add(rule);
    }
    throttleStorm(storm: ThrottleStorm | undefined) {
        this.faults.setStorm(storm);
    }
    clearFaults() {
        this.faults.clear();
    }
    clearLog() {
        this.log.length = 0;
    }
    /** Writes (POST, PATCH, PUT, DELETE) in the log since it was last cleared, or since entry `since`. */
    writes(since = 0): RequestLogEntry[] {
        return this.log.slice(since).filter((e) => e.method !== "GET");
    }
    objects(): StoredObject[] {
        return [...this.collections.objects.values()];
    }
    /** An out-of-band change, as an admin in the portal would make it. */
    mutate(id: string, change: Json) {
        const o = this.collections.objects.get(id);
        if (!o) throw new Error(`no object ${id}`);
        // Only collections that keep timestamps get a new lastModifiedDateTime.
        o.body = { ...o.body, ...change, ...("lastModifiedDateTime" in o.body ? { lastModifiedDateTime: new Date().toISOString() } : {}) };
    }
    /**
     * Stores an object as Graph would on a client's POST (the same checks): what a stack names but does not
     * make (an access package and its assignment policy), or a listener, workflow or policy made "in the portal".
     */
    create(collection: CollectionName, body: Json, catalogId?: string): Json {
        return this.collections.create({ collection, catalogId }, body).body;
    }
    /**
     * Holds an object exactly as a Graph answer prints it (Microsoft's published examples: wrapped in
     * `value`, `null` configurations, abstract types): a GET of it answers the printed body, a listing the
     * object itself. Not validated: it stands for what Graph already holds. Returns its id.
     */
    hold(collection: CollectionName, printed: Json, catalogId?: string): string {
        const inner = printed.value && typeof printed.value === "object" && !Array.isArray(printed.value) ? printed.value : printed;
        const id = typeof inner.id === "string" ? inner.id : randomUUID();
        const body = Object.fromEntries(Object.entries({ ...inner, id }).filter(([k]) => k !== "@odata.context"));
        this.collections.objects.set(id, { id, collection, catalogId, body, printed });
        return id;
    }
    /** An out-of-band deletion. */
    remove(id: string) {
        this.collections.objects.delete(id);
    }
    /** An application's service principal in the emulator's directory (the app id's own, if it has one already). */
    addServicePrincipal(sp: { appId: string; id?: string; displayName?: string }): ServicePrincipal {
        return this.servicePrincipals.add(sp);
    }
    addCatalog(id: string, displayName?: string) {
        this.collections.catalogs.add(id);
        if (displayName !== undefined) this.collections.catalogNames.set(id, displayName);
    }
    /** Sends Entra's call for extension `id` to its endpoint (or options.url) and checks the answer, as Entra would. */
    fire(id: string, options: FireOptions = {}): Promise<Verdict> {
        return this.firing.fire(id, options);
    }
    reset() {
        this.collections.objects.clear();
        this.arm.reset();
        this.servicePrincipals.reset();
        this.entitlementRoles.reset();
        this.hiddenOnce.clear();
        this.unlistedOnce.clear();
        this.clearFaults();
        this.clearLog();
    }

    // ---- HTTP ----
    private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
        const requestId = randomUUID();
        const url = parsedUrl(req.url ?? "/");
        const path = url?.pathname ?? "/";
        const method = (req.method ?? "GET").toUpperCase();
        let status = 500;
        try {
            if ((req.url ?? "").length > MAX_URL_LENGTH)
                throw new GraphFailure(
                    414,
                    "RequestUriTooLong",
                    `The request URI is ${req.url!.length} characters; the emulator takes ${MAX_URL_LENGTH}.`,
                );
            // Graph answers a URI it cannot read with 400; the routes below decode each segment.
            if (!url || !decodable(path))
                throw new GraphFailure(400, "BadRequest", "The request URI is not valid: a percent-encoding is malformed.");
            // Entra's own routes (OpenID configuration, keys, token) and the resume calls check their callers themselves.
            if (this.firing.serves(path)) {
                status = await this.firing.handle(req, res, path, `http://${req.headers.host ?? new URL(this.url).host}`);
                return;
            }
            const body = await readBody(req);
            if (req.headers.authorization !== `Bearer ${this.token}`)
                throw new GraphFailure(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
            if (path.startsWith("/_emulator/fire/") && method === "POST") {
                const id = decodeURIComponent(path.slice("/_emulator/fire/".length));
                const verdict = await this.fire(id, body ?? {}).catch((e: Error) => {
                    throw new GraphFailure(this.collections.objects.has(id) ? 400 : 404, "CannotFire", e.message);
                });
                status = 200;
                send(res, 200, verdict, requestId);
                return;
            }
            if (path.startsWith("/_emulator/")) {
                status = this.control(method, path.slice("/_emulator/".length), body, res);
                return;
            }
            const fault = this.faults.take(method, path);
            const delay = this.latencyMs + (fault?.kind === "slow" ? (fault.delayMs ?? 1000) : 0);
            if (delay) await new Promise((r) => setTimeout(r, delay));
            if (fault?.kind === "throttle")
                throw new GraphFailure(429, "TooManyRequests", "Too many requests; retry after the time in Retry-After.", {
                    "Retry-After": String(fault.retryAfterSeconds ?? 1),
                });
            if (fault?.kind === "unavailable")
                throw new GraphFailure(
                    503,
                    "ServiceUnavailable",
                    "The service is temporarily unavailable.",
                    fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {},
                );
            if (fault?.kind === "dropBeforeStore") {
                status = 0; // logged as "no answer"
                req.socket.destroy();
                return;
            }
            const base = `http://${req.headers.host ?? new URL(this.url).host}`;
            const answer: ArmAnswer = isArmPath(path)
                ? this.arm.handle(method, path, url.searchParams, body)
                : this.graph(method, path, url.searchParams, body, base, String(req.headers.prefer ?? ""));
            if (fault?.kind === "notFoundAfterCreate" && method === "POST" && answer.body?.id) this.hiddenOnce.add(answer.body.id);
            if (fault?.kind === "dropAfterStoreUnlisted" && answer.body?.id) this.unlistedOnce.add(answer.body.id);
            if (fault?.kind === "dropAfterStore" || fault?.kind === "dropAfterStoreUnlisted") {
                status = 0; // logged as "no answer"
                req.socket.destroy();
                return;
            }
            if (fault?.kind === "timeoutAfterStore")
                throw new GraphFailure(504, "GatewayTimeout", "The gateway timed out waiting for the service.");
            status = answer.status;
            send(res, answer.status, answer.body, requestId, answer.headers);
        } catch (e) {
            const f = e instanceof GraphFailure ? e : new GraphFailure(500, "InternalServerError", String((e as Error)?.message ?? e));
            status = f.status;
            // ARM's error body has no innerError; Graph's does.
            const inner = isArmPath(path)
                ? {}
                : { innerError: { date: new Date().toISOString(), "request-id": requestId, "client-request-id": requestId } };
            send(res, f.status, { error: { code: f.code, message: f.message, ...inner } }, requestId, f.headers);
        } finally {
            if (!path.startsWith("/_emulator/"))
                this.log.push({ method, path, ...(url?.search ? { query: url.search } : {}), status, at: new Date().toISOString() });
        }
    }

    private graph(
        method: string,
        path: string,
        query: URLSearchParams,
        body: Json | undefined,
        base: string,
        prefer: string,
    ): { status: number; body?: Json } {
        const directory = this.servicePrincipals.handle(method, path, query) ?? this.entitlementRoles.handle(method, path, query, body);
        if (directory) return directory;
        if (CATALOGS.test(path.replace(/\/+$/, ""))) {
            if (method === "POST") return { status: 201, body: this.collections.createCatalog(body ?? {}) };
            if (method !== "GET") throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported on catalogs.`);
            return { status: 200, body: this.page(this.collections.listCatalogs(displayNameFilter(query)), path, query, base) };
        }
        const r = route(path);
        if (!r) throw new GraphFailure(400, "BadRequest", `Resource not found for the segment in '${path}'.`);
        // Collections the metadata file does not describe (access packages, kept for tests) are not held against it.
        const described = r.collection in metadataFor(this.cloud).collections;
        const unserved = described ? collectionFailure(this.cloud, r.collection) : undefined;
        if (unserved) throw unserved;
        const c = this.collections;
        const spec = COLLECTIONS[r.collection];
        const read: ReadOptions = {
            expand: query.get("$expand") ?? undefined,
            unknownEnumMembers: /\binclude-unknown-enum-members\b/i.test(prefer),
        };
        const render = (o: Json) => spec.semantics.render?.(o, c, read) ?? o;
        const conform = (sent: Json | undefined, target?: string) => {
            if (!sent || !described) return;
            const refused = bodyFailure(this.cloud, r.collection, sent, target);
            if (refused) throw refused;
            const evolvable = spec.semantics.needsUnknownEnumMembers?.(sent);
            if (evolvable && !read.unknownEnumMembers)
                throw new GraphFailure(400, "BadRequest", `${evolvable} needs the header Prefer: include-unknown-enum-members.`);
        };
        if (r.action === "validateAuthenticationConfiguration") {
            if (method !== "POST") throw new GraphFailure(405, "MethodNotAllowed", "Use POST.");
            const source = r.id ? c.get(r).body : (body ?? {});
            return { status: 200, body: validateAuthentication(source) };
        }
        if (r.action === "createNewVersion") {
            if (method !== "POST") throw new GraphFailure(405, "MethodNotAllowed", "Use POST.");
            if (!body?.workflow || typeof body.workflow !== "object")
                throw new GraphFailure(400, "BadRequest", "The parameter 'workflow' is required: send {\"workflow\": {...}}.");
            conform(body.workflow, c.get(r).body["@odata.type"]);
            return { status: 200, body: render(c.newVersion(r, body.workflow).body) };
        }
        if (r.action === "restore") {
            if (method !== "POST" || !r.bin) throw new GraphFailure(405, "MethodNotAllowed", "Use POST on a deleted item.");
            return { status: 200, body: render(c.restore(r).body) };
        }
        if (r.navigation) {
            if (method === "POST" && !r.key) return { status: 201, body: c.addItem(r, body ?? {}) };
            if (method === "DELETE" && r.key) {
                c.removeItem(r);
                return { status: 204 };
            }
            if (method === "GET" && !r.key) return { status: 200, body: { value: c.items(c.get(r), r.navigation) } };
            throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported on ${r.navigation}.`);
        }
        if (body && (method === "POST" || method === "PATCH" || method === "PUT"))
            conform(body, r.id ? c.get(r).body["@odata.type"] : undefined);
        if (!r.id) {
            if (method === "GET") {
                const listed = c.list(r, displayNameFilter(query));
                const shown = listed.filter((o) => !this.unlistedOnce.has(String(o.id)));
                for (const o of listed) this.unlistedOnce.delete(String(o.id));
                return { status: 200, body: this.page(shown.map(render), path, query, base) };
            }
            if (method === "POST" && !r.bin) return { status: 201, body: render(c.create(r, body ?? {}).body) };
            throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported on a collection.`);
        }
        switch (method) {
            case "GET": {
                const o = c.get(r);
                if (this.hiddenOnce.delete(o.id)) throw notFound(o.id);
                return { status: 200, body: o.printed ?? render(o.body) };
            }
            case "PATCH":
                c.update(r, "PATCH", body ?? {});
                return { status: 204 };
            case "PUT":
                return { status: 200, body: render(c.update(r, "PUT", body ?? {}).body) };
            case "DELETE":
                c.delete(r);
                return { status: 204 };
        }
        throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported.`);
    }

    /**
     * One page of a collection, as Graph pages: at most `$top` or pageSize objects, and an absolute
     * `@odata.nextLink` carrying the query and an opaque `$skiptoken` while more remain.
     */
    private page(all: Json[], path: string, query: URLSearchParams, base: string): Json {
        const topText = query.get("$top");
        const top = topText === null ? this.pageSize : Number(topText);
        if (!Number.isInteger(top) || top < 1 || top > 999)
            throw new GraphFailure(400, "BadRequest", `Invalid $top value '${topText}': a whole number from 1 to 999.`);
        const token = query.get("$skiptoken");
        let offset = 0;
        if (token !== null) {
            const m = /^o:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
            if (!m) throw new GraphFailure(400, "BadRequest", `Invalid $skiptoken '${token}'.`);
            offset = Number(m[1]);
        }
        const value = all.slice(offset, offset + top);
        if (offset + top >= all.length) return { value };
        const next = [...query.entries()].filter(([k]) => k !== "$skiptoken");
        next.push(["$skiptoken", Buffer.from(`o:${offset + top}`).toString("base64url")]);
        // Graph writes the `$` of its query options as it is, and encodes the values.
        const nextLink = `${base}${path}?${next.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
        return { "@odata.nextLink": nextLink, value };
    }

    private control(method: string, what: string, body: Json | undefined, res: http.ServerResponse): number {
        const ok = (b: unknown = { ok: true }) => {
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(JSON.stringify(b));
            return 200;
        };
        const [verb, id] = what.split("/");
        if (verb === "log" && method === "GET") return ok({ value: this.log });
        if (verb === "log" && method === "DELETE") return ok(this.clearLog());
        if (verb === "objects" && method === "GET") return ok({ value: this.objects() });
        if (verb === "objects" && id && method === "PATCH") return ok(this.mutate(id, body ?? {}));
        if (verb === "objects" && id && method === "DELETE") return ok(this.remove(id));
        if (verb === "faults" && method === "POST") return ok(this.injectFault(body as FaultRule));
        if (verb === "faults" && method === "DELETE") return ok(this.clearFaults());
        if (verb === "storm" && method === "POST") return ok(this.throttleStorm(body as ThrottleStorm));
        if (verb === "catalogs" && id && method === "POST") return ok(this.addCatalog(id, body?.displayName));
        if (verb === "servicePrincipals" && method === "POST") {
            if (typeof body?.appId !== "string") throw new GraphFailure(400, "BadRequest", "Give the service principal's appId.");
            return ok(this.addServicePrincipal({ appId: body.appId, id: body.id, displayName: body.displayName }));
        }
        if (verb === "reset" && method === "POST") return ok(this.reset());
        if (verb === "arm" && method === "GET")
            return ok({
                resourceGroups: [...this.arm.groups.values()],
                workflows: [...this.arm.workflows.values()].map((w) => this.arm.workflowBody(w)),
            });
        throw new GraphFailure(404, "ResourceNotFound", `No emulator control endpoint ${method} /_emulator/${what}`);
    }
}

/**
 * The longest URL the emulator serves: Node's own header limit until now. Graph documents none; a longer one is
 * answered 414 (the code is ours), as web front ends answer, never by dropping the connection.
 */
const MAX_URL_LENGTH = 16 * 1024;
/** Read in full before answering (a percent-encoded id of Graph's 4 MB): a client still sending would see a drop. */
const MAX_URL_READ = 3 * MAX_JSON_BYTES + 64 * 1024;

const CATALOGS = /^\/(?:v1\.0|beta)\/identityGovernance\/entitlementManagement\/(?:catalogs|accessPackageCatalogs)$/;

/** `$filter=displayName eq '...'`, the one filter the emulator serves; any other is refused as Graph refuses unknown ones. */
function displayNameFilter(query: URLSearchParams): string | undefined {
    const filter = query.get("$filter");
    if (!filter) return undefined;
    const m = /^displayName eq '((?:[^']|'')*)'$/.exec(filter.trim());
    if (!m) throw new GraphFailure(400, "BadRequest", `Unsupported filter: ${filter}`);
    return m[1].replace(/''/g, "'");
}

/** The checks Graph's validateAuthenticationConfiguration makes that can be made without a directory. */
function validateAuthentication(body: Json): Json {
    const errors: { code: string; message: string }[] = [];
    const resourceId: string | undefined = body.authenticationConfiguration?.resourceId;
    const target: string | undefined = body.endpointConfiguration?.targetUrl;
    const m = typeof resourceId === "string" ? /^api:\/\/([^/]+)\/([0-9a-f-]{36})$/i.exec(resourceId) : null;
    if (!m) errors.push({ code: "IncorrectResourceIdFormat", message: "The resource id must have the form api://{fqdn}/{appId}." });
    else {
        let host = "";
        try {
            host = new URL(target ?? "").host;
        } catch {
            /* reported below */
        }
        if (host.toLowerCase() !== m[1].toLowerCase())
            errors.push({ code: "DomainNameDoesNotMatch", message: "The resource id's domain does not match the target URL's." });
    }
    return { errors, warnings: [] };
}

/** The request's URL; undefined when it is not one (URL.parse is newer than Node 22.0). */
function parsedUrl(target: string): URL | undefined {
    try {
        return new URL(target, "http://emulator");
    } catch {
        return undefined;
    }
}

const decodable = (path: string) => {
    try {
        decodeURIComponent(path);
        return true;
    } catch {
        return false;
    }
};

/**
 * The request's JSON body. Larger than Graph's documented 4 MB write limit: 413 (the rest is read and
 * dropped, so that the client hears the answer); nested deeper than Graph reads: 400, as OData refuses it.
 */
async function readBody(req: http.IncomingMessage): Promise<Json | undefined> {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const c of req) {
        bytes += (c as Buffer).length;
        if (bytes <= MAX_JSON_BYTES) chunks.push(c as Buffer);
    }
    if (bytes > MAX_JSON_BYTES)
        throw new GraphFailure(
            413,
            "RequestEntityTooLarge",
            `The request body is ${bytes} bytes; Graph takes at most 4 MB in a write request.`,
        );
    if (!chunks.length) return undefined;
    const text = Buffer.concat(chunks).toString("utf8");
    if (!text.trim()) return undefined;
    let body: Json;
    try {
        body = JSON.parse(text);
    } catch {
        throw new GraphFailure(400, "BadRequest", "Invalid JSON in the request body.");
    }
    const tooDeep = shapeProblem(body, "");
    if (tooDeep) throw new GraphFailure(400, "BadRequest", `The request body ${tooDeep.reason} (at '${tooDeep.path}').`);
    return body;
}

function send(res: http.ServerResponse, status: number, body: unknown, requestId: string, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { "request-id": requestId, "client-request-id": requestId, ...headers };
    if (status === 204 || body === undefined) {
        res.writeHead(status, h);
        res.end();
        return;
    }
    res.writeHead(status, { ...h, "Content-Type": "application/json; odata.metadata=minimal" });
    res.end(JSON.stringify(body));
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<GraphEmulator> {
    return new GraphEmulator(options).start();
}
