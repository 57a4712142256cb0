// The emulated Graph collections: which paths exist, what each verb does and answers, what the
// server fills in. Status codes and shapes follow Graph's documentation; where Graph's behaviour is not
// documented (the in-use refusal's code, the duplicate-name code) the choice is marked as ours. The paths and
// type choices come from the families (where a collection is); what each collection allows is stated here
// (BEHAVIOUR) and in graphFacts.ts, never taken from them.
// What Graph does with the objects that make extensions fire (listeners, workflows, policies) beyond
// storing them is in semantics.ts.

import { randomUUID } from "node:crypto";
import { families } from "../families";
import { Family, inCatalog } from "../families/family";
import { typeChoices } from "../families/clouds";
import { SEMANTICS, Semantics } from "./semantics";

import { GraphFailure, Json, notFound, quoted, withHash } from "./failures";

export { GraphFailure, notFound, withHash };
export type { Json };

export interface StoredObject {
    id: string;
    collection: CollectionName;
    catalogId?: string;
    body: Json;
    /** In the collection's recycle bin (a soft-deleted workflow), restorable until purged. */
    deleted?: boolean;
    /** The answer to a GET of this object exactly as a published example prints it (see GraphEmulator.hold); dropped on update. */
    printed?: Json;
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
    /** Properties Graph reports as null when they were never set. */
    nulls?: string[];
    /** Properties a PATCH may change; the others change only through an action (a workflow's new version). */
    patchable?: string[];
    /** Contained sets addressed item by item below an object, and the key of one item. */
    navigations?: { path: string; key: string }[];
    /** DELETE moves the object here (under the version), where it is restorable until DELETE purges it. */
    recycleBin?: string;
}

/** The endpoint type of extensions that call a Logic App (Graph fills its `url`; the wiring check reads it). */
export const LOGIC_APP_ENDPOINT = "#microsoft.graph.logicAppTriggerEndpointConfiguration";

const EXTENSION_NULLS = ["description", "clientConfiguration"];

const BEHAVIOUR: Record<CollectionName, CollectionBehaviour> = {
    customTaskExtensions: {
        typeRequired: false,
        typeOnUpdate: false,
        updateVerb: "PATCH",
        required: ["displayName", "authenticationConfiguration", "endpointConfiguration"],
        timestamps: true,
        uniqueName: true,
        nulls: EXTENSION_NULLS,
    },
    customWorkflowExtensions: {
        typeRequired: true,
        typeOnUpdate: true,
        updateVerb: "PUT",
        required: ["displayName", "endpointConfiguration", "authenticationConfiguration"],
        timestamps: true,
        uniqueName: false,
        nulls: EXTENSION_NULLS,
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
        nulls: EXTENSION_NULLS,
    },
    // Graph's documented limit is 250 listeners per tenant.
    authenticationEventListeners: {
        typeRequired: true,
        typeOnUpdate: true,
        updateVerb: "PATCH",
        required: ["handler"],
        timestamps: false,
        uniqueName: false,
        limit: 250,
        navigations: [{ path: "conditions/applications/includeApplications", key: "appId" }],
    },
    // PATCH changes only the four basic properties; tasks and executionConditions need createNewVersion.
    // DELETE is a soft delete into deletedItems; names stay taken (and the 100 count) until purged.
    workflows: {
        typeRequired: false,
        typeOnUpdate: false,
        updateVerb: "PATCH",
        required: ["category", "displayName"],
        timestamps: true,
        uniqueName: true,
        limit: 100,
        actions: ["createNewVersion", "restore"],
        nulls: ["description", "executionConditions"],
        patchable: ["displayName", "description", "isEnabled", "isSchedulingEnabled"],
        recycleBin: "/identityGovernance/lifecycleWorkflows/deletedItems/workflows",
    },
    // Update is a PUT of the whole policy.
    assignmentPolicies: {
        typeRequired: false,
        typeOnUpdate: false,
        updateVerb: "PUT",
        required: ["displayName", "accessPackage"],
        timestamps: false,
        uniqueName: false,
        nulls: ["description"],
    },
    accessPackages: {
        typeRequired: false,
        typeOnUpdate: false,
        updateVerb: "PATCH",
        required: ["displayName", "catalog"],
        timestamps: false,
        uniqueName: false,
        nulls: ["description"],
    },
};

interface CollectionSpec extends CollectionBehaviour {
    name: CollectionName;
    /** What one object is called in messages: the family's title. */
    title: string;
    /** Concrete types accepted (the family's type choices); the first is assumed when a type is optional and absent. */
    types: string[];
    /** The collection's path under each version, then an optional id and what lies below it. */
    paths: RegExp[];
    /** The recycle bin's path under each version, then an optional id and action. */
    binPaths: RegExp[];
    /** Whether the paths hold a catalog id (access package extensions live in a catalog). */
    inCatalog: boolean;
    semantics: Semantics;
}

