// schema.json stays in step with the TypeScript argument types users compile against: property
// names, required flags and enum values, read from the sources with the TypeScript compiler.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { resolveSettings } from "../provider/graph/settings";

const root = path.resolve(__dirname, "..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
const program = ts.createProgram([path.join(root, "provider/index.ts")], { strict: true, skipLibCheck: true });
const checker = program.getTypeChecker();

interface Prop {
    required: boolean;
    literals: string[];
}

function argsOf(file: string, name: string): Record<string, Prop> {
    const sf = program.getSourceFile(path.join(root, file))!;
    let decl: ts.InterfaceDeclaration | undefined;
    sf.forEachChild((n) => {
        if (ts.isInterfaceDeclaration(n) && n.name.text === name) decl = n;
    });
    if (!decl) throw new Error(`${name} not found in ${file}`);
    const out: Record<string, Prop> = {};
    for (const sym of checker.getTypeAtLocation(decl).getProperties()) {
        const t = checker.getTypeOfSymbolAtLocation(sym, decl);
        const parts = t.isUnion() ? t.types : [t];
        out[sym.name] = {
            required: (sym.flags & ts.SymbolFlags.Optional) === 0,
            literals: parts
                .filter((p) => p.isStringLiteral())
                .map((p) => (p as ts.StringLiteralType).value)
                .sort(),
        };
    }
    return out;
}

const enumValues = (p: any): string[] => {
    const ref: string | undefined = p.$ref ?? p.items?.$ref;
    const t = ref ? schema.types[ref.replace("#/types/", "")] : undefined;
    return t?.enum ? t.enum.map((e: any) => e.value).sort() : [];
};

test.each([
    ["entra:index:CustomTaskExtension", "provider/resources/generated.ts", "CustomTaskExtensionArgs"],
    ["entra:index:AccessPackageWorkflowExtension", "provider/resources/generated.ts", "AccessPackageWorkflowExtensionArgs"],
    ["entra:index:CustomAuthenticationExtension", "provider/resources/generated.ts", "CustomAuthenticationExtensionArgs"],
    ["entra:index:AuthenticationEventListener", "provider/resources/generated.ts", "AuthenticationEventListenerArgs"],
    ["entra:index:LifecycleWorkflow", "provider/resources/generated.ts", "LifecycleWorkflowArgs"],
    ["entra:index:AccessPackageCustomExtensionStages", "provider/resources/generated.ts", "AccessPackageCustomExtensionStagesArgs"],
])("%s matches %s's %s: names, required, enums", (token, file, iface) => {
    const args = argsOf(file, iface);
    const res = schema.resources[token];
    expect(Object.keys(res.inputProperties).sort()).toEqual(Object.keys(args).sort());
    expect([...res.requiredInputs].sort()).toEqual(
        Object.keys(args)
            .filter((k) => args[k].required)
            .sort(),
    );
    for (const [k, p] of Object.entries(args)) expect([k, enumValues(res.inputProperties[k])]).toEqual([k, p.literals]);
});

test("replacement is declared for exactly the properties Graph cannot change in place", () => {
    const replacing = (t: string) =>
        Object.entries(schema.resources[t].inputProperties)
            .filter(([, p]: any) => p.replaceOnChanges)
            .map(([k]) => k)
            .sort();
    expect(replacing("entra:index:CustomTaskExtension")).toEqual([]);
    expect(replacing("entra:index:AccessPackageWorkflowExtension")).toEqual(["catalogId", "extensionType"]);
    expect(replacing("entra:index:CustomAuthenticationExtension")).toEqual(["extensionType"]);
    expect(replacing("entra:index:AuthenticationEventListener")).toEqual(["eventType"]);
    expect(replacing("entra:index:LifecycleWorkflow")).toEqual(["category"]);
    expect(replacing("entra:index:AccessPackageCustomExtensionStages")).toEqual(["policyId"]);
});

test("every $ref names a defined type, every property has a type and a description", () => {
    const text = JSON.stringify(schema);
    for (const m of text.matchAll(/"\$ref":"#\/types\/([^"]+)"/g)) expect(schema.types).toHaveProperty([m[1]]);
    for (const [token, r] of Object.entries<any>(schema.resources))
        for (const [k, p] of Object.entries<any>(r.inputProperties)) expect([token, k, !!(p.type || p.$ref)]).toEqual([token, k, true]);
});

test("package.json exports a provider module for every family, and schema.json's config names every setting", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../package.json"), "utf8"));
    const { families } = require("../provider/families");
    // The export's key stays `providers/<family>`: every state written since the first release requires it by that name.
    for (const name of Object.keys(families)) expect(pkg.exports[`./providers/${name}`]).toBe(`./dist/provider/dynamic/${name}.js`);
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../schema.json"), "utf8"));
    // The stack config keys the provider reads: every key resolveSettings asks its config getter for.
    const read = new Set<string>();
    resolveSettings((key) => void read.add(key.replace(/^entra:/, "")), {});
    expect(Object.keys(schema.config.variables).sort()).toEqual([...read].sort());
    // An explicit provider takes the same settings as the stack config.
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
});

