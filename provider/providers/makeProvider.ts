// The ResourceProvider object of one family. Its methods only `require()` the operations at call time,
// so even serialized by value (a program inside this repository) it holds no setting or credential and
// does not change when the operations do. A module of its own: the per-family modules import it,
// index.ts imports them, and nothing imports back (a cycle left `providers.<family>` empty in the host).

import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ContextOptions, OperationContext } from "../operations";

/** The operations, loaded by package name (see "exports" in package.json) wherever the provider runs. */
function ops(): typeof import("../operations") {
    return require("pulumi-entra-extensions/operations");
}

/**
 * The provider host calls `configure` once per provider object, before any other method: it builds the
 * context all later calls of this object share. `options` is for programs and tests that run the
 * provider in their own process (their own environment, a credential of their own); the host passes none.
 */
export function makeProvider(familyName: string, options: ContextOptions = {}): dynamic.ResourceProvider {
    // Shared by the methods, also when Pulumi serializes the object by value (test/serialization.test.ts).
    let context: OperationContext | undefined;
    const ctx = () => (context ??= ops().createContext(undefined, options));
    return {
        configure: async (req) => {
            context = ops().createContext((k: string) => req.config.get(k), options);
        },
        check: (olds, news) => ops().check(ctx(), familyName, olds, news),
        diff: (id, olds, news) => ops().diff(ctx(), familyName, id, olds, news),
        create: (inputs) => ops().create(ctx(), familyName, inputs),
        read: (id, props) => ops().read(ctx(), familyName, id, props),
        update: (id, olds, news) => ops().update(ctx(), familyName, id, olds, news),
        delete: (id, props) => ops().remove(ctx(), familyName, id, props),
    };
}
