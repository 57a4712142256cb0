// Entitlement management's role-based access control as Graph serves it under
// /roleManagement/entitlementManagement: the built-in role definitions, and the role assignments that give
// a principal a role on one catalog (`appScopeId: /AccessPackageCatalog/{catalogId}`) or tenant-wide
// (`directoryScopeId: /`). The emulator's own statement of these facts, from Microsoft's pages (not taken
// from the provider's families, so that a family is checked against it):
// - verbs and shapes: Create (POST, 201 + the assignment), List (GET, `$filter` eq/in on principalId,
//   roleDefinitionId, appScopeId, directoryScopeId; `$expand` principal, roleDefinition), Get, Delete (204);
//   no update (https://learn.microsoft.com/graph/api/resources/unifiedroleassignment,
//   .../graph/api/rbacapplication-post-roleassignments, .../rbacapplication-list-roleassignments,
//   .../unifiedroleassignment-get, .../unifiedroleassignment-delete);
// - required on create: roleDefinitionId, principalId, and appScopeId or directoryScopeId; a catalog is the
//   app scope `/AccessPackageCatalog/{id}`; `/` is the tenant-wide directory scope (rbacapplication-post-roleassignments);
// - the role definitions and their ids: entra-docs `entitlement-management-delegate.md` ("Entitlement
//   management roles"), and as Graph prints them: .../graph/api/rbacapplication-list-roledefinitions, Example 2.
// Where Graph documents no answer (a duplicate, a scope or principal that does not exist, an unsupported
// filter) the choice is marked "(ours)" and listed in docs/logic-apps.md.

import { randomUUID } from "node:crypto";
import { GraphFailure, Json, notFound, quoted } from "./failures";

/** A built-in role of entitlement management: catalog roles are assigned on one catalog, tenant roles on `/`. */
interface RoleDefinition {
    id: string;
    /** As Graph's roleDefinitions list prints it (its own spelling: "AccessPackage assignment manager"). */
    displayName: string;
    /** As Microsoft's entitlement management pages name it. */
    name: string;
    scope: "catalog" | "tenant";
    allowedResourceActions: string[];
}

export const CATALOG_OWNER = "ae79f266-94d4-4dab-b730-feca7e132178";
export const CATALOG_READER = "44272f93-9762-48e8-af59-1b5351b1d6b3";
export const ACCESS_PACKAGE_MANAGER = "7f480852-ebdc-47d4-87de-0d8498384a83";
export const ACCESS_PACKAGE_ASSIGNMENT_MANAGER = "e2182095-804a-4656-ae11-64734e9b7ae5";
export const CATALOG_CREATOR = "ba92d953-d8e0-4e39-a797-0cbedb0a89e8";

const EM = "microsoft.entitlementManagement";
export const ROLE_DEFINITIONS: RoleDefinition[] = [
    {
        id: CATALOG_OWNER,
        displayName: "Catalog owner",
        name: "Catalog owner",
        scope: "catalog",
        allowedResourceActions: [`${EM}/allEntities/allTasks`],
    },
    {
        id: CATALOG_READER,
        displayName: "Catalog reader",
        name: "Catalog reader",
        scope: "catalog",
        allowedResourceActions: [`${EM}/allEntities/Read`],
    },
    {
        id: ACCESS_PACKAGE_MANAGER,
        displayName: "AccessPackages manager",
        name: "Access package manager",
        scope: "catalog",
        allowedResourceActions: [`${EM}/AccessPackageCatalog/AccessPackage/allTasks`, `${EM}/AccessPackageCatalog/allEntities/Read`],
    },
    {
        id: CATALOG_CREATOR,
        displayName: "Catalog creator",
        name: "Catalog creator",
        scope: "tenant",
        allowedResourceActions: [`${EM}/AccessPackageCatalog/Create`],
    },
    {
        id: ACCESS_PACKAGE_ASSIGNMENT_MANAGER,
        displayName: "AccessPackage assignment manager",
        name: "Access package assignment manager",
        scope: "catalog",
        allowedResourceActions: [
            `${EM}/AccessPackageCatalog/AccessPackage/GrantRequests/allTasks`,
            `${EM}/AccessPackageCatalog/AccessPackage/Grants/allTasks`,
            `${EM}/AccessPackageCatalog/allEntities/Read`,
        ],
    },
];

