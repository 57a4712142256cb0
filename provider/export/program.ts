// Writes a tenant (tenant.ts) as a TypeScript Pulumi program: one resource per object, named after its
// displayName, with its arguments in the forms a person writes (PoP left out as the default, claims as
// strings, unset values left out) and `{ import: id }`, so that `pulumi up` adopts it without a change.
// Each object's arguments are canonicalized again here exactly as `check` will canonicalize them, and
// compared with what Graph holds: an object whose program would not read back unchanged is flagged.

import { fromInputs } from "../families/canonical";
import { Canonical, inCatalog, titles } from "../families/family";
import { families } from "../families";
import { deepEqual } from "../families/values";
import { OwnPackage, ownPackage } from "./packageSpec";
import { Catalog, FamilyName, Tenant, TenantObject } from "./tenant";

const CLASS = (f: FamilyName) => families[f].resourceType;
/** What a name starts with when its displayName gives no usable identifier: the family's short name. */
const PREFIX = (f: FamilyName) => families[f].shortName;
const ORDER = Object.keys(families) as FamilyName[];

const RESERVED = new Set(
    (
        "break case catch class const continue debugger default delete do else enum export extends false finally for function " +
        "if import in instanceof new null return super switch this throw true try typeof var void while with as implements " +
        "interface let package private protected public static yield any boolean constructor declare get module require number " +
        "set string symbol type from of await async undefined NaN Infinity arguments eval never unknown object bigint pulumi exports"
    ).split(" "),
);
const MAX_NAME = 60;

/** Code written as it is, not as a literal (a reference to a catalog constant, a pulumi.secret call). */
class Code {
    constructor(readonly code: string) {}
}

export interface RenderOptions {
    /** Pulumi project name (Pulumi.yaml, package.json). */
    projectName?: string;
    /** Says where the objects came from in the header: "Microsoft Graph v1.0 (AzureCloud)". */
    source?: string;
    /** The dependency spec of pulumi-entra-extensions in package.json; where the running package came from by default. */
    packageSpec?: string;
    /** The package as already resolved (ownPackage) by a caller that reports it too: read once, not again. */
    dependency?: OwnPackage;
}

export interface RenderedProgram {
    /** File name to content: index.ts, package.json, Pulumi.yaml, tsconfig.json, README.md. */
    files: Record<string, string>;
    /** Resource name per object id. */
    names: Record<string, string>;
    /** Objects whose arguments would not read back exactly as Graph holds them, one line each. */
    warnings: string[];
}

/**
 * A readable camelCase identifier from a displayName: "Onboarding: provision badge" gives
 * onboardingProvisionBadge, "HR claims" hrClaims; accents are dropped, other characters separate words.
 */
export function identifierFrom(displayName: string, family: FamilyName): string {
    const words = displayName
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean);
    let id = words
        .map((w, i) => {
            if (i > 0) return w[0].toUpperCase() + w.slice(1);
            return w === w.toUpperCase() ? w.toLowerCase() : w[0].toLowerCase() + w.slice(1);
        })
        .join("");
    if (id === "" || /^[0-9]/.test(id) || RESERVED.has(id)) id = PREFIX(family) + (id ? id[0].toUpperCase() + id.slice(1) : "Extension");
    if (id.length > MAX_NAME) id = id.slice(0, MAX_NAME);
    return id;
}

/** Hands out identifiers once each: a second "Onboarding" becomes onboarding2. */
class Names {
    private readonly taken = new Set<string>(["pulumi", ...Object.values(CLASS)]);
    take(base: string): string {
        let name = base;
        for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
        this.taken.add(name);
        return name;
    }
}

const isIdentifier = (k: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k);

