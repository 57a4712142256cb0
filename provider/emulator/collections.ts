// The emulated Graph collections: which paths exist, what each verb does and answers, what the
// server fills in. Status codes and shapes follow Graph's documentation; where Graph's behaviour is not
// documented (the in-use refusal's code, the duplicate-name code) the choice is marked as ours.

import { randomUUID } from "node:crypto";
import { families } from "../extensions";
import { Family, inCatalog } from "../extensions/family";
import { typeChoices } from "../extensions/clouds";

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

/** Graph's 404 for an object id it does not hold. */
export const notFound = (id: string | undefined) =>
    new GraphFailure(
        404,
        "ResourceNotFound",
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );

export interface StoredObject {
    id: string;
    collection: CollectionName;
    catalogId?: string;
    body: Json;
    inUse: boolean;
}

/** A Graph collection's name: its navigation property, as a family declares it ("customTaskExtensions"). */
export type CollectionName = string;

/**
 * What Graph does with each collection: the emulator's model of the service, stated here on purpose and
 * not taken from the families, so that a family's verb or required properties are checked against it.
 */
interface CollectionBehaviour {
    typeRequired: boolean;
    typeOnUpdate: boolean;
    updateVerb: "PATCH" | "PUT";
    required: string[];
    timestamps: boolean;
    uniqueName: boolean;
    limit?: number;
    /** Actions bound to the collection or to one of its objects (`.../{id}/validateAuthenticationConfiguration`). */
    actions?: string[];
}

/** The endpoint type of extensions that call a Logic App (Graph fills its `url`; the wiring check reads it). */
export const LOGIC_APP_ENDPOINT = "#microsoft.graph.logicAppTriggerEndpointConfiguration";

const BEHAVIOUR: Record<CollectionName, CollectionBehaviour> = {
    customTaskExtensions: {
        typeRequired: false,
        typeOnUpdate: false,
        updateVerb: "PATCH",
        required: ["displayName", "authenticationConfiguration", "endpointConfiguration"],
        timestamps: true,
        uniqueName: true,
    },
    customWorkflowExtensions: {
        typeRequired: true,
        typeOnUpdate: true,
        updateVerb: "PUT",
        required: ["displayName", "endpointConfiguration", "authenticationConfiguration"],
        timestamps: true,
        uniqueName: false,
    },
    customAuthenticationExtensions: {
        typeRequired: true,
        typeOnUpdate: true,
        updateVerb: "PATCH",
        required: ["displayName", "endpointConfiguration", "authenticationConfiguration"],
        timestamps: false,
        uniqueName: false,
        limit: 100,
        actions: ["validateAuthenticationConfiguration"],
    },
};

interface CollectionSpec extends CollectionBehaviour {
    name: CollectionName;
    /** What one object is called in messages: the family's title. */
    title: string;
    /** Concrete types accepted (the family's type choices); the first is assumed when a type is optional and absent. */
    types: string[];
    /** The collection's path under each version, then an optional id and action. */
    paths: RegExp[];
    /** Whether the paths hold a catalog id (access package extensions live in a catalog). */
    inCatalog: boolean;
}

const CATALOG = "\u0000";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The collections the emulator serves: one per family, where the family says (its collection and its
 * paths, under v1.0 and beta), holding the family's types, behaving as BEHAVIOUR says. Which types
 * exist in Graph at all is checked apart from this, against Microsoft's metadata (conformance.ts).
 */
function collectionsOfFamilies(): Record<CollectionName, CollectionSpec> {
    const specs: Record<CollectionName, CollectionSpec> = {};
    for (const f of Object.values(families) as Family[]) {
        const name = f.collection.name;
        const behaviour = BEHAVIOUR[name];
        if (!behaviour)
            throw new Error(
                `the emulator has no model of Graph's ${name} collection (family ${f.name}): add it to BEHAVIOUR in collections.ts`,
            );
        const paths = (["v1.0", "beta"] as const).map((version) => {
            const template = escape(f.collectionPath({ catalogId: CATALOG }, version)).replace(encodeURIComponent(CATALOG), "([^/]+)");
            return new RegExp(`^/${escape(version)}${template}(?:/([^/]+))?(?:/([^/]+))?$`);
        });
        specs[name] = { ...behaviour, name, title: f.title, types: Object.values(typeChoices(f.name)), paths, inCatalog: inCatalog(f) };
    }
    return specs;
}

export const COLLECTIONS = collectionsOfFamilies();

