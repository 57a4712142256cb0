// docs/_index.md, the page the Pulumi Registry shows first: its program in TypeScript type-checks against the package;
// its YAML names only the schema's resources and properties; its Python compiles and names only the SDK's classes
// (the Go program is built against sdk/ by test/engine/pluginSdks.engine.test.ts); all four make the same resources;
// and no doc links an image by a relative path (the Registry serves the pages elsewhere).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { DOCS, indexProgram } from "./support/docsIndex";
import { typeCheck } from "./support/typeCheck";

const docs = DOCS;
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../schema.json"), "utf8"));

let dir: string;
const tmp = () => (dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "entra-docs-")));
afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

test("the chooser offers TypeScript, Python, Go and YAML", () => {
    expect(fs.readFileSync(path.join(docs, "_index.md"), "utf8")).toContain('{{< chooser language "typescript,python,go,yaml" >}}');
});

test("the TypeScript program type-checks against the package", () => {
    const file = path.join(tmp(), "index.ts");
    fs.writeFileSync(file, indexProgram("typescript"));
    expect(typeCheck(file)).toEqual([]);
});

/** Checks every property of `value` against the schema object `spec` (a resource's inputProperties or a type's properties). */
function checkProperties(where: string, value: Record<string, unknown>, props: Record<string, any>, problems: string[]) {
    for (const [k, v] of Object.entries(value)) {
        const p = props[k];
        if (!p) problems.push(`${where}.${k}: not in the schema`);
        const ref: string | undefined = p?.$ref ?? p?.items?.$ref;
        const type = ref && schema.types[ref.replace("#/types/", "")];
        if (!type?.properties) continue;
        for (const item of Array.isArray(v) ? v : [v])
            if (item && typeof item === "object")
                checkProperties(`${where}.${k}`, item as Record<string, unknown>, type.properties, problems);
    }
}

test("the YAML program names only the schema's resources and properties", () => {
    const program = YAML.parse(indexProgram("yaml"));
    const problems: string[] = [];
    for (const [name, r] of Object.entries<any>(program.resources)) {
        const resource = schema.resources[r.type];
        if (!resource) problems.push(`${name}: no resource ${r.type}`);
        else checkProperties(name, r.properties, resource.inputProperties, problems);
    }
    expect(problems).toEqual([]);
});

test("the Python program compiles and names only the SDK's resources, types and enums", () => {
    const source = indexProgram("python");
    const file = path.join(tmp(), "__main__.py");
    fs.writeFileSync(file, source);
    execFileSync("python3", ["-m", "py_compile", file]);
    const names = new Set(Object.keys({ ...schema.resources, ...schema.types }).map((t) => t.split(":").pop()!));
    const used = [...source.matchAll(/entra\.(\w+)/g)].map((m) => m[1].replace(/Args$/, ""));
    expect(used.filter((n) => !names.has(n))).toEqual([]);
});

test("the four programs make the same resources", () => {
    const yaml = Object.values<any>(YAML.parse(indexProgram("yaml")).resources).map((r) => r.type.split(":").pop());
    const made = (source: string, pattern: RegExp) => [...source.matchAll(pattern)].map((m) => m[1]);
    expect(made(indexProgram("typescript"), /new (\w+)\(/g)).toEqual(yaml);
    expect(made(indexProgram("python"), /^\w*\s*=?\s*entra\.(\w+)\(\s*"/gm)).toEqual(yaml);
    expect(made(indexProgram("go"), /entra\.New(\w+)\(/g)).toEqual(yaml);
});

test("no doc links an image by a relative path", () => {
    const relative: string[] = [];
    for (const f of fs.readdirSync(docs).filter((x) => x.endsWith(".md"))) {
        const text = fs.readFileSync(path.join(docs, f), "utf8");
        for (const m of text.matchAll(/!\[[^\]]*\]\(([^)\s]+)|<img[^>]+src="([^"]+)"/g))
            if (!/^https:\/\//.test(m[1] ?? m[2])) relative.push(`${f}: ${m[1] ?? m[2]}`);
    }
    expect(relative).toEqual([]);
});

test("the Registry's two pages carry its front matter, and the installation page names every package and archive", () => {
    for (const page of ["_index.md", "installation-configuration.md"])
        expect([page, fs.readFileSync(path.join(docs, page), "utf8")]).toEqual([
            page,
            expect.stringMatching(/^---\ntitle: .+\nmeta_desc: .+\nlayout: package\n---\n/),
        ]);
    const install = fs.readFileSync(path.join(docs, "installation-configuration.md"), "utf8");
    const { GO_MODULE } = require("../provider/plugin/schema");
    const { TARGETS } = require("../scripts/pluginRuntimes");
    for (const name of [
        "npm install pulumi-entra-extensions",
        "pip install pulumi_entra",
        `go get ${GO_MODULE}@v`,
        ...TARGETS.map((t: string) => `-${t}.tar.gz`),
    ])
        expect([name, install.includes(name)]).toEqual([name, true]);
});
