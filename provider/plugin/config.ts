// The provider's settings as the engine hands them to Configure: typed `args` (the schema's provider
// inputs, from an explicit provider or the stack config), else the `variables` map keyed
// `entra:config:<name>`. Both become the ConfigGetter that provider/graph/settings.ts reads.

import type { ConfigureRequest } from "@pulumi/pulumi/proto/provider_pb";
import { ConfigGetter, fromEngine } from "../graph/settings";
import { UNKNOWN } from "../families/values";
import { fromStruct } from "./properties";

/** A setting's value as settings.ts reads it: a string; unknown (an explicit provider's output in preview) as absent. */
const asSetting = (v: unknown): string | undefined =>
    v === undefined || v === null || v === UNKNOWN ? undefined : typeof v === "string" ? v : JSON.stringify(v);

export function configGetter(req: ConfigureRequest): ConfigGetter {
    const args = req.getArgs() ? fromStruct(req.getArgs()).value : undefined;
    const variables = req.getVariablesMap();
    return fromEngine((key: string) => {
        const name = key.replace(/^entra:/, "");
        if (args) return asSetting(args[name]);
        return asSetting(variables.get(`entra:config:${name}`) ?? undefined);
    });
}