export interface Route {
    collection: CollectionName;
    catalogId?: string;
    id?: string;
    action?: string;
}

/** Maps a request path (version included) to a collection, or undefined for a path Graph would not serve here. */
export function route(path: string): Route | undefined {
    const p = path.replace(/\/+$/, "");
    for (const spec of Object.values(COLLECTIONS))
        for (const pattern of spec.paths) {
            const m = pattern.exec(p);
            if (!m) continue;
            const [catalogId, id, action] = (spec.inCatalog ? m.slice(1) : [undefined, ...m.slice(1)]).map(dec);
            const actions = spec.actions ?? [];
            // `.../{collection}/{action}` is bound to the collection; `.../{id}/{action}` to one object.
            if (id !== undefined && actions.includes(id) && action === undefined) return { collection: spec.name, catalogId, action: id };
            if (action !== undefined && !actions.includes(action)) return undefined;
            return { collection: spec.name, catalogId, id, action };
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
        if (!o || o.collection !== r.collection || o.catalogId !== r.catalogId) throw notFound(r.id);
        return o;
    }

    create(r: Route, body: Json): StoredObject {
        this.requireCatalog(r);
        const spec = COLLECTIONS[r.collection];
        this.validate(spec, body, "create");
        if (spec.uniqueName && this.list(r).some((o) => o.displayName === body.displayName))
            // Documented as unique; the code is ours.
            throw new GraphFailure(409, "NameAlreadyExists", `A ${spec.title} named '${body.displayName}' already exists.`);
        if (spec.limit !== undefined && this.list(r).length >= spec.limit)
            throw new GraphFailure(400, "TenantLimitExceeded", `A tenant can have at most ${spec.limit} ${spec.title}s.`);
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
            throw new GraphFailure(
                405,
                "MethodNotAllowed",
                `The ${method} method is not supported for this resource; use ${spec.updateVerb}.`,
            );
        if (spec.typeOnUpdate && !body["@odata.type"])
            throw new GraphFailure(400, "BadRequest", "The request body must carry '@odata.type'.");
        if (body["@odata.type"] && withHash(body["@odata.type"]) !== o.body["@odata.type"])
            throw new GraphFailure(
                400,
                "BadRequest",
                `'@odata.type' cannot change from ${o.body["@odata.type"]} to ${withHash(body["@odata.type"])}.`,
            );
        const merged = method === "PUT" ? { ...body } : { ...o.body, ...body };
        this.validate(spec, merged, "update");
        if (spec.uniqueName && this.list(r).some((x) => x.id !== o.id && x.displayName === merged.displayName))
            throw new GraphFailure(409, "NameAlreadyExists", `A ${spec.title} named '${merged.displayName}' already exists.`);
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
        if (when === "create" && spec.typeRequired && !type)
            throw new GraphFailure(400, "BadRequest", "The request body must carry '@odata.type'.");
        if (type && !spec.types.includes(withHash(type)))
            throw new GraphFailure(400, "BadRequest", `'${type}' is not a type this collection holds.`);
        for (const k of spec.required)
            if (body[k] === undefined || body[k] === null) throw new GraphFailure(400, "BadRequest", `Property '${k}' is required.`);
        const c = body.clientConfiguration;
        if (c && c.timeoutInMilliseconds != null && (c.timeoutInMilliseconds < 200 || c.timeoutInMilliseconds > 2000))
            throw new GraphFailure(400, "BadRequest", "timeoutInMilliseconds must be between 200 and 2000.");
        if (c && c.maximumRetries != null && ![0, 1].includes(c.maximumRetries))
            throw new GraphFailure(400, "BadRequest", "maximumRetries must be 0 or 1.");
    }

    private fill(spec: CollectionSpec, body: Json, created: string, modified: string): Json {
        const out = normalizeTypes(body);
        out["@odata.type"] = withHash(out["@odata.type"] ?? spec.types[0]);
        out.description ??= null;
        out.clientConfiguration ??= null;
        const e = out.endpointConfiguration;
        if (e && e["@odata.type"] === LOGIC_APP_ENDPOINT && !e.url)
            e.url =
                `https://prod-00.westus.logic.azure.com:443/subscriptions/${e.subscriptionId}/resourceGroups/${e.resourceGroupName}` +
                `/providers/Microsoft.Logic/workflows/${e.logicAppWorkflowName}/triggers/manual/paths/invoke?api-version=2016-10-01`;
        if (spec.timestamps) {
            out.createdDateTime = created;
            out.lastModifiedDateTime = modified;
        }
        return out;
    }
}
