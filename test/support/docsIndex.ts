// The programs of docs/_index.md, the Registry's first page: one per language in its chooser.
import fs from "node:fs";
import path from "node:path";

export const DOCS = path.join(__dirname, "../../docs");

/** The program of `language` in docs/_index.md's chooser. */
export function indexProgram(language: "typescript" | "python" | "go" | "yaml"): string {
    const text = fs.readFileSync(path.join(DOCS, "_index.md"), "utf8");
    const m = new RegExp(`{{% choosable language ${language} %}}\\s*\`\`\`${language}\\n([\\s\\S]*?)\`\`\`\\s*{{% /choosable %}}`).exec(
        text,
    );
    if (!m) throw new Error(`docs/_index.md has no ${language} program`);
    return m[1];
}
