// `npm run generate`: what is written from the registry's declared shapes (provider/families/shape.ts), each file as
// the generator writes it, which test/generated.test.ts holds the files to:
// - schema.json, the plugin's schema (provider/plugin/schema.ts; the SDKs in sdk/ follow from it: `npm run build:sdks`);
// - provider/resources/generated.ts, the TypeScript argument and output types and the resource classes;
// - the table of ranges and enumerations in docs/validation-rules.md.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildSchema } from "../provider/plugin/schema";
import { typescriptOfRegistry } from "./generate/typescript";
import { withRulesTable } from "./generate/rulesTable";
import { repoRoot } from "./repoRoot";

/**
 * TypeScript as the repository's formatter writes it (.prettierrc.json, found from `file`), so that `npm run lint` passes
 * it as it is. Prettier runs in a process of its own: it loads itself with import(), which a jest test's VM refuses.
 */
function formatted(text: string, file: string): string {
    const bin = require.resolve("prettier/bin/prettier.cjs");
    return execFileSync(process.execPath, [bin, "--stdin-filepath", file], { input: text, encoding: "utf8" });
}

/** Each generated file, by its path from the repository's root, and the text the generator writes for it. */
export function generatedFiles(root = repoRoot): Record<string, string> {
    const rulesPage = path.join(root, "docs/validation-rules.md");
    return {
        "schema.json": `${JSON.stringify(buildSchema(), null, 2)}\n`,
        "provider/resources/generated.ts": formatted(typescriptOfRegistry(), path.join(root, "provider/resources/generated.ts")),
        "docs/validation-rules.md": withRulesTable(fs.readFileSync(rulesPage, "utf8")),
    };
}

function main() {
    for (const [file, text] of Object.entries(generatedFiles())) {
        const at = path.join(repoRoot, file);
        const before = fs.existsSync(at) ? fs.readFileSync(at, "utf8") : undefined;
        if (before === text) continue;
        fs.writeFileSync(at, text);
        process.stdout.write(`wrote ${file}\n`);
    }
}

if (require.main === module) main();
