// The pulumi.dynamic.ResourceProvider objects, one per family. Pulumi serializes each into state as
// `__provider`. Each is the exports of a module of its own, named after its family, so that an installed
// package is captured as one `require("pulumi-entra-extensions/providers/<family>")` line (see
// makeProvider.ts for what the object holds).

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { families, FamilyName } from "../families";

export const providers = Object.fromEntries(
    Object.keys(families).map((name) => [name, require(`./${name}`) as dynamic.ResourceProvider]),
) as Record<FamilyName, dynamic.ResourceProvider>;
