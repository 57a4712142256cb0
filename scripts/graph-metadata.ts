// `npm run metadata -- <dir>`: reads Microsoft's Graph v1.0 metadata (CSDL), one file per cloud, from
// <dir> and writes provider/families/graphMetadata.json: the custom extension entity and complex types
// each cloud has, their properties (inherited ones included), derived types and namespaces, plus a
// sha256 of each source file. Prints the per-cloud table docs/national-clouds.md shows.
//
// The CSDL files are regular (one element per tag, double-quoted attributes), so a small tag reader
// does instead of an XML library.

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { families } from "../provider/families";
import { cloudTable } from "../provider/families/cloudOffers";
import { CloudMetadata, GraphType, METADATA_CLOUDS, MetadataCloud, MetadataFile } from "../provider/families/graphMetadata";
import { repoRoot } from "./repoRoot";

export const SOURCE_FILES: Record<MetadataCloud, string> = {
    AzureCloud: "v1.0-Prod.csdl",
    AzureUSGovernment: "v1.0-Fairfax.csdl",
    AzureChinaCloud: "v1.0-Mooncake.csdl",
};

/** Where the closure starts: the common base of every custom extension. */
const ROOT = "microsoft.graph.customCalloutExtension";

/** Navigation properties whose items request bodies carry inline (`type/property`): their target types are followed too. */
const INLINE_NAVIGATIONS = new Set(Object.values(families).flatMap((f) => (f as { inlineNavigations?: string[] }).inlineNavigations ?? []));

/** The emulator's collections and the navigation property that declares each (owner type, property). */
const COLLECTIONS: Record<string, [string, string]> = Object.fromEntries(
    Object.values(families).map((f) => [f.collection.name, [f.collection.declaredBy, f.collection.name]]),
);

export const GENERATOR_NOTE = "scripts/graph-metadata.ts from Microsoft's Graph v1.0 CSDL; regenerate with `npm run metadata -- <dir>`";

interface RawType {
    kind: "entity" | "complex";
    abstract: boolean;
    open: boolean;
    base?: string;
    properties: [string, string][];
    navigation: [string, string][];
}

