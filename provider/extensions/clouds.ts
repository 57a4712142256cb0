// Which extension types, properties and nested types each cloud offers, read from Microsoft's Graph
// v1.0 metadata (graphMetadata.json), and the check that refuses at preview what the selected cloud
// does not offer: the same bodies create and update would send are held against the metadata.

import type { CloudName } from "../graph/settings";
import { ACCESS_PACKAGE_TYPES } from "./accessPackageWorkflowExtension";
import { toGraph } from "./canonical";
import { AUTHENTICATION_EXTENSION_TYPES } from "./customAuthenticationExtension";
import { customTaskExtension } from "./customTaskExtension";
import { Canonical, Family } from "./family";
import { CloudMetadata, GRAPH_METADATA, METADATA_CLOUDS, MetadataCloud, MetadataFile, Problem, concreteTypes, conformanceProblems, metadataFor, typeName } from "./graphMetadata";
import { families } from "./index";
import { CheckFailure, containsUnknown } from "./values";

/** Each family's type choices (the `extensionType` values) and the `@odata.type` each is sent as. */
export const FAMILY_TYPES: Record<string, Record<string, string>> = {
    customTaskExtension: { customTaskExtension: customTaskExtension.odataType({}) },
    accessPackageWorkflowExtension: ACCESS_PACKAGE_TYPES,
    customAuthenticationExtension: AUTHENTICATION_EXTENSION_TYPES,
};

/** The emulator's collection (and the metadata's `collections` key) for each family. */
export const FAMILY_COLLECTIONS: Record<string, string> = {
    customTaskExtension: "customTaskExtensions",
    accessPackageWorkflowExtension: "customWorkflowExtensions",
    customAuthenticationExtension: "customAuthenticationExtensions",
};

const TYPE_FIELD = "extensionType";

function familyOf(name: string): Family {
    const f = (families as Record<string, Family>)[name];
    if (!f || !FAMILY_TYPES[name]) throw new Error(`unknown extension family "${name}"; known: ${Object.keys(FAMILY_TYPES).join(", ")}`);
    return f;
}

/** The type choices of a family that the cloud's metadata has as concrete types. */
export function offeredTypes(familyName: string, meta: CloudMetadata): string[] {
    return Object.entries(FAMILY_TYPES[familyName]).filter(([, odata]) => concreteTypes(meta, typeName(odata)).includes(typeName(odata))).map(([choice]) => choice);
}

/** Graph keys a user can set on this family (catalogId lives in the URL). */
const settable = (f: Family) => f.fields.flatMap((x) => (x.graphKey ? [x.graphKey] : []));

/** `callbackConfiguration.@odata.type` -> `callbackConfiguration`; `[0]` stays attached. */
const userPath = (path: string) => path.replace(/\.?@odata\.type$/, "");

function failureOf(f: Family, meta: CloudMetadata, cloud: CloudName, p: Problem): CheckFailure {
    const property = userPath(p.path);
    if (p.kind === "unknownProperty") {
        const offers = Object.keys(meta.types[p.type]?.properties ?? {}).filter((k) => p.path.includes(".") || settable(f).includes(k));
        return { property, reason: `is not offered in ${cloud}: its Graph metadata has no ${p.path.split(".").pop()} on ${p.type}, which has ${offers.join(", ")}` };
    }
    if (p.kind === "unknownType" || p.kind === "notAssignable" || p.kind === "abstractType") {
        const sent = /'([^']+)'/.exec(p.message)?.[1] ?? p.type;
        const offers = concreteTypes(meta, p.type).join(", ") || "no type";
        const what = p.kind === "abstractType" ? `is abstract in ${cloud}'s Graph metadata` : `is not offered in ${cloud} (not in its Graph metadata)`;
        return { property, reason: `${sent} ${what}; ${cloud} offers ${offers} here` };
    }
    return { property, reason: p.message };
}

/**
 * What the selected cloud does not offer, for a family's canonical input (as `fromInputs` returns it):
 * an extension type the cloud's Graph v1.0 metadata lacks, a property its type lacks there, a nested
 * `@odata.type` it lacks. Each failure names the cloud and what it offers instead. Values unknown at
 * preview are skipped; with `extensionType` unknown, a property fails only when no offered type has it.
 */
