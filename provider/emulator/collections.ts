// The emulated Graph collections: which paths exist, what each verb does and answers, what the
// server fills in. Status codes and shapes follow Graph's documentation; where Graph's behaviour is not
// documented (the in-use refusal's code, the duplicate-name code) the choice is marked as ours.

import { randomUUID } from "node:crypto";

export type Json = Record<string, any>;

export class GraphFailure extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly headers: Record<string, string> = {},
    ) {
        super(message);
    }
}

export interface StoredObject {
    id: string;
    collection: CollectionName;
    catalogId?: string;
    body: Json;
    inUse: boolean;
}

export type CollectionName = "customTaskExtensions" | "customWorkflowExtensions" | "customAuthenticationExtensions";

interface CollectionSpec {
    /** Concrete types accepted; the first is assumed when a type is optional and absent. */
    types: string[];
    typeRequired: boolean;
    typeOnUpdate: boolean;
    updateVerb: "PATCH" | "PUT";
    required: string[];
    timestamps: boolean;
    uniqueName: boolean;
    limit?: number;
}

const LOGIC_APP = "#microsoft.graph.logicAppTriggerEndpointConfiguration";

export const COLLECTIONS: Record<CollectionName, CollectionSpec> = {
    customTaskExtensions: {
        types: ["#microsoft.graph.identityGovernance.customTaskExtension"],
        typeRequired: false,
        typeOnUpdate: false,
        updateVerb: "PATCH",
        required: ["displayName", "authenticationConfiguration", "endpointConfiguration"],
        timestamps: true,
        uniqueName: true,
    },
    customWorkflowExtensions: {
        types: ["#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension", "#microsoft.graph.accessPackageAssignmentWorkflowExtension"],
        typeRequired: true,
        typeOnUpdate: true,
        updateVerb: "PUT",
        required: ["displayName", "endpointConfiguration", "authenticationConfiguration"],
        timestamps: true,
        uniqueName: false,
    },
    customAuthenticationExtensions: {
        types: [
            "#microsoft.graph.onTokenIssuanceStartCustomExtension",
            "#microsoft.graph.onAttributeCollectionStartCustomExtension",
            "#microsoft.graph.onAttributeCollectionSubmitCustomExtension",
            "#microsoft.graph.onOtpSendCustomExtension",
            "#microsoft.graph.onPasswordSubmitCustomExtension",
            "#microsoft.graph.onVerifiedIdClaimValidationCustomExtension",
        ],
        typeRequired: true,
        typeOnUpdate: true,
        updateVerb: "PATCH",
        required: ["displayName", "endpointConfiguration", "authenticationConfiguration"],
        timestamps: false,
        uniqueName: false,
        limit: 100,
    },
};

export interface Route {
    collection: CollectionName;
    catalogId?: string;
    id?: string;
    action?: "validateAuthenticationConfiguration";
}

/** Maps a request path (version included) to a collection, or undefined for a path Graph would not serve here. */
export function route(path: string): Route | undefined {
    const p = path.replace(/\/+$/, "");
    let m = /^\/(?:v1\.0|beta)\/identityGovernance\/lifecycleWorkflows\/customTaskExtensions(?:\/([^/]+))?$/.exec(p);
    if (m) return { collection: "customTaskExtensions", id: dec(m[1]) };
    m = /^\/(?:v1\.0|beta)\/identityGovernance\/entitlementManagement\/catalogs\/([^/]+)\/customWorkflowExtensions(?:\/([^/]+))?$/.exec(p);
    if (m) return { collection: "customWorkflowExtensions", catalogId: dec(m[1]), id: dec(m[2]) };
    m = /^\/beta\/identityGovernance\/entitlementManagement\/accessPackageCatalogs\/([^/]+)\/accessPackageCustomWorkflowExtensions(?:\/([^/]+))?$/.exec(p);
    if (m) return { collection: "customWorkflowExtensions", catalogId: dec(m[1]), id: dec(m[2]) };
    m = /^\/(?:v1\.0|beta)\/identity\/customAuthenticationExtensions(?:\/([^/]+))?(\/validateAuthenticationConfiguration)?$/.exec(p);
    if (m) {
        if (m[1] === "validateAuthenticationConfiguration") return { collection: "customAuthenticationExtensions", action: "validateAuthenticationConfiguration" };
        return { collection: "customAuthenticationExtensions", id: dec(m[1]), action: m[2] ? "validateAuthenticationConfiguration" : undefined };
    }
    return undefined;
}