/** A role definition by id, or by either of its names (any letter case). */
export function roleDefinition(idOrName: string): RoleDefinition | undefined {
    const k = idOrName.toLowerCase();
    return ROLE_DEFINITIONS.find((d) => d.id === k || d.displayName.toLowerCase() === k || d.name.toLowerCase() === k);
}

/** The app scope of a catalog, as Graph's examples write it. */
export const catalogScope = (catalogId: string) => `/AccessPackageCatalog/${catalogId}`;
const CATALOG_SCOPE = /^\/AccessPackageCatalog\/([^/]+)$/i;

interface Assignment {
    id: string;
    principalId: string;
    roleDefinitionId: string;
    appScopeId?: string;
    directoryScopeId?: string;
}

/** What the assignments check against: the catalogs and the principals the emulator holds. */
export interface RbacDirectory {
    catalogExists(catalogId: string): boolean;
    /** The directory object with this id (a service principal), as `$expand=principal` prints it. */
    principal(id: string): Json | undefined;
}

const PATH = /^\/(?:v1\.0|beta)\/roleManagement\/entitlementManagement\/(roleAssignments|roleDefinitions)(?:\/([^/]+))?\/?$/i;
const WRITABLE = ["roleDefinitionId", "principalId", "appScopeId", "directoryScopeId"];
const FILTERABLE = ["principalId", "roleDefinitionId", "appScopeId", "directoryScopeId"];
const ASSIGNMENT_TYPE = "microsoft.graph.unifiedRoleAssignment";

const bad = (message: string) => new GraphFailure(400, "BadRequest", message);
const same = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

const unsupportedFilter = (filter: string) =>
    new GraphFailure(400, "InvalidFilter", `OData query is invalid: Filter '${filter}' is not supported.`);

/** One clause of `$filter`: a property and the values it may take (`eq` is a list of one). */
type Clause = { property: string; values: string[] };

/**
 * `$filter` as documented for role assignments: `eq` and `in` on principalId, roleDefinitionId, appScopeId
 * and directoryScopeId, clauses joined by `and`. Anything else is refused as entitlement management refuses a
 * filter it does not support (the code and wording of its answer to an unsupported filter on another of its lists).
 */
function parseFilter(filter: string | null): Clause[] {
    if (filter === null) return [];
    const refuse = (): never => {
        throw unsupportedFilter(filter);
    };
    const literal = `'((?:[^']|'')*)'`;
    return filter
        .trim()
        .split(/\s+and\s+/i)
        .map((part): Clause => {
            const eq = new RegExp(`^(\\w+)\\s+eq\\s+${literal}$`, "i").exec(part.trim());
            const inList = /^(\w+)\s+in\s+\((.*)\)$/i.exec(part.trim());
            const property = FILTERABLE.find((p) => same(p, (eq ?? inList)?.[1]));
            if (!property) return refuse();
            if (eq) return { property, values: [eq[2].replace(/''/g, "'")] };
            const values = [...inList![2].matchAll(new RegExp(`\\s*${literal}\\s*(?:,|$)`, "g"))].map((m) => m[1].replace(/''/g, "'"));
            if (!values.length) refuse();
            return { property, values };
        });
}

export class EntitlementRoles {
    readonly assignments = new Map<string, Assignment>();

    constructor(private readonly directory: RbacDirectory) {}

    reset() {
        this.assignments.clear();
    }

