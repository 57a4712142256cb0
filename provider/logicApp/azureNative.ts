// @pulumi/azure-native (over 100 MB) is needed only by ExtensionLogicApp: it is an optional peer
// dependency of this package, loaded when the first ExtensionLogicApp is constructed, so programs that
// only manage Graph objects never install or load it.
import * as pulumi from "@pulumi/pulumi";
import type * as logicModule from "@pulumi/azure-native/logic";

export type AzureNativeLogic = typeof logicModule;

export const AZURE_NATIVE_MISSING =
    "@pulumi/azure-native, with which it creates the Logic App, is not installed: run `npm install @pulumi/azure-native@^3` " +
    "in this Pulumi project (CustomTaskExtension, AccessPackageWorkflowExtension and CustomAuthenticationExtension do not need it)";

/** The azure-native `logic` module, or a one-line error (no stack) saying what to install. */
export function azureNativeLogic(load: (id: string) => unknown = require): AzureNativeLogic {
    try {
        return load("@pulumi/azure-native/logic") as AzureNativeLogic;
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        // Only the package itself missing; a broken install of it is reported as it is.
        const firstLine = String(err?.message ?? "").split("\n")[0];
        const itself = err?.code === "MODULE_NOT_FOUND" && firstLine.includes("'@pulumi/azure-native");
        if (itself) throw new pulumi.RunError(AZURE_NATIVE_MISSING);
        throw e;
    }
}
