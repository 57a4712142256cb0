// Who may resume a task or a request that waits for its Logic App, as Microsoft documents it, and what the
// emulator's Graph answers the others. The emulator's own statement of the rules it enforces:
// - Lifecycle Workflows (https://learn.microsoft.com/graph/api/identitygovernance-taskprocessingresult-resume):
//   an app with the application permission LifecycleWorkflows.ReadWrite.All; "apps specified in authorizedApps
//   within the customTaskExtensionCallbackConfiguration ... without application permissions or role
//   assignments"; "the app specified in resourceId within the azureAdTokenAuthentication". The least: being
//   named in authorizedApps, which the Entra admin center does for the Logic App's system-assigned identity
//   ("Lifecycle workflows automatically set this up for you during the custom extension creation process",
//   https://learn.microsoft.com/entra/id-governance/custom-extension-security).
// - Entitlement management (https://learn.microsoft.com/graph/api/accesspackageassignmentrequest-resume, its
//   permissions tip, and custom-extension-security): EntitlementManagement.ReadWrite.All, or a catalog role
//   "instead of" it: Access package assignment manager ("the least privileged option", recommended for the
//   Logic App's managed identity), Access package manager, Catalog owner, each on the request's catalog.
// The deploying admin (the emulator's own token) may resume too (delegated use).

import { GraphFailure } from "../failures";
import { ACCESS_PACKAGE_ASSIGNMENT_MANAGER, ACCESS_PACKAGE_MANAGER, CATALOG_OWNER, catalogScope, roleDefinition } from "../roleAssignments";

export const LIFECYCLE_PERMISSION = "LifecycleWorkflows.ReadWrite.All";
export const ENTITLEMENT_PERMISSION = "EntitlementManagement.ReadWrite.All";
/** The catalog roles that may resume a request of their catalog, least privileged first. */
export const RESUMING_CATALOG_ROLES = [ACCESS_PACKAGE_ASSIGNMENT_MANAGER, ACCESS_PACKAGE_MANAGER, CATALOG_OWNER];

/** Who called: the app id of an emulator-issued token, or the emulator's own token (the deploying admin). */
export interface Caller {
    appId?: string;
    roles: string[];
    admin: boolean;
}

/** What the check reads of the directory: the caller's service principal and its roles on a catalog. */
export interface Directory {
    catalogRoles(catalogId: string, appId: string): { servicePrincipalId?: string; roleIds: string[] };
    catalogName(catalogId: string): string | undefined;
}

/** What waits: its service, the apps a task extension names (authorizedApps, the resourceId app), its catalog. */
export interface Resumable {
    kind: "lifecycleWorkflows" | "entitlementManagement";
    apps?: string[];
    catalogId?: string;
}

/** A refusal: Graph's answer, and what the caller lacks and how to grant it (for the verdict, not the answer). */
export interface Refusal {
    failure: GraphFailure;
    remedy: string;
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Graph's 403 per service. Lifecycle Workflows: Graph's common `Authorization_RequestDenied`. Entitlement
 * management answers a caller it does not authorize with its own body (`UnAuthorized`, "User is not authorized
 * to perform the operation. Reason: ...", as reported for its APIs, e.g. msgraph-metadata#327).
 */
const forbidden = (kind: Resumable["kind"]) =>
    kind === "lifecycleWorkflows"
        ? new GraphFailure(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        : new GraphFailure(403, "UnAuthorized", "User is not authorized to perform the operation. Reason: The caller is not authorized.");

/** Undefined when the caller may resume; else Graph's 403 and the right it lacks. */
export function refusal(w: Resumable, c: Caller, directory: Directory): Refusal | undefined {
    if (c.admin) return undefined;
    const app = c.appId ?? "(no app id)";
    if (w.kind === "lifecycleWorkflows") {
        if (c.roles.includes(LIFECYCLE_PERMISSION)) return undefined;
        if (c.appId && (w.apps ?? []).some((a) => sameId(a, c.appId!))) return undefined;
        return {
            failure: forbidden(w.kind),
            remedy:
                `app ${app} may not resume this task: name it in the custom task extension's callbackConfiguration.authorizedApps ` +
                `(least privilege, as the Entra admin center does for the Logic App's identity; ExtensionLogicApp: ` +
                `authorizedApps: [app.clientId]), rather than granting it ${LIFECYCLE_PERMISSION}`,
        };
    }
    if (c.roles.includes(ENTITLEMENT_PERMISSION)) return undefined;
    const catalogId = w.catalogId ?? "";
    const { servicePrincipalId, roleIds } = c.appId ? directory.catalogRoles(catalogId, c.appId) : { roleIds: [] };
    if (roleIds.some((r) => RESUMING_CATALOG_ROLES.includes(r))) return undefined;
    const name = directory.catalogName(catalogId);
    const catalog = `catalog ${catalogId}${name ? ` ("${name}")` : ""}`;
    const manager = roleDefinition(ACCESS_PACKAGE_ASSIGNMENT_MANAGER)!.name;
    const grant =
        `assign it ${manager} (roleDefinitionId ${ACCESS_PACKAGE_ASSIGNMENT_MANAGER}, the least privilege) with appScopeId ` +
        `${catalogScope(catalogId)}: POST /roleManagement/entitlementManagement/roleAssignments`;
    const held = roleIds.map((r) => roleDefinition(r)?.name ?? r);
    return {
        failure: forbidden(w.kind),
        remedy: servicePrincipalId
            ? `service principal ${servicePrincipalId} (app ${app}) holds no role on ${catalog} that may resume a request` +
              `${held.length ? ` (it holds ${held.join(", ")})` : ""}: ${grant}`
            : `app ${app} has no service principal in this tenant, so it holds no role on ${catalog}: ${grant} to its service principal`,
    };
}
