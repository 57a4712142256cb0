// The program of the engine tests: each stack's `test:specFile` config names a JSON file listing the
// resources to declare, so one installed program serves every stack and a test changes the program by
// rewriting that file. (A file, not config: the engine stores all stack config in the state of the
// provider, and the specs hold secrets in plain text.)
//   {"resources": [{"type": "CustomTaskExtension", "name": "a", "args": {...}, "options": {...}}]}
// A value {"$secret": v} becomes pulumi.secret(v), and {"$ref": "name.output"} the output of a resource
// declared before it (`extension.id`), as a program passes one resource's output to another. Every output
// of every resource is exported, so a test sees what a program would see at run time.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as entra from "pulumi-entra-extensions";

interface Declared {
    type:
        | "CustomTaskExtension"
        | "AccessPackageWorkflowExtension"
        | "CustomAuthenticationExtension"
        | "AuthenticationEventListener"
        | "LifecycleWorkflow"
        | "AccessPackageCustomExtensionStages";
    name: string;
    args: Record<string, unknown>;
    options?: pulumi.CustomResourceOptions;
}

const declared: Record<string, Record<string, pulumi.Output<unknown>>> = {};

function revive(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === "object") {
        if ("$secret" in v) return pulumi.secret((v as { $secret: unknown }).$secret);
        if ("$ref" in v) {
            const [name, output] = String((v as { $ref: string }).$ref).split(".");
            return declared[name][output];
        }
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
    }
    return v;
}

const spec: { resources: Declared[] } = JSON.parse(fs.readFileSync(new pulumi.Config("test").require("specFile"), "utf8"));
const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const r of spec.resources) {
    const Resource = entra[r.type] as unknown as new (n: string, a: unknown, o?: pulumi.CustomResourceOptions) => pulumi.CustomResource;
    const res = new Resource(r.name, revive(r.args), r.options) as unknown as Record<string, pulumi.Output<unknown>>;
    declared[r.name] = res;
    // Every output the object has, read the way a program reads it: property by property, with apply.
    const names = Object.keys(res).filter((k) => pulumi.Output.isInstance(res[k]) && !k.startsWith("__") && k !== "urn");
    outputs[r.name] = pulumi.all(Object.fromEntries(names.map((k) => [k, res[k].apply((v) => (v === undefined ? "<undefined>" : v))])));
}
export const resources = outputs;