export function cloudFailures(familyName: string, canonical: Record<string, unknown>, cloud: CloudName, file: MetadataFile = GRAPH_METADATA): CheckFailure[] {
    const f = familyOf(familyName);
    const meta = metadataFor(cloud, file);
    const choices = FAMILY_TYPES[familyName];
    const hasTypeField = f.fields.some((x) => x.name === TYPE_FIELD);
    const typeProperty = hasTypeField ? TYPE_FIELD : "";
    const offered = offeredTypes(familyName, meta);
    if (!offered.length) {
        const others = Object.keys(FAMILY_TYPES).filter((n) => offeredTypes(n, meta).length).map((n) => RESOURCE_NAMES[n]);
        const reason = `${f.title}s are not offered in ${cloud}: its Graph metadata has none of ${Object.keys(choices).join(", ")}; ${cloud} offers ${others.join(", ")}`;
        return [{ property: typeProperty, reason }];
    }

    const known: Canonical = {};
    for (const field of f.fields) if (canonical[field.name] !== undefined && !containsUnknown(canonical[field.name])) known[field.name] = canonical[field.name];
    const failures: CheckFailure[] = [];
    let candidates = offered;
    const chosen = hasTypeField ? known[TYPE_FIELD] : Object.keys(choices)[0];
    if (typeof chosen === "string" && choices[chosen]) {
        if (offered.includes(chosen)) candidates = [chosen];
        else
            failures.push({
                property: typeProperty,
                reason: `${chosen} is not offered in ${cloud}: its Graph metadata has no ${typeName(choices[chosen])}; ${cloud} offers ${offered.join(", ")}`,
            });
    }
    // The body create would send, once per candidate type; a problem counts when every candidate has it.
    const perCandidate = candidates.map((choice) => {
        const c = hasTypeField ? { ...known, [TYPE_FIELD]: choice } : known;
        const body = toGraph(f, c, { withType: true });
        return conformanceProblems(meta, body, typeName(body["@odata.type"]));
    });
    const key = (p: Problem) => `${p.kind} ${p.path}`;
    const common = perCandidate[0].filter((p) => perCandidate.every((ps) => ps.some((q) => key(q) === key(p))));
    return [...failures, ...common.map((p) => failureOf(f, meta, cloud, p))];
}

const CLOUD_COLUMNS: { cloud: MetadataCloud; label: string }[] = [
    { cloud: "AzureCloud", label: "AzureCloud" },
    { cloud: "AzureUSGovernment", label: "AzureUSGovernment, AzureUSGovernmentDoD" },
    { cloud: "AzureChinaCloud", label: "AzureChinaCloud" },
];

/** Resource name, as users write it, per family. */
export const RESOURCE_NAMES: Record<string, string> = {
    customTaskExtension: "CustomTaskExtension",
    accessPackageWorkflowExtension: "AccessPackageWorkflowExtension",
    customAuthenticationExtension: "CustomAuthenticationExtension",
};

export interface CloudOffer {
    /** `extensionType onOtpSend`, `behaviorOnError`, `authenticationConfiguration: microsoft.graph.azureAdTokenAuthentication` */
    what: string;
    /** The field it concerns, and the type choice when it is a type. */
    field: string;
    choice?: string;
    /** The nested `@odata.type` (without `#`) when it is one. */
    nestedType?: string;
    clouds: MetadataCloud[];
}

/**
 * Canonical values whose Graph JSON shows each nested type the provider sends: the authentication
 * field sends one of two types by value (fields.ts); the other fields send one fixed type whatever the value.
 */
const NESTED_SAMPLES: Record<string, unknown[]> = {
    authenticationConfiguration: [{ type: "azureAdPopToken" }, { type: "azureAdToken", resourceId: "api://sample" }],
};

/** The `@odata.type`s (without `#`) a field's Graph JSON carries, for the samples above or any value. */
function sentTypes(f: Family, key: string): string[] {
    const field = f.fields.find((x) => x.graphKey === key);
    const out = new Set<string>();
    for (const sample of NESTED_SAMPLES[key] ?? [{ sample: true }]) {
        const json = field?.toGraph?.(sample);
        for (const v of Array.isArray(json) ? json : [json]) {
            const t = (v as { "@odata.type"?: unknown } | null)?.["@odata.type"];
            if (typeof t === "string") out.add(typeName(t));
        }
    }
    return [...out];
}

/**
 * Per family: every type choice, every property the provider sets and every nested `@odata.type` it
 * sends, each with the clouds whose metadata has it on at least one of the family's offered types.
 */
export function cloudOffers(familyName: string, file: MetadataFile = GRAPH_METADATA): CloudOffer[] {
    const f = familyOf(familyName);
    const offers: CloudOffer[] = [];
    const inClouds = (test: (meta: CloudMetadata) => boolean) => METADATA_CLOUDS.filter((c) => test(file.clouds[c]));
    for (const choice of Object.keys(FAMILY_TYPES[familyName]))
        offers.push({ what: `${TYPE_FIELD} ${choice}`, field: TYPE_FIELD, choice, clouds: inClouds((m) => offeredTypes(familyName, m).includes(choice)) });
    const declaredOn = (m: CloudMetadata, key: string) =>
        offeredTypes(familyName, m)
            .map((c) => m.types[typeName(FAMILY_TYPES[familyName][c])].properties[key])
            .filter((t): t is string => !!t)
            .map((t) => t.replace(/^Collection\((.+)\)$/, "$1"));
    for (const key of settable(f)) {
        offers.push({ what: key, field: key, clouds: inClouds((m) => declaredOn(m, key).length > 0) });
        for (const t of sentTypes(f, key))
            offers.push({ what: `${key}: ${t}`, field: key, nestedType: t, clouds: inClouds((m) => declaredOn(m, key).some((d) => concreteTypes(m, d).includes(t))) });
    }
    return offers;
}

