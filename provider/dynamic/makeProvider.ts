// The ResourceProvider object of one family. Its methods only `require()` the operations at call time,
// so even serialized by value (a program inside this repository) it holds no setting or credential and
// does not change when the operations do. A module of its own: families/* import it, providers.ts
// imports families/*, and nothing imports back (a cycle left `providers.<family>` empty in the host).

import type * as dynamic from "@pulumi/pulumi/dynamic";

/** The operations, loaded by package name (see "exports" in package.json) wherever the provider runs. */
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