/** A TypeScript literal for a value: one line when it fits, otherwise one property or item per line. */
function literal(v: unknown, indent: string, width = 110): string {
    if (v instanceof Code) return v.code;
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (v === null || v === undefined) return "undefined";
    const inner = indent + "    ";
    if (Array.isArray(v)) {
        const items = v.map((x) => literal(x, inner, width));
        const flat = `[${items.join(", ")}]`;
        if (flat.length + indent.length <= width && !flat.includes("\n")) return flat;
        return `[\n${items.map((x) => `${inner}${x},`).join("\n")}\n${indent}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${isIdentifier(k) ? k : JSON.stringify(k)}: ${literal(x, inner, width)}`);
    if (!entries.length) return "{}";
    const flat = `{ ${entries.join(", ")} }`;
    if (flat.length + indent.length <= width && !flat.includes("\n")) return flat;
    return `{\n${entries.map((x) => `${inner}${x},`).join("\n")}\n${indent}}`;
}

/** A URL carrying a query (a function key, a signature) is marked secret, so state holds it encrypted. */
const carriesQuery = (url: unknown) => typeof url === "string" && /\?./.test(url);

/**
 * The arguments a person would write for an object: `plain` holds the values (what check will see),
 * `code` the same with references and secrets as code.
 */
function friendlyArgs(
    o: TenantObject,
    catalogConst: string | undefined,
): { plain: Record<string, unknown>; code: Record<string, unknown>; secret: boolean } {
    const f = families[o.family];
    const plain: Record<string, unknown> = {};
    const code: Record<string, unknown> = {};
    let secret = false;
    for (const field of f.fields) {
        let v = o.canonical[field.name];
        // What equals its default is left out, as a person writes it (PoP authentication, no applications yet);
        // a type (extensionType) is always written, being what the object is.
        if (v === undefined || (!field.choices && field.defaultValue !== undefined && deepEqual(v, field.defaultValue))) continue;
        let c: unknown = v;
        switch (field.name) {
            case "catalogId":
                if (catalogConst) c = new Code(catalogConst);
                break;
            case "authenticationConfiguration": {
                const a = v as { type: string; resourceId?: string };
                if (a.type === "azureAdToken" && a.resourceId) v = c = { resourceId: a.resourceId };
                break;
            }
            case "claimsForTokenConfiguration":
                v = c = (v as { claimIdInApiResponse: string }[]).map((x) => x.claimIdInApiResponse);
                break;
            case "conditions": // the applications as plain appIds
                v = c = {
                    applications: {
                        includeApplications: (
                            (v as { applications: { includeApplications: { appId: string }[] } }).applications.includeApplications ?? []
                        ).map((a) => a.appId),
                    },
                };
                break;
            case "endpointConfiguration": {
                const e = v as { targetUrl?: string };
                if (carriesQuery(e.targetUrl)) {
                    secret = true;
                    c = { ...e, targetUrl: new Code(`pulumi.secret(${JSON.stringify(e.targetUrl)})`) };
                }
                break;
            }
        }
        plain[field.name] = v;
        code[field.name] = c;
    }
    return { plain, code, secret };
}

/** Why the program's arguments would not read back as Graph holds the object, or undefined when they do. */
function roundTripProblem(o: TenantObject, plain: Record<string, unknown>): string | undefined {
    const f = families[o.family];
    const { canonical, failures } = fromInputs(f, plain);
    if (failures.length) return `check will refuse it: ${failures.map((x) => `${x.property}: ${x.reason}`).join("; ")}`;
    const differing = f.fields.map((x) => x.name).filter((k) => !deepEqual((canonical as Canonical)[k], o.canonical[k]));
    return differing.length ? `its arguments would not read back as Graph holds them (${differing.join(", ")})` : undefined;
}

const countOf = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A sentence as `//` lines of at most 110 columns. */
function commentLines(text: string, width = 110): string[] {
    const lines: string[] = [];
    for (const word of text.split(" ")) {
        const last = lines.length - 1;
        if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
        else lines.push(`// ${word}`);
    }
    return lines;
}

