// The provider object of ExtensionLogicApp's read-only identity resource (its `clientId`). Like the families'
// providers (makeProvider.ts), its methods load their operations by package name at call time and keep no
// setting in the object; a program's or test's own options (environment, credential) are handed over, never kept.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { IdentityOptions } from "../logicApp/identity";

const ops = (): typeof import("../logicApp/identity").identityOperations =>
    require("pulumi-entra-extensions/logicApp/identity").identityOperations;

export function makeIdentityProvider(options: IdentityOptions = {}): dynamic.ResourceProvider {
    const provider: dynamic.ResourceProvider = {
        configure: async (req) => ops().configure(provider, (k: string) => req.config.get(k)),
        check: (_olds, news) => ops().check(provider, news),
        diff: (id, olds, news) => ops().diff(id, olds, news),
        create: (inputs) => ops().create(provider, inputs),
        read: (id, props) => ops().read(provider, id, props ?? {}),
        // It made nothing in Graph: nothing to delete.
        delete: async () => undefined,
    };
    if (Object.keys(options).length) ops().setOptions(provider, options);
    return provider;
}