function dec(s: string | undefined) {
    return s === undefined ? undefined : decodeURIComponent(s);
}

const withHash = (t: unknown): string => (typeof t === "string" ? (t.startsWith("#") ? t : `#${t}`) : String(t));

/** Graph answers with `#`-prefixed types everywhere, whatever the request sent. */
function normalizeTypes(v: any): any {
    if (Array.isArray(v)) return v.map(normalizeTypes);
    if (v && typeof v === "object") {
        const out: Json = {};
        for (const [k, x] of Object.entries(v)) out[k] = k === "@odata.type" ? withHash(x) : normalizeTypes(x);
        return out;
    }
    return v;
}

export class Collections {
    readonly objects = new Map<string, StoredObject>();
    readonly catalogs = new Set<string>();
    /** Display names of catalogs that were given one (GET .../catalogs answers the id otherwise). */
    readonly catalogNames = new Map<string, string>();
    /** Runs on every create and update before it is stored; throws a GraphFailure to refuse (the Logic App wiring check). */
    endpointCheck?: (collection: CollectionName, body: Json) => void;

    list(r: Route, filterName?: string): Json[] {
        this.requireCatalog(r);
        return [...this.objects.values()]
            .filter((o) => o.collection === r.collection && o.catalogId === r.catalogId)
            .filter((o) => filterName === undefined || o.body.displayName === filterName)
            .map((o) => o.body);
    }

    get(r: Route): StoredObject {
        this.requireCatalog(r);
        const o = this.objects.get(r.id!);
        if (!o || o.collection !== r.collection || o.catalogId !== r.catalogId)
            throw new GraphFailure(404, "ResourceNotFound", `Resource '${r.id}' does not exist or one of its queried reference-property objects are not present.`);
        return o;
    }

    create(r: Route, body: Json): StoredObject {
        this.requireCatalog(r);
        const spec = COLLECTIONS[r.collection];
        this.validate(spec, body, "create");
        if (spec.uniqueName && this.list(r).some((o) => o.displayName === body.displayName))
            // Documented as unique; the code is ours.
            throw new GraphFailure(409, "NameAlreadyExists", `A custom task extension named '${body.displayName}' already exists.`);
        if (spec.limit !== undefined && this.list(r).length >= spec.limit)
            throw new GraphFailure(400, "TenantLimitExceeded", `A tenant can have at most ${spec.limit} custom authentication extensions.`);
        this.endpointCheck?.(r.collection, body);
        const id = randomUUID();
        const now = new Date().toISOString();
        const stored: StoredObject = { id, collection: r.collection, catalogId: r.catalogId, inUse: false, body: {} };
        stored.body = this.fill(spec, { ...body, id }, now, now);
        this.objects.set(id, stored);
        return stored;
    }