function header(tenant: Tenant, opts: RenderOptions): string[] {
    const n = (f: FamilyName) => tenant.objects.filter((o) => o.family === f).length;
    const inCatalogs = ` in ${countOf(tenant.catalogs.length, "catalog")}`;
    const lives = (f: FamilyName) => (inCatalog(families[f]) ? inCatalogs : "");
    const summary = ORDER.filter((f) => tenant.families.includes(f))
        .map((f) => `${countOf(n(f), families[f].title, titles(families[f]))}${lives(f)}`)
        .join(", ");
    return [
        `// Generated by \`pulumi-entra-extensions export\`${opts.source ? ` from ${opts.source}` : ""}:`,
        ...commentLines(`${summary}.`),
        "// Each resource names the object it stands for with `import`: the first `pulumi up` adopts it as it is,",
        "// with no change in Entra, and `pulumi preview --expect-no-changes` passes afterwards.",
    ];
}

/**
 * What names an object in the program and orders it: its displayName; else (a policy's stages, a listener
 * where a cloud has no displayName) what Graph shows of it, then the family's short name.
 */
export function labelOf(o: TenantObject): string {
    const d = o.canonical.displayName;
    if (typeof d === "string" && d) return d;
    const parts = [o.graph.displayName, o.canonical.eventType, families[o.family].shortName];
    return parts.filter((x) => typeof x === "string" && x).join(" ");
}

/** The value with every string that is the id of an object the program declares written as a reference to it. */
function withReferences(v: unknown, declared: Map<string, string>): unknown {
    if (typeof v === "string") {
        const name = declared.get(v.toLowerCase());
        return name ? new Code(`${name}.id`) : v;
    }
    if (v instanceof Code || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => withReferences(x, declared));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withReferences(x, declared)]));
}

const capitalized = (s: string) => s[0].toUpperCase() + s.slice(1);