    /** The answer to a request on /roleManagement/entitlementManagement, or undefined for a path it does not serve. */
    handle(method: string, path: string, query: URLSearchParams, body: Json | undefined): { status: number; body?: Json } | undefined {
        const m = PATH.exec(path);
        if (!m) return undefined;
        const [collection, id] = [m[1].toLowerCase(), m[2] === undefined ? undefined : decodeURIComponent(m[2])];
        if (collection === "roledefinitions") {
            if (method !== "GET") throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported on roleDefinitions.`);
            // (ours) No $filter: a displayName filter is reported to find nothing in the service (msgraph-sdk-powershell#3646);
            // the ids are documented constants.
            const filter = query.get("$filter");
            if (filter !== null) throw unsupportedFilter(filter);
            if (id === undefined) return { status: 200, body: { value: ROLE_DEFINITIONS.map(definitionBody) } };
            const d = ROLE_DEFINITIONS.find((x) => same(x.id, id));
            if (!d) throw notFound(id);
            return { status: 200, body: definitionBody(d) };
        }
        const expand = this.expansion(query.get("$expand"));
        const select = query.get("$select");
        const shown = (a: Assignment) => project(this.render(a, expand), select);
        if (id === undefined) {
            if (method === "POST") return { status: 201, body: this.render(this.create(body)) };
            if (method !== "GET") throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported on roleAssignments.`);
            const clauses = parseFilter(query.get("$filter"));
            const held = [...this.assignments.values()].filter((a) =>
                clauses.every((c) => c.values.some((v) => same(v, a[c.property as keyof Assignment]))),
            );
            return { status: 200, body: { value: held.map(shown) } };
        }
        const a = [...this.assignments.values()].find((x) => same(x.id, id));
        if (method === "GET") {
            if (!a) throw notFound(id);
            return { status: 200, body: shown(a) };
        }
        if (method === "DELETE") {
            if (!a) throw notFound(id);
            this.assignments.delete(a.id);
            return { status: 204 };
        }
        // Documented methods: list, create, get, delete; no update.
        throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported on a role assignment.`);
    }

    /** Stores an assignment as a POST does (the same checks); returns it. */
    create(body: Json | undefined): Assignment {
        if (!body || typeof body !== "object" || Array.isArray(body)) throw bad("The request body must be a unifiedRoleAssignment object.");
        for (const k of Object.keys(body)) {
            if (k === "@odata.type") {
                if (typeof body[k] !== "string" || body[k].replace(/^#/, "") !== ASSIGNMENT_TYPE)
                    throw bad(`${quoted(body[k])} is not ${ASSIGNMENT_TYPE}.`);
            } else if (!WRITABLE.includes(k))
                throw bad(
                    `The property '${k}' does not exist on type '${ASSIGNMENT_TYPE}'. ` +
                        "Make sure to only use property names that are defined by the type.",
                );
        }
        for (const k of ["roleDefinitionId", "principalId"])
            if (typeof body[k] !== "string" || !body[k]) throw bad(`Property '${k}' is required.`);
        const { roleDefinitionId, principalId, appScopeId, directoryScopeId } = body as Record<string, string | undefined>;
        for (const [k, v] of Object.entries({ appScopeId, directoryScopeId }))
            if (v !== undefined && v !== null && typeof v !== "string") throw bad(`Property '${k}' must be a string.`);
        if (!appScopeId && !directoryScopeId) throw bad("Either appScopeId or directoryScopeId must be specified.");
        // (ours) Both at once: Graph's pages say "either"; entitlement management scopes by one.
        if (appScopeId && directoryScopeId) throw bad("Specify appScopeId or directoryScopeId, not both.");
        const role = ROLE_DEFINITIONS.find((d) => same(d.id, roleDefinitionId));
        if (!role) throw notFound(roleDefinitionId); // (ours) a definition that does not exist
        if (role.scope === "catalog") {
            // "To scope to an access package catalog, use the appScopeId property."
            const catalog = appScopeId ? CATALOG_SCOPE.exec(appScopeId)?.[1] : undefined;
            if (!catalog)
                throw bad(
                    `The role '${role.name}' is assigned on a catalog: appScopeId '/AccessPackageCatalog/{catalogId}' ` +
                        `(got ${JSON.stringify(appScopeId ?? directoryScopeId)}).`,
                );
            // (ours) A catalog that does not exist: 404 naming it, as the emulator answers a path through it.
            if (!this.directory.catalogExists(catalog))
                throw new GraphFailure(404, "ResourceNotFound", `Catalog '${catalog}' does not exist.`);
        } else if (directoryScopeId !== "/")
            // "For entitlement management provider, / for tenant-wide scope."
            throw bad(
                `The role '${role.name}' is assigned tenant-wide: directoryScopeId '/' ` +
                    `(got ${JSON.stringify(directoryScopeId ?? appScopeId)}).`,
            );
        // (ours) A principal that does not exist: the directory's 404 for a reference to nothing.
        if (!this.directory.principal(principalId!)) throw notFound(principalId);
        const scope = { appScopeId: appScopeId || undefined, directoryScopeId: directoryScopeId || undefined };
        const duplicate = [...this.assignments.values()].find(
            (a) =>
                same(a.principalId, principalId) &&
                same(a.roleDefinitionId, role.id) &&
                same(a.appScopeId, scope.appScopeId) &&
                same(a.directoryScopeId, scope.directoryScopeId),
        );
        // (ours) Undocumented for this provider; the code is the one Graph's directory role requests answer with.
        if (duplicate) throw new GraphFailure(409, "RoleAssignmentExists", `The role assignment already exists (id '${duplicate.id}').`);
        const a: Assignment = { id: randomUUID(), principalId: principalId!, roleDefinitionId: role.id, ...scope };
        if (!a.appScopeId) delete a.appScopeId;
        if (!a.directoryScopeId) delete a.directoryScopeId;
        this.assignments.set(a.id, a);
        return a;
    }

    /** The role definition ids a principal holds on a catalog (assigned on that catalog's app scope). */
    rolesOn(catalogId: string, principalId: string): string[] {
        return [...this.assignments.values()]
            .filter((a) => same(a.principalId, principalId) && same(a.appScopeId, catalogScope(catalogId)))
            .map((a) => a.roleDefinitionId);
    }

    private expansion(expand: string | null): Set<string> {
        const wanted = new Set<string>();
        for (const raw of (expand ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)) {
            const k = ["principal", "roleDefinition"].find((p) => same(p, raw));
            if (!k) throw bad(`Could not find a property named '${raw}' on type '${ASSIGNMENT_TYPE}'.`);
            wanted.add(k);
        }
        return wanted;
    }

    private render(a: Assignment, expand: Set<string> = new Set()): Json {
        // Graph answers both scopes, the one not set as null (unifiedRoleAssignment's examples).
        const out: Json = { appScopeId: null, directoryScopeId: null, ...a };
        if (expand.has("roleDefinition")) out.roleDefinition = definitionBody(ROLE_DEFINITIONS.find((d) => d.id === a.roleDefinitionId)!);
        if (expand.has("principal")) out.principal = this.directory.principal(a.principalId) ?? null;
        return out;
    }
}

/** A role definition as Graph's list prints it. */
function definitionBody(d: RoleDefinition): Json {
    return {
        id: d.id,
        displayName: d.displayName,
        description: d.displayName,
        isBuiltIn: true,
        isEnabled: true,
        templateId: d.id,
        version: "1.0",
        rolePermissions: [{ allowedResourceActions: d.allowedResourceActions, condition: null }],
    };
}

/** `$select`: the named properties only. */
function project(body: Json, select: string | null): Json {
    if (select === null) return body;
    const keys = select.split(",").map((s) => s.trim());
    return Object.fromEntries(Object.entries(body).filter(([k]) => keys.some((s) => same(s, k))));
}
