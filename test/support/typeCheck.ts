// Type-checks a program as a user's `pulumi up` compiles it, against this package's own source.
import path from "node:path";
import ts from "typescript";

const root = path.resolve(__dirname, "../..");

/** The compiler's diagnostics for `file`, with "pulumi-entra-extensions" resolved to provider/index.ts. */
export function typeCheck(file: string): string[] {
    const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        esModuleInterop: true,
        resolveJsonModule: true,
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        baseUrl: root,
        // programs depend on the package ("file:../.." or the published one); here it is the source itself
        paths: { "pulumi-entra-extensions": ["provider/index.ts"], "@pulumi/pulumi": ["node_modules/@pulumi/pulumi"] },
        types: ["node"],
        typeRoots: [path.join(root, "node_modules/@types")],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}