export interface CsdlModel {
    /** namespace -> alias (or null) */
    schemas: Map<string, string | null>;
    types: Map<string, RawType>;
    /** Enum types: full name -> members, and whether several may be given at once (IsFlags). */
    enums: Map<string, { members: string[]; flags: boolean }>;
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function attributes(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of text.matchAll(/([\w:.]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        out[m[1]] = (m[2] ?? m[3]).replace(/&(\w+);/g, (all, e: string) => XML_ENTITIES[e] ?? all);
    return out;
}

/** Reads the schemas, entity types and complex types of one CSDL document; names are resolved to full names. */
export function readCsdl(text: string): CsdlModel {
    const schemas = new Map<string, string | null>();
    const raw: { namespace: string; name: string; type: RawType }[] = [];
    const enums = new Map<string, { members: string[]; flags: boolean }>();
    let namespace: string | undefined;
    let current: RawType | undefined;
    let currentEnum: { members: string[]; flags: boolean } | undefined;
    // Tags only; comments and processing instructions are skipped, text between tags is not needed.
    const TAG = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([\w:.]+)((?:\s+[\w:.]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
    for (const m of text.matchAll(TAG)) {
        const [, closing, tag, attrText, selfClosing] = m;
        if (!tag) continue;
        if (closing) {
            if (tag === "Schema") namespace = undefined;
            if (tag === "EntityType" || tag === "ComplexType") current = undefined;
            if (tag === "EnumType") currentEnum = undefined;
            continue;
        }
        const a = attributes(attrText ?? "");
        if (tag === "Schema") {
            namespace = a.Namespace;
            schemas.set(a.Namespace, a.Alias ?? null);
        } else if ((tag === "EntityType" || tag === "ComplexType") && namespace) {
            const type: RawType = {
                kind: tag === "EntityType" ? "entity" : "complex",
                abstract: a.Abstract === "true",
                open: a.OpenType === "true",
                base: a.BaseType,
                properties: [],
                navigation: [],
            };
            raw.push({ namespace, name: a.Name, type });
            current = selfClosing ? undefined : type;
        } else if (tag === "EnumType" && namespace) {
            const e = { members: [] as string[], flags: a.IsFlags === "true" };
            enums.set(`${namespace}.${a.Name}`, e);
            currentEnum = selfClosing ? undefined : e;
        } else if (tag === "Member" && currentEnum) currentEnum.members.push(a.Name);
        else if (tag === "Property" && current) current.properties.push([a.Name, a.Type]);
        else if (tag === "NavigationProperty" && current) current.navigation.push([a.Name, a.Type]);
    }
    const aliases = new Map([...schemas].filter(([, alias]) => alias).map(([ns, alias]) => [alias!, ns]));
    const resolve = (ref: string): string => {
        const coll = /^Collection\((.+)\)$/.exec(ref);
        if (coll) return `Collection(${resolve(coll[1])})`;
        const dot = ref.lastIndexOf(".");
        const ns = ref.slice(0, dot);
        return aliases.has(ns) ? `${aliases.get(ns)}.${ref.slice(dot + 1)}` : ref;
    };
    const types = new Map<string, RawType>();
    for (const { namespace: ns, name, type } of raw) {
        type.base = type.base && resolve(type.base);
        type.properties = type.properties.map(([n, t]) => [n, resolve(t)]);
        type.navigation = type.navigation.map(([n, t]) => [n, resolve(t)]);
        types.set(`${ns}.${name}`, type);
    }
    return { schemas, types, enums };
}

const elementType = (ref: string) => ref.replace(/^Collection\((.+)\)$/, "$1");
/** Keys in ordinal order, so that the file does not depend on the order of Microsoft's file. */
const sorted = <T>(entries: [string, T][]): Record<string, T> =>
    Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The compact data for one cloud: the closure of the custom extension types in this model. */
export function cloudMetadata(model: CsdlModel, source: { file: string; sha256: string }): CloudMetadata {
    const children = new Map<string, string[]>();
    for (const [name, t] of model.types) if (t.base) children.set(t.base, [...(children.get(t.base) ?? []), name]);
    const descendants = (name: string): string[] => (children.get(name) ?? []).flatMap((c) => [c, ...descendants(c)]);

    const ancestors = (name: string): string[] => {
        const base = model.types.get(name)?.base;
        return base ? [base, ...ancestors(base)] : [];
    };
    const flat = (name: string, pick: (t: RawType) => [string, string][]): [string, string][] => {
        const t = model.types.get(name);
        if (!t) return [];
        return [...(t.base ? flat(t.base, pick) : []), ...pick(t)];
    };
    const collections: Record<string, string | null> = {};
    for (const [collection, [owner, nav]] of Object.entries(COLLECTIONS)) {
        const declared = flat(owner, (x) => x.navigation).find(([n]) => n === nav)?.[1];
        collections[collection] = declared ? elementType(declared) : null;
    }
    // A value may carry any type derived from the declared one, so derived types are followed; base
    // types only lend their properties and are listed without their other descendants.
    const valueTypes = new Set<string>();
    const queue = [ROOT, ...Object.values(collections).filter((c): c is string => !!c)];
    while (queue.length) {
        const name = queue.pop()!;
        if (valueTypes.has(name) || !model.types.has(name)) continue;
        valueTypes.add(name);
        queue.push(...(children.get(name) ?? []), ...flat(name, (x) => x.properties).map(([, ref]) => elementType(ref)));
        for (const [nav, ref] of flat(name, (x) => x.navigation))
            if ([name, ...ancestors(name)].some((owner) => INLINE_NAVIGATIONS.has(`${owner}/${nav}`))) queue.push(elementType(ref));
    }
    const included = new Set(valueTypes);
    for (const name of valueTypes)
        for (let b = model.types.get(name)?.base; b && model.types.has(b); b = model.types.get(b)?.base) included.add(b);

    const types: Record<string, GraphType> = {};
    for (const name of included) {
        const t = model.types.get(name)!;
        const navigation = flat(name, (x) => x.navigation);
        const derived = descendants(name)
            .filter((d) => included.has(d))
            .sort();
        types[name] = {
            kind: t.kind,
            ...(t.abstract ? { abstract: true as const } : {}),
            ...(t.open ? { open: true as const } : {}),
            ...(t.base ? { base: t.base } : {}),
            properties: sorted(flat(name, (x) => x.properties)),
            ...(navigation.length ? { navigation: sorted(navigation) } : {}),
            ...(derived.length ? { derived } : {}),
        };
    }
    // The enum types the included properties use, with their members.
    const enums: Record<string, { members: string[]; flags?: true }> = {};
    for (const t of Object.values(types))
        for (const ref of Object.values(t.properties)) {
            const e = model.enums.get(elementType(ref));
            if (e) enums[elementType(ref)] = { members: e.members, ...(e.flags ? { flags: true as const } : {}) };
        }
    const namespaces = [...new Set(Object.keys(types).map((n) => n.slice(0, n.lastIndexOf("."))))].sort();
    return {
        source,
        namespaces,
        collections,
        types: sorted(Object.entries(types)),
        ...(Object.keys(enums).length ? { enums: sorted(Object.entries(enums)) } : {}),
    };
}

export function sha256(text: string): string {
    return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Reads the three clouds' files from `dir` (named as Microsoft publishes them). */
export function generate(dir: string): MetadataFile {
    const clouds = {} as Record<MetadataCloud, CloudMetadata>;
    for (const cloud of METADATA_CLOUDS) {
        const file = SOURCE_FILES[cloud];
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        clouds[cloud] = cloudMetadata(readCsdl(text), { file, sha256: sha256(text) });
    }
    return { generator: GENERATOR_NOTE, clouds };
}

/** The committed file's exact text. */
export function serialize(data: MetadataFile): string {
    return JSON.stringify(data, null, 2) + "\n";
}

/** The committed file, from scripts/ (ts-jest) or dist/scripts/ (compiled). */
export const DATA_FILE = path.join(repoRoot, "provider/families/graphMetadata.json");

if (require.main === module) {
    const dir = process.argv[2];
    if (!dir) {
        process.stderr.write("usage: npm run metadata -- <directory holding v1.0-Prod.csdl, v1.0-Fairfax.csdl, v1.0-Mooncake.csdl>\n");
        process.exit(2);
    }
    const data = generate(dir);
    fs.writeFileSync(DATA_FILE, serialize(data));
    process.stdout.write(`wrote ${DATA_FILE}\n\n${cloudTable(data)}\n`);
}