/**
 * A property or nested type the cloud lacks though it offers the family, not counting a nested type
 * of a property it lacks altogether.
 */
function lacking(offers: CloudOffer[], o: CloudOffer, cloud: MetadataCloud): boolean {
    if (o.choice || o.clouds.includes(cloud) || !offers.some((x) => x.choice && x.clouds.includes(cloud))) return false;
    return !o.nestedType || !!offers.find((p) => p.field === o.field && !p.nestedType && !p.choice)?.clouds.includes(cloud);
}

/** A metadata cloud as the `entra:cloud` names it stands for. */
export function cloudNames(cloud: MetadataCloud): CloudName[] {
    return cloud === "AzureUSGovernment" ? ["AzureUSGovernment", "AzureUSGovernmentDoD"] : [cloud];
}

/** The `entra:cloud` names whose metadata offers this type choice of the family. */
export function cloudsOffering(familyName: string, choice: string, file: MetadataFile = GRAPH_METADATA): CloudName[] {
    return (cloudOffers(familyName, file).find((o) => o.choice === choice)?.clouds ?? []).flatMap(cloudNames);
}

/**
 * For a property's schema description: the clouds that offer the family but not this property (a Graph
 * key), or not a nested type it sends; undefined when every such cloud has it all.
 */
export function propertyCloudNote(familyName: string, graphKey: string, file: MetadataFile = GRAPH_METADATA): string | undefined {
    const offers = cloudOffers(familyName, file);
    const notes = offers
        .filter((o) => o.field === graphKey && !o.choice)
        .map((o) => ({ o, clouds: METADATA_CLOUDS.filter((c) => lacking(offers, o, c)).flatMap(cloudNames) }))
        .filter((x) => x.clouds.length)
        .map(({ o, clouds }) => `${o.nestedType ? `${o.nestedType.replace("microsoft.graph.", "")} is not` : "Not"} offered in ${clouds.join(", ")}`);
    return notes.length ? `${notes.join("; ")} (Graph v1.0 metadata).` : undefined;
}

/** One sentence per family for schema.json: which clouds offer which types, and what a cloud lacks. */
export function cloudSummary(familyName: string, file: MetadataFile = GRAPH_METADATA): string {
    const offers = cloudOffers(familyName, file);
    const choices = offers.filter((o) => o.choice);
    const parts = METADATA_CLOUDS.map((cloud) => {
        const names = cloudNames(cloud).join(" and ");
        const types = choices.filter((o) => o.clouds.includes(cloud)).map((o) => o.choice!);
        if (!types.length) return `${names}: not offered`;
        const which = choices.length === 1 ? "offered" : types.length === choices.length ? "every extensionType" : `${types.join(", ")} only`;
        const lacks = offers.filter((o) => lacking(offers, o, cloud)).map((o) => o.what.replace(/^(\w+): microsoft\.graph\./, "$1 "));
        return `${names}: ${which}${lacks.length ? `, without ${lacks.join(", ")}` : ""}`;
    });
    return `Per cloud (Microsoft Graph v1.0 metadata): ${parts.join("; ")}.`;
}

/**
 * The README's per-cloud table: every extension type per resource, then the properties and nested
 * types (of the properties the provider sets) that a cloud offering the resource lacks.
 */
export function cloudTable(file: MetadataFile = GRAPH_METADATA): string {
    const header = `| resource | type, property or nested type | ${CLOUD_COLUMNS.map((c) => c.label).join(" | ")} |`;
    const rule = `| --- | --- | ${CLOUD_COLUMNS.map(() => "---").join(" | ")} |`;
    const rows: string[] = [];
    for (const familyName of Object.keys(FAMILY_TYPES)) {
        const offers = cloudOffers(familyName, file);
        for (const o of offers) {
            // A property or nested type shows where it is missing from a cloud that has the resource.
            if (!o.choice && !METADATA_CLOUDS.some((c) => lacking(offers, o, c))) continue;
            const cells = CLOUD_COLUMNS.map((c) => (o.clouds.includes(c.cloud) ? "yes" : "no"));
            rows.push(`| ${RESOURCE_NAMES[familyName]} | \`${o.choice ?? o.what.replace("microsoft.graph.", "")}\` | ${cells.join(" | ")} |`);
        }
    }
    return [header, rule, ...rows].join("\n");
}
