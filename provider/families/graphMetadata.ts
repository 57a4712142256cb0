// What Microsoft's Graph v1.0 metadata (CSDL) says about the custom extension types, per cloud, and
// whether a JSON value conforms to it. The data is graphMetadata.json, written by
// scripts/graph-metadata.ts from Microsoft's files; check (clouds.ts) and the emulator both read it.

import type { CloudName } from "../graph/settings";
import data from "./graphMetadata.json";
import { own, pathTo, shown, shownName } from "./values";

/** The clouds that publish a metadata file of their own; AzureUSGovernmentDoD is served from US Government's. */
export type MetadataCloud = "AzureCloud" | "AzureUSGovernment" | "AzureChinaCloud";
export const METADATA_CLOUDS: MetadataCloud[] = ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"];

export function metadataCloud(cloud: CloudName): MetadataCloud {
    return cloud === "AzureUSGovernmentDoD" ? "AzureUSGovernment" : cloud;
}

export interface GraphType {
    kind: "entity" | "complex";
    abstract?: true;
    open?: true;
    /** Full name of the base type. */
    base?: string;
    /** Structural properties, inherited ones included: name -> type (`Edm.String`, `Collection(microsoft.graph.x)`). */
    properties: Record<string, string>;
    /** Navigation properties, inherited ones included; their target types are not listed. */
    navigation?: Record<string, string>;
    /** Every type among those listed that derives from this one, directly or not. */
    derived?: string[];
}

export interface CloudMetadata {
    source: { file: string; sha256: string };
    /** The namespaces of the types below. */
    namespaces: string[];
    /** The emulator's collections -> the entity type Graph declares for them; null where the cloud has no such collection. */
    collections: Record<string, string | null>;
    /** Full name -> type: the custom extension types, their bases and the complex types their properties use. */
    types: Record<string, GraphType>;
    /** Full name -> the members of the enum types those properties use (`flags`: several, comma-separated). */
    enums?: Record<string, { members: string[]; flags?: true }>;
}

export interface MetadataFile {
    generator: string;
    clouds: Record<MetadataCloud, CloudMetadata>;
}

export const GRAPH_METADATA = data as unknown as MetadataFile;

export function metadataFor(cloud: CloudName, file: MetadataFile = GRAPH_METADATA): CloudMetadata {
    return file.clouds[metadataCloud(cloud)];
}

