// The families the operations know: the three custom extensions, the three attachments that make them fire, and the
// catalog role that lets a request workflow's Logic App resume its request. Adding a family is one file plus one line
// here.
import { accessPackageCatalogRoleAssignment } from "./accessPackageCatalogRoleAssignment";
import { accessPackageCustomExtensionStages } from "./accessPackageCustomExtensionStages";
import { accessPackageWorkflowExtension } from "./accessPackageWorkflowExtension";
import { authenticationEventListener } from "./authenticationEventListener";
import { customAuthenticationExtension } from "./customAuthenticationExtension";
import { customTaskExtension } from "./customTaskExtension";
import { Family } from "./family";
import { lifecycleWorkflow } from "./lifecycleWorkflow";
import { own } from "./values";

export const families = {
    customTaskExtension,
    accessPackageWorkflowExtension,
    customAuthenticationExtension,
    authenticationEventListener,
    lifecycleWorkflow,
    accessPackageCustomExtensionStages,
    accessPackageCatalogRoleAssignment,
};
export type FamilyName = keyof typeof families;

export function family(name: string): Family {
    const f = own(families as Record<string, Family>, name);
    if (!f) throw new Error(`unknown family "${name}"; known: ${Object.keys(families).join(", ")}`);
    return f;
}

/** The family of a resource type: `pulumi-nodejs:dynamic/entra:CustomTaskExtension` (TypeScript) or `entra:index:...` (the plugin). */
export function familyOfType(type: string): Family | undefined {
    const token = /^pulumi-nodejs:dynamic\/entra:(\w+)$/.exec(type)?.[1] ?? /^entra:index:(\w+)$/.exec(type)?.[1];
    return token ? Object.values(families).find((f: Family) => f.resourceType === token) : undefined;
}
export type { Family } from "./family";
