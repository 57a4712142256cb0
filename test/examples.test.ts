// The example programs compile against the package's types, as a user's `pulumi up` would compile them.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = path.resolve(__dirname, "..");
const examples = fs.readdirSync(path.join(root, "examples")).filter((d) => fs.existsSync(path.join(root, "examples", d, "index.ts")));

test("there is a program per scenario", () => {
    expect(examples.sort()).toEqual(["access-package-logic-app", "lifecycle-workflow-logic-app", "quickstart"]);
});

test.each(examples)("examples/%s type-checks", (dir) => {
    const program = ts.createProgram([path.join(root, "examples", dir, "index.ts")], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        esModuleInterop: true,
        resolveJsonModule: true,
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        baseUrl: root,
        // the examples depend on "pulumi-entra-extensions": "file:../.."; here it is the source itself
        paths: { "pulumi-entra-extensions": ["provider/index.ts"] },
        types: ["node"],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
});
