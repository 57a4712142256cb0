// The pulumi.dynamic.ResourceProvider objects. Pulumi serializes each into state as `__provider`.
// Each is the exports of a module of its own (families/), so that an installed package is captured
// as one `require(...)` line (see makeProvider.ts for what the object holds).

import type * as dynamic from "@pulumi/pulumi/dynamic";

export const providers: Record<"customTaskExtension" | "accessPackageWorkflowExtension" | "customAuthenticationExtension", dynamic.ResourceProvider> = {
    customTaskExtension: require("./families/customTaskExtension"),
    accessPackageWorkflowExtension: require("./families/accessPackageWorkflowExtension"),
    customAuthenticationExtension: require("./families/customAuthenticationExtension"),
};
