// The families the operations know. Adding a family is one file plus one line here.
import { accessPackageWorkflowExtension } from "./accessPackageWorkflowExtension";
import { customAuthenticationExtension } from "./customAuthenticationExtension";
import { customTaskExtension } from "./customTaskExtension";
import { Family } from "./family";

export const families = { customTaskExtension, accessPackageWorkflowExtension, customAuthenticationExtension };
export type FamilyName = keyof typeof families;

export function family(name: string): Family {
    const f = (families as Record<string, Family>)[name];
    if (!f) throw new Error(`unknown extension family "${name}"; known: ${Object.keys(families).join(", ")}`);
    return f;
}
export type { Family } from "./family";