export function renderProgram(tenant: Tenant, opts: RenderOptions = {}): RenderedProgram {
    const names = new Names();
    const warnings: string[] = [];
    const byFamily = (f: FamilyName) =>
        tenant.objects.filter((o) => o.family === f).sort((a, b) => labelOf(a).localeCompare(labelOf(b), "en") || a.id.localeCompare(b.id));
    const used = new Set<FamilyName>();
    let secrets = false;
    const body: string[] = [];
    const resourceNames = new Map<string, string>(); // keyed by Graph's ids: a Map, where no id finds an inherited name
    // Ids of the objects declared so far: an attachment names its extension by reference (`extension.id`),
    // so that the engine orders them and a replaced extension is followed.
    const declared = new Map<string, string>();

    const emit = (o: TenantObject, catalogConst?: string) => {
        const name = names.take(identifierFrom(labelOf(o), o.family));
        resourceNames.set(o.id, name);
        used.add(o.family);
        const args = friendlyArgs(o, catalogConst);
        secrets ||= args.secret;
        const problem = roundTripProblem(o, args.plain);
        if (problem) {
            warnings.push(`${name} (${families[o.family].title} ${JSON.stringify(labelOf(o))}, ${o.id}): ${problem}`);
            body.push(`// CHECK: ${problem.replace(/\n/g, " ")}`);
        }
        const options = `{ import: ${JSON.stringify(o.id)} }`;
        const code = literal(withReferences(args.code, declared), "");
        body.push(`const ${name} = new ${CLASS(o.family)}(${JSON.stringify(name)}, ${code}, ${options});`);
        declared.set(o.id.toLowerCase(), name);
    };

    // The extensions come first: what names them follows.
    const catalogs = [...tenant.catalogs].sort((a, b) => a.displayName.localeCompare(b.displayName, "en") || a.id.localeCompare(b.id));
    for (const familyName of ORDER) {
        const f = families[familyName];
        const objects = byFamily(familyName);
        if (!objects.length) continue;
        if (!inCatalog(f)) {
            body.push("", `// ${capitalized(titles(f))}`);
            for (const o of objects) emit(o);
            continue;
        }
        for (const c of catalogs) {
            const here = objects.filter((o) => o.catalogId === c.id);
            if (!here.length) continue;
            const constName = names.take(
                `${identifierFrom(c.displayName, familyName)}Catalog`.replace(/^accessPackageExtensionCatalog$/, "catalog"),
            );
            body.push(
                "",
                `// ${capitalized(titles(f))} in catalog ${JSON.stringify(c.displayName)}`,
                `const ${constName} = ${JSON.stringify(c.id)};`,
            );
            for (const o of here) emit(o, constName);
        }
    }

    const imports: string[] = [];
    if (secrets) imports.push('import * as pulumi from "@pulumi/pulumi";');
    const classes = ORDER.filter((f) => used.has(f)).map(CLASS);
    if (classes.length) {
        const one = `import { ${classes.join(", ")} } from "pulumi-entra-extensions";`;
        imports.push(
            one.length <= 110 ? one : `import {\n${classes.map((c) => `    ${c},`).join("\n")}\n} from "pulumi-entra-extensions";`,
        );
    }
    if (!tenant.objects.length) body.push("", "// The tenant holds no objects of the families exported.", "export {};");
    const index = [
        ...header(tenant, opts),
        ...(secrets ? ["// URLs that carry a query (a key, a signature) are passed as secrets: state holds them encrypted."] : []),
        "",
        ...imports,
        ...body,
        "",
    ].join("\n");

    const projectName = opts.projectName ?? "entra-extensions";
    const own = opts.dependency ?? ownPackage(opts.packageSpec);
    const files: Record<string, string> = {
        "index.ts": index,
        "package.json": `${JSON.stringify(
            {
                name: projectName,
                private: true,
                main: "index.ts",
                dependencies: { "@pulumi/pulumi": own.pulumiVersion, "pulumi-entra-extensions": own.spec },
            },
            null,
            2,
        )}\n`,
        "Pulumi.yaml": [
            `name: ${projectName}`,
            "description: Entra ID custom extensions exported from a tenant by pulumi-entra-extensions",
            "runtime: nodejs",
            "",
        ].join("\n"),
        "tsconfig.json": `${JSON.stringify(
            {
                compilerOptions: {
                    strict: true,
                    outDir: "bin",
                    target: "es2020", // the newest the TypeScript vendored in @pulumi/pulumi knows
                    module: "commonjs",
                    moduleResolution: "node",
                    sourceMap: true,
                    skipLibCheck: true,
                    forceConsistentCasingInFileNames: true,
                },
                files: ["index.ts"],
            },
            null,
            2,
        )}\n`,
        "README.md": readme(tenant, projectName, warnings, opts),
    };
    return { files, names: Object.fromEntries(resourceNames), warnings };
}

function readme(tenant: Tenant, projectName: string, warnings: string[], opts: RenderOptions): string {
    return [
        `# ${projectName}`,
        "",
        `Generated by \`pulumi-entra-extensions export\`${opts.source ? ` from ${opts.source}` : ""}: ` +
            `${countOf(tenant.objects.length, "object")}, one resource`,
        "each in `index.ts`, named after its displayName and carrying `{ import: id }`.",
        "",
        "```sh",
        "npm install",
        "pulumi stack init <name>",
        "pulumi up                              # adopts every extension as it is: no change is sent to Entra",
        "pulumi preview --expect-no-changes     # passes",
        "```",
        "",
        "Run it with the settings and sign-in the export used (`entra:*` stack config or the `ENTRA_*`/`AZURE_*`",
        "environment; see the pulumi-entra-extensions README). URLs that carry a query (a function key) are",
        "written as `pulumi.secret(...)`, so state holds them encrypted; this file still shows them: move them to",
        "`pulumi config set --secret` if the program is shared.",
        ...(warnings.length
            ? [
                  "",
                  "## To look at before `pulumi up`",
                  "These objects are marked `// CHECK:` in index.ts:",
                  "",
                  ...warnings.map((w) => `- ${w}`),
              ]
            : []),
        "",
    ].join("\n");
}

export type { Catalog };
