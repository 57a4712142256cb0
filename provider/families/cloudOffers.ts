// What each cloud offers per resource, said for people: the README's per-cloud table (printed by
// scripts/graph-metadata.ts) and schema.json's notes, from the same metadata check uses (clouds.ts).

import type { CloudName } from "../graph/settings";
import { offeredTypes, settable, typeChoices } from "./clouds";
import { families, family } from "./index";
import { Family, typeField } from "./family";
import { CloudMetadata, GRAPH_METADATA, METADATA_CLOUDS, MetadataCloud, MetadataFile, concreteTypes, typeName } from "./graphMetadata";

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

/**
 * The `@odata.type`s (without `#`) a field's Graph JSON carries at its top, for the samples above or any
 * value; none for a field whose JSON is a list or depends on the value's shape (tasks, stage settings).
 */
function sentTypes(f: Family, key: string): string[] {
    const field = f.fields.find((x) => x.graphKey === key);
    const out = new Set<string>();
    for (const sample of NESTED_SAMPLES[key] ?? [{ sample: true }]) {
        let json: unknown;
        try {
            json = field?.toGraph?.(sample, {});
        } catch {
            continue;
        }
        for (const v of Array.isArray(json) ? json : [json]) {
            const t = (v as { "@odata.type"?: unknown } | null)?.["@odata.type"];
            if (typeof t === "string") out.add(typeName(t));
        }
    }
    return [...out];
}

const element = (ref: string) => ref.replace(/^Collection\((.+)\)$/, "$1");
const short = (type: string) => type.replace("microsoft.graph.", "");

/**
 * Per family: every type choice, every property the provider sets and every nested `@odata.type` it
 * sends, each with the clouds whose metadata has it on at least one of the family's offered types.
 */
export function cloudOffers(familyName: string, file: MetadataFile = GRAPH_METADATA): CloudOffer[] {
    const f = family(familyName);
    const offers: CloudOffer[] = [];
    const inClouds = (test: (meta: CloudMetadata) => boolean) => METADATA_CLOUDS.filter((c) => test(file.clouds[c]));
    const typeKey = typeField(f)?.name ?? "type";
    for (const choice of Object.keys(typeChoices(familyName))) {
        const clouds = inClouds((m) => offeredTypes(familyName, m).includes(choice));
        offers.push({ what: `${typeKey} ${choice}`, field: typeKey, choice, clouds });
    }
    const declaredOn = (m: CloudMetadata, key: string) =>
        offeredTypes(familyName, m)
            .map((c) => {
                const t = m.types[typeName(typeChoices(familyName)[c])];
                return t.properties[key] ?? t.navigation?.[key];
            })
            .filter((t): t is string => !!t)
            .map(element);
    for (const key of settable(f)) {
        offers.push({ what: key, field: key, clouds: inClouds((m) => declaredOn(m, key).length > 0) });
        for (const t of sentTypes(f, key)) {
            const clouds = inClouds((m) => declaredOn(m, key).some((d) => concreteTypes(m, d).includes(t)));
            offers.push({ what: `${key}: ${t}`, field: key, nestedType: t, clouds });
        }
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
        .map(({ o, clouds }) => `${o.nestedType ? `${short(o.nestedType)} is not` : "Not"} offered in ${clouds.join(", ")}`);
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
        const every = types.length === choices.length;
        const which =
            choices.length === 1
                ? "offered"
                : every
                  ? `every ${typeField(family(familyName))?.name ?? "type"}`
                  : `${types.join(", ")} only`;
        const lacks = offers
            .filter((o) => lacking(offers, o, cloud))
            .map((o) => (o.nestedType ? `${o.field} ${short(o.nestedType)}` : o.what));
        return `${names}: ${which}${lacks.length ? `, without ${lacks.join(", ")}` : ""}`;
    });
    return `Per cloud (Microsoft Graph v1.0 metadata): ${parts.join("; ")}.`;
}

const CLOUD_COLUMNS: { cloud: MetadataCloud; label: string }[] = [
    { cloud: "AzureCloud", label: "AzureCloud" },
    { cloud: "AzureUSGovernment", label: "AzureUSGovernment, AzureUSGovernmentDoD" },
    { cloud: "AzureChinaCloud", label: "AzureChinaCloud" },
];

/**
 * The README's per-cloud table: every extension type per resource, then the properties and nested
 * types (of those the provider sends) that a cloud offering the resource lacks.
 */
export function cloudTable(file: MetadataFile = GRAPH_METADATA): string {
    const header = `| resource | type, property or nested type | ${CLOUD_COLUMNS.map((c) => c.label).join(" | ")} |`;
    const rule = `| --- | --- | ${CLOUD_COLUMNS.map(() => "---").join(" | ")} |`;
    const rows: string[] = [];
    for (const familyName of Object.keys(families)) {
        const offers = cloudOffers(familyName, file);
        for (const o of offers) {
            // A property or nested type shows where it is missing from a cloud that has the resource.
            if (!o.choice && !METADATA_CLOUDS.some((c) => lacking(offers, o, c))) continue;
            const cells = CLOUD_COLUMNS.map((c) => (o.clouds.includes(c.cloud) ? "yes" : "no"));
            const what = o.choice ?? (o.nestedType ? `${o.field}: ${short(o.nestedType)}` : o.what);
            rows.push(`| ${family(familyName).resourceType} | \`${what}\` | ${cells.join(" | ")} |`);
        }
    }
    return [header, rule, ...rows].join("\n");
}