    update(r: Route, method: "PATCH" | "PUT", body: Json): StoredObject {
        const o = this.get(r);
        const spec = COLLECTIONS[r.collection];
        if (method !== spec.updateVerb)
            throw new GraphFailure(405, "MethodNotAllowed", `The ${method} method is not supported for this resource; use ${spec.updateVerb}.`);
        if (spec.typeOnUpdate && !body["@odata.type"]) throw new GraphFailure(400, "BadRequest", "The request body must carry '@odata.type'.");
        if (body["@odata.type"] && withHash(body["@odata.type"]) !== o.body["@odata.type"])
            throw new GraphFailure(400, "BadRequest", `'@odata.type' cannot change from ${o.body["@odata.type"]} to ${withHash(body["@odata.type"])}.`);
        const merged = method === "PUT" ? { ...body } : { ...o.body, ...body };
        this.validate(spec, merged, "update");
        if (spec.uniqueName && this.list(r).some((x) => x.id !== o.id && x.displayName === merged.displayName))
            throw new GraphFailure(409, "NameAlreadyExists", `A custom task extension named '${merged.displayName}' already exists.`);
        this.endpointCheck?.(r.collection, merged);
        o.body = this.fill(spec, { ...merged, id: o.id }, o.body.createdDateTime, new Date().toISOString());
        return o;
    }

    delete(r: Route): void {
        const o = this.get(r);
        if (o.inUse)
            // Graph refuses; the status and code are not documented, these are ours.
            throw new GraphFailure(409, "ResourceInUse", `The custom extension '${o.body.displayName}' is in use and cannot be deleted.`);
        this.objects.delete(o.id);
    }

    /** The catalogs, as `GET /identityGovernance/entitlementManagement/catalogs` lists them. */
    listCatalogs(filterName?: string): Json[] {
        return [...this.catalogs]
            .map((id) => ({
                id,
                displayName: this.catalogNames.get(id) ?? id,
                description: null,
                catalogType: "userManaged",
                state: "published",
                isExternallyVisible: false,
            }))
            .filter((c) => filterName === undefined || c.displayName === filterName);
    }

    private requireCatalog(r: Route) {
        if (r.catalogId !== undefined && !this.catalogs.has(r.catalogId))
            throw new GraphFailure(404, "ResourceNotFound", `Catalog '${r.catalogId}' does not exist.`);
    }

    private validate(spec: CollectionSpec, body: Json, when: "create" | "update") {
        if (body.value && typeof body.value === "object" && !body.displayName)
            throw new GraphFailure(400, "BadRequest", "Invalid request body: send the object itself, not wrapped in 'value'.");
        const type = body["@odata.type"];
        if (when === "create" && spec.typeRequired && !type) throw new GraphFailure(400, "BadRequest", "The request body must carry '@odata.type'.");
        if (type && !spec.types.includes(withHash(type))) throw new GraphFailure(400, "BadRequest", `'${type}' is not a type this collection holds.`);
        for (const k of spec.required) if (body[k] === undefined || body[k] === null) throw new GraphFailure(400, "BadRequest", `Property '${k}' is required.`);
        const c = body.clientConfiguration;
        if (c && c.timeoutInMilliseconds != null && (c.timeoutInMilliseconds < 200 || c.timeoutInMilliseconds > 2000))
            throw new GraphFailure(400, "BadRequest", "timeoutInMilliseconds must be between 200 and 2000.");
        if (c && c.maximumRetries != null && ![0, 1].includes(c.maximumRetries)) throw new GraphFailure(400, "BadRequest", "maximumRetries must be 0 or 1.");
    }

    private fill(spec: CollectionSpec, body: Json, created: string, modified: string): Json {
        const out = normalizeTypes(body);
        out["@odata.type"] = withHash(out["@odata.type"] ?? spec.types[0]);
        out.description ??= null;
        out.clientConfiguration ??= null;
        const e = out.endpointConfiguration;
        if (e && e["@odata.type"] === LOGIC_APP && !e.url)
            e.url = `https://prod-00.westus.logic.azure.com:443/subscriptions/${e.subscriptionId}/resourceGroups/${e.resourceGroupName}/providers/Microsoft.Logic/workflows/${e.logicAppWorkflowName}/triggers/manual/paths/invoke?api-version=2016-10-01`;
        if (spec.timestamps) {
            out.createdDateTime = created;
            out.lastModifiedDateTime = modified;
        }
        return out;
    }
}
