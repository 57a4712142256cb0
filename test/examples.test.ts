// The example programs compile against the package's types, as a user's `pulumi up` would compile them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { typeCheck } from "./support/typeCheck";

const root = path.resolve(__dirname, "..");
const examples = fs.readdirSync(path.join(root, "examples")).filter((d) => fs.existsSync(path.join(root, "examples", d, "index.ts")));

test("there is a program per scenario", () => {
    expect(examples.sort()).toEqual(["access-package-logic-app", "custom-claims-provider", "lifecycle-workflow-logic-app", "quickstart"]);
});

test.each(examples)("examples/%s type-checks", (dir) => {
    const diagnostics = typeCheck(path.join(root, "examples", dir, "index.ts"));
    expect(diagnostics).toEqual([]);
});

test("the README's TypeScript quickstart is a whole program: it type-checks as written", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const block = /## Quickstart program\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-readme-"));
    try {
        fs.writeFileSync(path.join(dir, "index.ts"), block!);
        expect(typeCheck(path.join(dir, "index.ts"))).toEqual([]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