const CATALOG = "\u0000";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const VERSIONS = ["v1.0", "beta"] as const;
const pathsOf = (template: (version: (typeof VERSIONS)[number]) => string) =>
    VERSIONS.map((version) => {
        const t = escape(template(version)).replace(encodeURIComponent(CATALOG), "([^/]+)");
        return new RegExp(`^/${escape(version)}${t}(?:/([^/]+))?(?:/(.+))?$`);
    });

/**
 * Collections of the families that the emulator serves with a model of their own, not a generic collection: the
 * entitlement management role assignments (roleAssignments.ts: its scopes, role definitions and directory).
 */
const SERVED_APART = new Set(["roleAssignments"]);

/** Collections the tests and the demo need that no family manages: access packages hold the policies. */
const OTHER_COLLECTIONS = [
    {
        name: "accessPackages",
        title: "access package",
        types: ["#microsoft.graph.accessPackage"],
        path: () => "/identityGovernance/entitlementManagement/accessPackages",
    },
];

/**
 * The collections the emulator serves: one per family, where the family says (its collection and its
 * paths, under v1.0 and beta), holding the family's types, behaving as BEHAVIOUR says. Which types
 * exist in Graph at all is checked apart from this, against Microsoft's metadata (conformance.ts).
 */
function collectionSpecs(): Record<CollectionName, CollectionSpec> {
    const specs: Record<CollectionName, CollectionSpec> = {};
    const add = (name: string, title: string, types: string[], path: (v: "v1.0" | "beta") => string, catalog: boolean) => {
        const behaviour = BEHAVIOUR[name];
        if (!behaviour) throw new Error(`the emulator has no model of Graph's ${name} collection: add it to BEHAVIOUR in collections.ts`);
        const bin = behaviour.recycleBin;
        specs[name] = {
            ...behaviour,
            name,
            title,
            types,
            paths: pathsOf(path),
            binPaths: bin ? pathsOf(() => bin) : [],
            inCatalog: catalog,
            semantics: SEMANTICS[name] ?? {},
        };
    };
    for (const f of (Object.values(families) as Family[]).filter((x) => !SERVED_APART.has(x.collection.name)))
        add(
            f.collection.name,
            f.title,
            Object.values(typeChoices(f.name)),
            (v) => f.collectionPath({ catalogId: CATALOG }, v),
            inCatalog(f),
        );
    for (const o of OTHER_COLLECTIONS) add(o.name, o.title, o.types, o.path, false);
    return specs;
}

export const COLLECTIONS = collectionSpecs();

export interface Route {
    collection: CollectionName;
    catalogId?: string;
    id?: string;
    action?: string;
    /** A contained set below the object (`conditions/applications/includeApplications`), and the item's key. */
    navigation?: string;
    key?: string;
    /** The path is in the collection's recycle bin. */
    bin?: boolean;
}

/** Maps a request path (version included) to a collection, or undefined for a path Graph would not serve here. */
export function route(path: string): Route | undefined {
    const p = path.replace(/\/+$/, "");
    for (const spec of Object.values(COLLECTIONS))
        for (const [bin, patterns] of [
            [true, spec.binPaths],
            [false, spec.paths],
        ] as const)
            for (const pattern of patterns) {
                const m = pattern.exec(p);
                if (!m) continue;
                const [catalogId, id, rest] = (spec.inCatalog ? m.slice(1) : [undefined, ...m.slice(1)]).map(dec);
                const actions = spec.actions ?? [];
                // `.../{collection}/{action}` is bound to the collection; `.../{id}/{action}` to one object.
                if (id !== undefined && actions.includes(id) && rest === undefined)
                    return { collection: spec.name, catalogId, action: id, bin };
                if (rest === undefined || actions.includes(rest)) return { collection: spec.name, catalogId, id, action: rest, bin };
                const nav = spec.navigations?.find((n) => rest === n.path || rest.startsWith(`${n.path}/`));
                if (!nav || bin) return undefined;
                const key = rest.length > nav.path.length ? rest.slice(nav.path.length + 1) : undefined;
                return { collection: spec.name, catalogId, id, navigation: nav.path, key };
            }
    return undefined;
}

function dec(s: string | undefined) {
    return s === undefined ? undefined : decodeURIComponent(s);
}

/** Graph answers with `#`-prefixed types everywhere, whatever the request sent. */
function normalizeTypes(v: any): any {
    if (Array.isArray(v)) return v.map(normalizeTypes);
    if (v && typeof v === "object") {
        // fromEntries defines own properties: a `__proto__` key stays a key, never the object's prototype.
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "@odata.type" ? withHash(x) : normalizeTypes(x)]));
    }
    return v;
}