test("the plugin's schema has a resource per family, and SDKs ask for the plugin of the package's version", () => {
    const { families } = require("../provider/families");
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../package.json"), "utf8"));
    expect(Object.keys(schema.resources).sort()).toEqual(
        Object.values<any>(families)
            .map((f) => `entra:index:${f.resourceType}`)
            .sort(),
    );
    expect(schema.version).toBe(pkg.version);
    for (const lang of ["nodejs", "python", "go", "csharp"])
        expect([lang, schema.language[lang].respectSchemaVersion]).toEqual([lang, true]);
});

test("the Registry's metadata: every field it reads, and every address built from package.json's repository", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../package.json"), "utf8"));
    const repo = /github\.com\/([\w.-]+\/[\w.-]+?)\.git$/.exec(pkg.repository.url)![1];
    expect(schema).toMatchObject({
        displayName: expect.any(String),
        description: expect.any(String),
        publisher: repo.split("/")[0],
        homepage: `https://github.com/${repo}`,
        repository: `https://github.com/${repo}`,
        logoUrl: `https://raw.githubusercontent.com/${repo}/main/assets/logo.svg`,
        license: pkg.license,
        pluginDownloadURL: `github://api.github.com/${repo}`,
    });
    expect(fs.existsSync(path.join(__dirname, "../assets/logo.svg"))).toBe(true);
    expect(schema.keywords).toEqual(expect.arrayContaining(["kind/native", expect.stringMatching(/^category\/\w+$/)]));
    expect(schema.language.go.importBasePath).toBe(`github.com/${repo}/sdk/go/entra`);
});

test.each([
    ["git+https://github.com/someone/a-fork.git", "someone/a-fork"],
    ["https://github.com/someone/a-fork", "someone/a-fork"],
    ["git@github.com:someone/a.fork.git", "someone/a.fork"],
    ["github:someone/a-fork", "someone/a-fork"],
])("a fork's repository %s publishes under %s", (url, expected) => {
    const { githubRepository } = require("../provider/plugin/schema");
    expect(githubRepository({ type: "git", url })).toBe(expected);
    expect(githubRepository(url)).toBe(expected);
});

test("a repository that is not on GitHub is refused: no download URL can be built from it", () => {
    const { githubRepository } = require("../provider/plugin/schema");
    expect(() => githubRepository("https://gitlab.com/someone/a-fork")).toThrow(/not a GitHub repository/);
});

test("every resource's description ends with an Import section whose id form the plugin accepts", () => {
    const { families } = require("../provider/families");
    const { locate } = require("../provider/plugin/importId");
    for (const f of Object.values<any>(families)) {
        const description: string = schema.resources[`entra:index:${f.resourceType}`].description;
        const m = /\n## Import\n\n.+\n\n```sh\n\$ pulumi import (\S+) <name> (\S+)\n```\n$/.exec(description);
        expect([f.resourceType, m?.[1]]).toEqual([f.resourceType, `entra:index:${f.resourceType}`]);
        // The form with sample values, as `pulumi import` passes it to Read (no state): the plugin locates the object.
        const sample = m![2].replace(/<catalogId>/, "cat-1").replace(/<[^>]+>/, "obj-1");
        const located = locate(f, sample, {});
        expect([f.resourceType, located.id]).toEqual([f.resourceType, sample.includes("/") ? "obj-1" : sample]);
        if (sample.includes("/")) expect(located.props.catalogId).toBe("cat-1");
    }
});
