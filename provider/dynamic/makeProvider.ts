// The ResourceProvider object of one family. Its methods only `require()` the operations at call time,
// so even serialized by value (a program inside this repository) it holds no setting or credential and
// does not change when the operations do. A module of its own: the per-family modules import it,
// index.ts imports them, and nothing imports back (a cycle left `providers.<family>` empty in the host).

import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ContextOptions } from "../operations";

/** The operations, loaded by package name (see "exports" in package.json) wherever the provider runs. */
function ops(): typeof import("../operations") {
    return require("pulumi-entra-extensions/operations");
}

/** The dynamic face of the operations (adapter.ts), loaded the same way. */
function face(): typeof import("./adapter") {
    return require("pulumi-entra-extensions/dynamic");
}

/**
 * The provider host calls `configure` once per provider object, before any other method: it builds the
 * context all later calls of this object share. `options` is for programs and tests that run the
 * provider in their own process (their own environment, a credential of their own); the host passes none.
 * Options and context are kept by the operations module, keyed by this object: Pulumi serializes the
 * object (its closures' variables included) after a program may have used it, and nothing of a context
 * may travel into the state (test/serialization.test.ts).
 */
export function makeProvider(familyName: string, options: ContextOptions = {}): dynamic.ResourceProvider {
    const provider: dynamic.ResourceProvider = {
        configure: async (req) => void ops().configureProvider(provider, (k: string) => req.config.get(k)),
        check: (olds, news) => face().check(provider, familyName, olds, news),
        diff: (id, olds, news) => face().diff(provider, familyName, id, olds, news),
        create: (inputs) => face().create(provider, familyName, inputs),
        read: (id, props) => face().read(provider, familyName, id, props),
        update: (id, olds, news) => face().update(provider, familyName, id, olds, news),
        delete: (id, props) => face().remove(provider, familyName, id, props),
    };
    // Only a program's own options are handed over (the operations load now); the host's providers pass none.
    if (Object.keys(options).length) ops().setProviderOptions(provider, options);
    return provider;
}