/** The value at a slash-separated path of a body (`conditions/applications/includeApplications`). */
export function at(body: Json, path: string): any {
    return path.split("/").reduce<any>((o, k) => (o == null ? undefined : o[k]), body);
}

export class Collections {
    readonly objects = new Map<string, StoredObject>();
    readonly catalogs = new Set<string>();
    /** Display names of catalogs that were given one (GET .../catalogs answers the id otherwise). */
    readonly catalogNames = new Map<string, string>();
    /** Runs on every create and update before it is stored; throws a GraphFailure to refuse (the Logic App wiring check). */
    endpointCheck?: (collection: CollectionName, body: Json) => void;

    /** The objects of a collection (of a catalog), in the collection or in its recycle bin. */
    all(collection: CollectionName, catalogId?: string, bin = false): StoredObject[] {
        return [...this.objects.values()].filter((o) => o.collection === collection && o.catalogId === catalogId && !!o.deleted === bin);
    }

    list(r: Route, filterName?: string): Json[] {
        this.requireCatalog(r);
        return this.all(r.collection, r.catalogId, r.bin)
            .filter((o) => filterName === undefined || o.body.displayName === filterName)
            .map((o) => o.body);
    }

    get(r: Route): StoredObject {
        this.requireCatalog(r);
        const o = this.objects.get(r.id!);
        if (!o || o.collection !== r.collection || o.catalogId !== r.catalogId || !!o.deleted !== !!r.bin) throw notFound(r.id);
        return o;
    }

    create(r: Route, body: Json): StoredObject {
        this.requireCatalog(r);
        const spec = COLLECTIONS[r.collection];
        this.validate(spec, body, "create");
        // Graph keeps a soft-deleted object's name taken, and counts it, until it is purged.
        const held = [...this.all(r.collection, r.catalogId), ...this.all(r.collection, r.catalogId, true)];
        if (spec.uniqueName && held.some((o) => o.body.displayName === body.displayName))
            // Documented as unique; the code is ours.
            throw new GraphFailure(409, "NameAlreadyExists", `A ${spec.title} named '${body.displayName}' already exists.`);
        if (spec.limit !== undefined && held.length >= spec.limit)
            throw new GraphFailure(400, "TenantLimitExceeded", `A tenant can have at most ${spec.limit} ${spec.title}s.`);
        spec.semantics.validate?.(body, this, { catalogId: r.catalogId });
        this.endpointCheck?.(r.collection, body);
        const id = randomUUID();
        const now = new Date().toISOString();
        const stored: StoredObject = { id, collection: r.collection, catalogId: r.catalogId, body: {} };
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
        if (method === "PATCH" && spec.patchable) {
            const other = Object.keys(body).filter((k) => !k.startsWith("@") && !spec.patchable!.includes(k));
            if (other.length)
                // Documented: only these change in place; the answer for the others is ours.
                throw new GraphFailure(
                    400,
                    "BadRequest",
                    `PATCH cannot change ${other.join(", ")} of a ${spec.title}; only ${spec.patchable.join(", ")} (use createNewVersion).`,
                );
        }
        const merged = method === "PUT" ? { ...body } : { ...o.body, ...body };
        this.validate(spec, merged, "update");
        if (spec.uniqueName && this.list(r).some((x) => x.id !== o.id && x.displayName === merged.displayName))
            throw new GraphFailure(409, "NameAlreadyExists", `A ${spec.title} named '${merged.displayName}' already exists.`);
        spec.semantics.validate?.(merged, this, { catalogId: r.catalogId, previous: o.body });
        this.endpointCheck?.(r.collection, merged);
        o.body = this.fill(spec, { ...merged, id: o.id }, o.body.createdDateTime, new Date().toISOString(), o.body);
        o.printed = undefined;
        return o;
    }

    /** A new version of a whole object (a workflow's createNewVersion): validated as a create, stored under the same id. */
    newVersion(r: Route, body: Json): StoredObject {
        const o = this.get(r);
        const spec = COLLECTIONS[r.collection];
        this.validate(spec, { ...body, category: body.category ?? o.body.category }, "create");
        if (spec.uniqueName && this.list(r).some((x) => x.id !== o.id && x.displayName === body.displayName))
            throw new GraphFailure(409, "NameAlreadyExists", `A ${spec.title} named '${body.displayName}' already exists.`);
        spec.semantics.validate?.(body, this, { catalogId: r.catalogId, previous: o.body });
        o.body = this.fill(spec, { ...o.body, ...body, id: o.id }, o.body.createdDateTime, new Date().toISOString(), o.body, true);
        return o;
    }

    delete(r: Route): void {
        const o = this.get(r);
        const spec = COLLECTIONS[r.collection];
        // Derived from what the other objects name, as Graph refuses it; the status and code are not documented, these are ours.
        const namers = this.namedBy(o.id);
        if (namers.length)
            throw new GraphFailure(
                409,
                "ResourceInUse",
                `The custom extension '${o.body.displayName}' is in use and cannot be deleted: ${namers.join("; ")} still names it.`,
            );
        if (spec.recycleBin && !r.bin) {
            o.deleted = true;
            o.body = { ...o.body, deletedDateTime: new Date().toISOString() };
        } else this.objects.delete(o.id);
    }

