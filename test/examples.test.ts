// The example programs compile against the package's types, as a user's `pulumi up` would compile them.
import fs from "node:fs";
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
