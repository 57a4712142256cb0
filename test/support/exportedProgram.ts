// An exported program's resources as its classes receive them: index.ts transpiled and run with recording
// stand-ins for the package's classes (no engine), and the arguments as the provider gets them.
import vm from "node:vm";
import ts from "typescript";
import { families, FamilyName } from "../../provider/families";

export interface Declared {
    type: string;
    name: string;
    args: any;
    opts: any;
}

export function runProgram(index: string): Declared[] {
    const declared: Declared[] = [];
    // A recorded resource's id is the id it imports, as the engine's output is once adopted.
    const recorder = (type: string) =>
        class {
            id: string;
            constructor(name: string, args: unknown, opts: { import: string }) {
                declared.push({ type, name, args, opts });
                this.id = opts.import;
            }
        };
    const modules: Record<string, unknown> = {
        "pulumi-entra-extensions": Object.fromEntries(Object.values(families).map((f) => [f.resourceType, recorder(f.resourceType)])),
        "@pulumi/pulumi": { secret: (v: unknown) => ({ $secret: v }) },
    };
    const js = ts.transpileModule(index, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const module = { exports: {} };
    vm.runInNewContext(js, { require: (m: string) => modules[m], module, exports: module.exports });
    return declared;
}

/** `pulumi.secret(x)` as the recording stand-in wrote it, back to `x` (the provider host gets inputs plain). */
export const unwrapSecrets = (v: any): any =>
    Array.isArray(v)
        ? v.map(unwrapSecrets)
        : v && typeof v === "object"
          ? "$secret" in v
              ? v.$secret
              : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]))
          : v;

/** The family of a resource class name (`CustomTaskExtension` -> `customTaskExtension`). */
export const FAMILY = Object.fromEntries(Object.values(families).map((f) => [f.resourceType, f.name])) as Record<string, FamilyName>;
