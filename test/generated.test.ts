// Each file written from the registry's declared shapes is what the generator writes (scripts/generate.ts): schema.json,
// the classes' types (provider/resources/generated.ts) and the table of ranges of docs/validation-rules.md. A shape
// changed without `npm run generate` fails here, naming the file.
import fs from "node:fs";
import path from "node:path";
import { generatedFiles } from "../scripts/generate";

const root = path.resolve(__dirname, "..");

test.each(["schema.json", "provider/resources/generated.ts", "docs/validation-rules.md"])(
    "%s is what `npm run generate` writes from the registry",
    (file) => {
        const expected = generatedFiles(root)[file];
        expect(expected).toBeDefined();
        const held = fs.readFileSync(path.join(root, file), "utf8");
        if (held !== expected) throw new Error(`${file} is not what the generator writes from the registry: run \`npm run generate\``);
    },
);

test("the ranges the codecs enforce are the ones the docs' table and the schema state (one declaration)", async () => {
    const files = generatedFiles(root);
    // The client timeout's range, declared once in fields.ts's CLIENT_CONFIGURATION, reaches all three.
    expect(files["docs/validation-rules.md"]).toMatch(
        /`CustomTaskExtension\.clientConfiguration\.timeoutInMilliseconds` \| a whole number, 200\.\.2000/,
    );
    expect(files["schema.json"]).toContain("From 200 to 2000.");
    expect(files["provider/resources/generated.ts"]).toContain("From 200 to 2000.");
    const { fromInputs } = await import("../provider/families/canonical");
    const { families } = await import("../provider/families");
    const at = (ms: number) => fromInputs(families.customTaskExtension, { clientConfiguration: { timeoutInMilliseconds: ms } }).failures;
    expect(at(2000).filter((f) => f.property.includes("timeoutInMilliseconds"))).toEqual([]);
    expect(at(2001).find((f) => f.property.includes("timeoutInMilliseconds"))?.reason).toMatch(/from 200 to 2000/);
});
