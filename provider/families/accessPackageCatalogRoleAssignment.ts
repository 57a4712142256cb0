// Entitlement management role assignments on an access package catalog (microsoft.graph.unifiedRoleAssignment under
// /roleManagement/entitlementManagement/roleAssignments): a principal given a catalog role, such as the Access package
// assignment manager role the Logic App of a request workflow extension needs to resume its request (the least
// privilege Microsoft recommends for that identity: docs/logic-apps.md, "Its right to resume"). The catalog is the
// assignment's app scope, `/AccessPackageCatalog/{catalogId}`. Graph documents no update: every change is a new
// assignment (the old one deleted first).

import type * as MSGraph from "@microsoft/microsoft-graph-types";
import { Family, Field } from "./family";
import { graphString, nonEmptyString } from "./fields";
import { str } from "./shape";
import { GUID, odataString, own } from "./values";
import { APPEARANCE_WAITS_MS } from "../graph/replication";

/**
 * The built-in roles of entitlement management that are assigned on one catalog, by the names the program may give
 * instead of their definition ids (entra-docs entitlement-management-delegate, "Entitlement management roles"; the
 * ids as Graph's roleDefinitions list prints them).
 */
export const CATALOG_ROLES = {
    catalogOwner: "ae79f266-94d4-4dab-b730-feca7e132178",
    catalogReader: "44272f93-9762-48e8-af59-1b5351b1d6b3",
    accessPackageManager: "7f480852-ebdc-47d4-87de-0d8498384a83",
    accessPackageAssignmentManager: "e2182095-804a-4656-ae11-64734e9b7ae5",
} as const;

const ROLE_NAMES = Object.keys(CATALOG_ROLES).join(", ");
const NAMES_NOTE = "the names are this package's for the ids of entitlement-management-delegate's roles table";

/** An id as Graph compares it: a GUID in any case is one id (kept lower case); any other id as it is. */
const idForm = (id: string | undefined) => (id !== undefined && GUID.test(id) ? id.toLowerCase() : id);

/** A role's name when it is one of CATALOG_ROLES, else its id. */
const roleName = (id: string) => Object.keys(CATALOG_ROLES).find((k) => CATALOG_ROLES[k as keyof typeof CATALOG_ROLES] === id) ?? id;

/** A catalog's app scope, as Graph's role assignment examples write it. */
export const catalogScope = (catalogId: string) => `/AccessPackageCatalog/${catalogId}`;
const CATALOG_SCOPE = /^\/AccessPackageCatalog\/([^/]+)$/i;

const principalId: Field = {
    name: "principalId",
    description:
        "The object id of the principal given the role: a service principal such as a Logic App's managed identity " +
        "(`ExtensionLogicApp.principalId`), a user or a group. A change makes a new assignment.",
    // Not checked for a GUID: a directory object's id is "often but not exclusively" one (directoryObject, id).
    shape: str("A principal's object id."),
    graphKey: "principalId",
    required: true,
    replaceOnChange: true,
    fromInput: (v, fail) => idForm(nonEmptyString(v, fail)),
    fromGraph: (body) => idForm(graphString(body.principalId)),
    toGraph: (v) => v,
};

/** The role, by definition id or by one of CATALOG_ROLES' names (canonical: the id). */
const roleDefinitionId: Field = {
    name: "roleDefinitionId",
    description:
        "The catalog role, by definition id or by name (the request workflow's Logic App needs " +
        "accessPackageAssignmentManager to resume its request). A change makes a new assignment.",
    shape: str("A role definition's id, or a catalog role's name.", {
        guid: {
            source: `D: rbacApplication-list-roledefinitions (entitlement management's built-in roles, GUID ids); ${NAMES_NOTE}`,
            orNames: Object.keys(CATALOG_ROLES),
        },
    }),
    graphKey: "roleDefinitionId",
    required: true,
    replaceOnChange: true,
    fromInput: (v, fail) => {
        const given = nonEmptyString(v, fail);
        if (given === undefined) return undefined;
        const byName = own(CATALOG_ROLES as Record<string, string>, given);
        if (byName) return byName;
        if (!GUID.test(given)) return fail(`must be a role definition id (a GUID) or one of ${ROLE_NAMES}`);
        return given.toLowerCase();
    },
    fromGraph: (body) => graphString(body.roleDefinitionId)?.toLowerCase(),
    toGraph: (v) => v,
};

/** The catalog, held by Graph as the app scope `/AccessPackageCatalog/{id}`. */
const catalogId: Field = {
    name: "catalogId",
    description: "Id of the access package catalog the role is given on (the assignment's app scope). A change makes a new assignment.",
    shape: str("A catalog's id."),
    graphKey: "appScopeId",
    required: true,
    replaceOnChange: true,
    fromInput: (v, fail) => idForm(nonEmptyString(v, fail)),
    fromGraph: (body, previous) => {
        const scope = (body as MSGraph.UnifiedRoleAssignment).appScopeId;
        const m = typeof scope === "string" ? CATALOG_SCOPE.exec(scope) : null;
        return m ? idForm(m[1]) : scope === undefined ? previous : undefined;
    },
    toGraph: (v) => catalogScope(String(v)),
};

export const accessPackageCatalogRoleAssignment: Family = {
    name: "accessPackageCatalogRoleAssignment",
    title: "access package catalog role assignment",
    summary:
        "An entitlement management role on an access package catalog, given to a principal: the Access package " +
        "assignment manager role a request workflow extension's Logic App needs to resume its request " +
        "(`ExtensionLogicApp` grants it by default). No update: a change makes a new assignment.",
    resourceType: "AccessPackageCatalogRoleAssignment",
    shortName: "catalogRole",
    collection: { name: "roleAssignments", declaredBy: "microsoft.graph.rbacApplication" },
    fields: [principalId, roleDefinitionId, catalogId],
    collectionPath: () => "/roleManagement/entitlementManagement/roleAssignments",
    odataType: () => "#microsoft.graph.unifiedRoleAssignment",
    typeOnUpdate: false,
    // Never sent: every field is replaced on change.
    updateVerb: "PATCH",
    serverOutputs: [],
    // No name: what is already there is the same principal, role and catalog, found by the documented principal filter.
    leftoverLookup: "listing",
    // A Logic App's identity made in the same run may not be on every replica yet: Graph's 404 for the principal is
    // proof only after these waits (a missing catalog's 404 waits as long: the answer does not say which is missing).
    createWaits: { status: 404, waitsMs: APPEARANCE_WAITS_MS, why: "a principal made a moment ago may not be readable yet" },
    // Its objects have no name: the three fields are what makes one the same as another.
    identifiedBy: ["principalId", "roleDefinitionId", "catalogId"],
    label: (c) => `${c.roleDefinitionId === undefined ? "" : `${roleName(String(c.roleDefinitionId))} `}for ${c.principalId}`,
    // Listed per catalog, with the filter Graph documents on appScopeId (unifiedRoleAssignment): an export reads the
    // catalog roles, not the tenant-wide ones (Catalog creator) of the same collection.
    catalogFilter: (catalogId) => `appScopeId eq ${odataString(catalogScope(catalogId))}`,
    lookupFilter: (c) => `principalId eq ${odataString(String(c.principalId))}`,
};
