// The pulumi.dynamic.ResourceProvider objects. Pulumi serializes each into state as `__provider`.
// Each is the exports of a module of its own (families/), so that an installed package is captured
// as one `require(...)` line; and their methods only `require()` the engine at call time, so even
// serialized by value (a program inside this repository) they hold no setting or credential and
// do not change when the engine does.

import type * as dynamic from "@pulumi/pulumi/dynamic";

/** The engine, loaded by package name (see "exports" in package.json) wherever the provider runs. */
function ops(): typeof import("./operations") {
    return require("pulumi-entra-extensions/operations");
}

export function makeProvider(familyName: string): dynamic.ResourceProvider {
    return {
        configure: async (req) => ops().configure((k: string) => req.config.get(k)),
        check: (olds, news) => ops().check(familyName, olds, news),
        diff: (id, olds, news) => ops().diff(familyName, id, olds, news),
        create: (inputs) => ops().create(familyName, inputs),
        read: (id, props) => ops().read(familyName, id, props),
        update: (id, olds, news) => ops().update(familyName, id, olds, news),
        delete: (id, props) => ops().remove(familyName, id, props),
    };
}

export const providers: Record<"customTaskExtension" | "accessPackageWorkflowExtension" | "customAuthenticationExtension", dynamic.ResourceProvider> = {
    customTaskExtension: require("./families/customTaskExtension"),
    accessPackageWorkflowExtension: require("./families/accessPackageWorkflowExtension"),
    customAuthenticationExtension: require("./families/customAuthenticationExtension"),
};