    /** Puts a soft-deleted object back (POST .../deletedItems/workflows/{id}/restore). */
    restore(r: Route): StoredObject {
        const o = this.get({ ...r, bin: true });
        o.deleted = false;
        o.body = { ...o.body, deletedDateTime: null };
        return o;
    }

    /** The objects that name `id` (a listener's handler, a workflow's task, a policy's stage), said for people. */
    namedBy(id: string): string[] {
        const out: string[] = [];
        for (const o of this.objects.values()) {
            const names = COLLECTIONS[o.collection].semantics.names;
            if (!o.deleted && names?.(o.body).some((n) => n.toLowerCase() === id.toLowerCase()))
                out.push(`${COLLECTIONS[o.collection].title} ${o.id}${o.body.displayName ? ` ("${o.body.displayName}")` : ""}`);
        }
        return out;
    }

    /** Adds an item to a contained set below an object (POST .../includeApplications). */
    addItem(r: Route, item: Json): Json {
        const o = this.get(r);
        const nav = COLLECTIONS[r.collection].navigations!.find((n) => n.path === r.navigation)!;
        const key = item[nav.key];
        if (typeof key !== "string" || key === "") throw new GraphFailure(400, "BadRequest", `Property '${nav.key}' is required.`);
        const list = this.items(o, nav.path);
        if (list.some((x) => x[nav.key] === key))
            throw new GraphFailure(409, "Conflict", `An item with ${nav.key} '${key}' already exists in ${nav.path}.`);
        const { "@odata.type": _type, ...stored } = item;
        list.push(stored);
        return stored;
    }

    /** Removes an item from a contained set (DELETE .../includeApplications/{appId}). */
    removeItem(r: Route): void {
        const o = this.get(r);
        const nav = COLLECTIONS[r.collection].navigations!.find((n) => n.path === r.navigation)!;
        const list = this.items(o, nav.path);
        const i = list.findIndex((x) => x[nav.key] === r.key);
        if (i < 0) throw notFound(r.key);
        list.splice(i, 1);
    }

    /** The items of a contained set, made if absent. */
    items(o: StoredObject, path: string): Json[] {
        const keys = path.split("/");
        let holder = o.body;
        for (const k of keys.slice(0, -1)) holder = holder[k] ??= {};
        return (holder[keys[keys.length - 1]] ??= []);
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

    /** Makes a catalog (POST .../catalogs). */
    createCatalog(body: Json): Json {
        if (typeof body.displayName !== "string" || !body.displayName)
            throw new GraphFailure(400, "BadRequest", "Property 'displayName' is required.");
        const id = randomUUID();
        this.catalogs.add(id);
        this.catalogNames.set(id, body.displayName);
        return this.listCatalogs().find((c) => c.id === id)!;
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
            throw new GraphFailure(400, "BadRequest", `${quoted(type)} is not a type this collection holds.`);
        for (const k of spec.required)
            if (body[k] === undefined || body[k] === null) throw new GraphFailure(400, "BadRequest", `Property '${k}' is required.`);
        const c = body.clientConfiguration;
        if (c && c.timeoutInMilliseconds != null && (c.timeoutInMilliseconds < 200 || c.timeoutInMilliseconds > 2000))
            throw new GraphFailure(400, "BadRequest", "timeoutInMilliseconds must be between 200 and 2000.");
        if (c && c.maximumRetries != null && ![0, 1].includes(c.maximumRetries))
            throw new GraphFailure(400, "BadRequest", "maximumRetries must be 0 or 1.");
    }

    private fill(spec: CollectionSpec, body: Json, created: string, modified: string, previous?: Json, newVersion = false): Json {
        const out = normalizeTypes(body);
        out["@odata.type"] = withHash(out["@odata.type"] ?? spec.types[0]);
        for (const k of spec.nulls ?? []) out[k] ??= null;
        const e = out.endpointConfiguration;
        if (e && e["@odata.type"] === LOGIC_APP_ENDPOINT && !e.url)
            e.url =
                `https://prod-00.westus.logic.azure.com:443/subscriptions/${e.subscriptionId}/resourceGroups/${e.resourceGroupName}` +
                `/providers/Microsoft.Logic/workflows/${e.logicAppWorkflowName}/triggers/manual/paths/invoke?api-version=2016-10-01`;
        if (spec.timestamps) {
            out.createdDateTime = created;
            out.lastModifiedDateTime = modified;
        }
        return spec.semantics.fill?.(out, { previous, newVersion }) ?? out;
    }
}