/** `#microsoft.graph.x` -> `microsoft.graph.x`. */
export const typeName = (odataType: string): string => odataType.replace(/^#/, "");

/** The concrete types a value declared as `declared` may carry in this cloud (itself included when concrete). */
export function concreteTypes(meta: CloudMetadata, declared: string): string[] {
    const t = own(meta.types, declared);
    if (!t) return [];
    return [declared, ...(t.derived ?? [])].filter((n) => own(meta.types, n) && !meta.types[n].abstract);
}

export type ProblemKind = "unknownProperty" | "unknownType" | "abstractType" | "notAssignable" | "wrongValue";

export interface Problem {
    kind: ProblemKind;
    /** Where in the JSON: `callbackConfiguration.@odata.type`, `claimsForTokenConfiguration[0].claimIdInApiResponse`. */
    path: string;
    /** Said as Graph's OData layer says it. */
    message: string;
    /** The type the value was read as (for unknownProperty) or the declared type (for type problems). */
    type: string;
    /** The property the type lacks (unknownProperty). */
    name?: string;
}

const PRIMITIVE: Record<string, (v: unknown) => boolean> = {
    "Edm.String": (v) => typeof v === "string",
    "Edm.Duration": (v) => typeof v === "string",
    "Edm.DateTimeOffset": (v) => typeof v === "string",
    "Edm.Guid": (v) => typeof v === "string",
    "Edm.Boolean": (v) => typeof v === "boolean",
    "Edm.Int32": (v) => Number.isInteger(v),
    "Edm.Int64": (v) => Number.isInteger(v),
    "Edm.Double": (v) => typeof v === "number",
};

/**
 * What Graph's OData layer would refuse in `value` read as `declared` in this cloud: properties the type
 * lacks, `@odata.type`s the cloud lacks, abstract types and types not derived from the declared one.
 * `null` is accepted everywhere (nullability is not modelled); instance annotations are ignored. Every
 * name from the value is looked up among the metadata's own entries (a `toString` key is a property the
 * type lacks). Callers bound the value's depth first (bounds.ts).
 */
export function conformanceProblems(
    meta: CloudMetadata,
    value: unknown,
    declared: string,
    path = "",
    opts: { strict?: boolean } = {},
): Problem[] {
    if (value === null || value === undefined) return [];
    const problem = (kind: ProblemKind, at: string, message: string, type = declared): Problem[] => [{ kind, path: at, type, message }];
    const collection = /^Collection\((.+)\)$/.exec(declared);
    if (collection) {
        if (!Array.isArray(value)) return problem("wrongValue", path, `A collection was expected for '${path}' (${declared}).`);
        return value.flatMap((v, i) => conformanceProblems(meta, v, collection[1], `${path}[${i}]`, opts));
    }
    const enumType = own(meta.enums, declared);
    if (enumType) {
        const given = typeof value === "string" ? (enumType.flags ? value.split(",").map((x) => x.trim()) : [value]) : [];
        if (given.length && given.every((m) => enumType.members.includes(m))) return [];
        const sent = typeof value === "string" ? `'${shownName(value)}'` : shown(value);
        return problem("wrongValue", path, `The value ${sent} of '${path}' is not a member of ${declared}.`);
    }
    if (declared.startsWith("Edm.")) {
        const ok = own(PRIMITIVE, declared);
        return !ok || ok(value) ? [] : problem("wrongValue", path, `Cannot convert the value ${shown(value)} of '${path}' to ${declared}.`);
    }
    if (typeof value !== "object" || Array.isArray(value))
        return problem("wrongValue", path, `An object of type '${declared}' was expected for '${path}'.`);
    const body = value as Record<string, unknown>;
    const typePath = pathTo(path, "@odata.type");
    const sentType = own(body, "@odata.type");
    if (sentType !== undefined && typeof sentType !== "string")
        return problem("wrongValue", typePath, `The '@odata.type' of '${path}' must be a type name (got ${shown(sentType)}).`);
    const actual = sentType !== undefined ? typeName(sentType) : declared;
    const t = own(meta.types, actual);
    if (!t)
        return problem("unknownType", typePath, `A type named '${shownName(actual)}' could not be resolved by the model. ${RESOLVE_HINT}`);
    if (actual !== declared && !(own(meta.types, declared)?.derived ?? []).includes(actual))
        return problem(
            "notAssignable",
            typePath,
            `A resource with type '${actual}' was found, but it is not assignable to the expected type '${declared}'. ${ASSIGN_HINT}`,
        );
    if (t.abstract) {
        const concrete = concreteTypes(meta, declared).join(", ") || "(none in this cloud)";
        const message = `The type '${actual}' is abstract and cannot be instantiated; send the '@odata.type' of one of: ${concrete}.`;
        return problem("abstractType", typePath, message);
    }
    const problems: Problem[] = [];
    for (const [key, v] of Object.entries(body)) {
        if (key.startsWith("@")) continue; // @odata.type (read above) and instance annotations
        const bind = /^(.+)@odata\.bind$/.exec(key);
        if (key.includes("@") && !bind) continue; // property annotations
        const name = bind ? bind[1] : key;
        const target = own(t.navigation, name);
        const declaredAs = own(t.properties, name);
        let found: Problem[] = [];
        if (!bind && declaredAs !== undefined) found = conformanceProblems(meta, v, declaredAs, pathTo(path, name), opts);
        else if (target !== undefined && !bind && own(meta.types, target.replace(/^Collection\((.+)\)$/, "$1")))
            // Items sent inline (a deep insert: a listener's applications, a workflow's tasks) are objects of the target type.
            found = conformanceProblems(meta, v, target, pathTo(path, name), opts);
        else if (target !== undefined) found = referenceProblems(v, target, pathTo(path, key));
        // An open type takes any property; the provider still sends only what the metadata declares (`strict`).
        else if (!t.open || opts.strict) {
            const message = `The property '${shownName(name)}' does not exist on type '${actual}'. ${PROPERTY_HINT}`;
            found = [{ ...problem("unknownProperty", pathTo(path, name), message, actual)[0], name }];
        }
        for (const p of found) problems.push(p); // a loop, not a spread: a list may hold thousands
    }
    return problems;
}

// The rest of the messages Graph's OData layer gives for these mistakes.
const RESOLVE_HINT = "When a model is available, each type name must resolve to a valid type.";
const ASSIGN_HINT = "The type specified in the resource must be equal to either the expected type or a derived type.";
const PROPERTY_HINT = "Make sure to only use property names that are defined by the type or mark the type as open type.";

const REFERENCE_KEYS = ["id", "@odata.id", "@odata.type"];

/** A navigation property takes references to existing objects: `{id}` (inline) or URLs (`@odata.bind`). */
function referenceProblems(value: unknown, declared: string, path: string): Problem[] {
    if (value === null) return [];
    const many = declared.startsWith("Collection(");
    const items = many ? value : [value];
    if (!Array.isArray(items))
        return [{ kind: "wrongValue", path, type: declared, message: `A collection was expected for '${path}' (${declared}).` }];
    const isReference = (item: unknown) =>
        (typeof item === "string" && path.endsWith("@odata.bind")) ||
        (!!item && typeof item === "object" && !Array.isArray(item) && Object.keys(item).every((k) => REFERENCE_KEYS.includes(k)));
    return items.flatMap((item, i): Problem[] => {
        const at = many ? `${path}[${i}]` : path;
        const message = `'${at}' must reference an existing object ({"id"}); deep inserts through navigation properties are not modelled.`;
        return isReference(item) ? [] : [{ kind: "wrongValue", path: at, type: declared, message }];
    });
}
