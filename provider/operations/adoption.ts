// Taking over objects that already exist in the tenant, instead of creating new ones:
// - adoption the program asks for (`{ import: id }` or `{ importByDisplayName }`, turned by the resource
//   classes into the `__adopt` input), checked at preview;
// - objects left by an interrupted run (the create was sent, the CLI was killed before it heard back),
//   recognised on the next create by family, type, catalog, displayName and settings.
import { Canonical, Family, GraphBody, inCatalog, sameFieldValue, titles, typeField } from "../extensions/family";
import { catalogsPath } from "../extensions/accessPackageWorkflowExtension";
import { families } from "../extensions";
import { fromGraph } from "../extensions/canonical";
import { containsUnknown } from "../extensions/values";
import { GraphClient } from "../graph/client";
import { leftoversIn, notInGraph, readWhole } from "./lookups";

/** What the resource class passes when the program asks to adopt an object. */
export interface AdoptRequest {
    id?: string;
    displayName?: string;
    /** Bring a differing object to the program's state instead of refusing. */
    update?: boolean;
}

export const ADOPT_KEY = "__adopt";

export function adoptRequest(bag: Record<string, unknown>): AdoptRequest | undefined {
    const a = bag[ADOPT_KEY] as AdoptRequest | undefined;
    return a && (a.id || a.displayName) ? a : undefined;
}

/** The fields whose values differ between the tenant's object and the program; unknowns are not judged. */
export function differences(f: Family, tenant: Canonical, program: Canonical): string[] {
    return f.fields
        .filter((x) => !containsUnknown(program[x.name]) && !sameFieldValue(x, tenant[x.name], program[x.name]))
        .map(
            (x) =>
                `${x.name}: tenant ${JSON.stringify(tenant[x.name]) ?? "(unset)"}, program ${JSON.stringify(program[x.name]) ?? "(unset)"}`,
        );
}

/** Objects of the collection at `path` with this displayName, every page of them. */
async function named(graph: GraphClient, path: string, displayName: string, operation: string): Promise<GraphBody[]> {
    const filter = `displayName eq '${displayName.replace(/'/g, "''")}'`;
    return (await graph.list(path, operation, { query: { $filter: filter } })).value;
}

/** Where an id that is not in the program's collection is, for a message that helps: another family, another catalog. */
export async function whereElse(graph: GraphClient, f: Family, c: Canonical, id: string): Promise<string> {
    const version = graph.settings.version;
    for (const other of Object.values(families) as Family[]) {
        if (other === f || inCatalog(other) || other.partOf) continue;
        if (
            await graph.getIfPresent(
                `${other.collectionPath(c, version)}/${encodeURIComponent(id)}`,
                `looking for ${id} among ${titles(other)}`,
            )
        )
            return `${id} is a ${other.title}, not a ${f.title}`;
    }
    if (c.catalogId !== undefined) {
        const catalogs = await graph
            .list(catalogsPath(version), "listing access package catalogs")
            .then((listed) => listed.value as { id: string }[])
            .catch(() => [] as { id: string }[]);
        for (const catalog of catalogs.filter((x) => x.id !== c.catalogId))
            if (
                await graph.getIfPresent(
                    `${f.collectionPath({ ...c, catalogId: catalog.id }, version)}/${encodeURIComponent(id)}`,
                    `looking for ${id} in catalog ${catalog.id}`,
                )
            )
                return `${id} lives in catalog ${catalog.id}, not in catalogId ${String(c.catalogId)}`;
        return `there is no ${f.title} ${id} in catalog ${String(c.catalogId)}`;
    }
    return `there is no ${f.title} with id ${id} in this tenant`;
}

/** `id` is the object found, when one was (a refusal may still name one). */
export type AdoptionVerdict = { ok: true; id: string; body: GraphBody; differences: string[] } | { ok: false; reason: string; id?: string };

/** Finds the object the program asks to adopt and compares it with the program (check, at preview). */
export async function findToAdopt(
    graph: GraphClient,
    f: Family,
    c: Canonical,
    a: AdoptRequest,
    describe: string,
): Promise<AdoptionVerdict> {
    const collection = f.collectionPath(c, graph.settings.version);
    let body: GraphBody | undefined;
    if (a.id) {
        body = await graph.getIfPresent(`${collection}/${encodeURIComponent(a.id)}`, `looking for ${describe} to adopt`, f.readQuery);
        if (!body) return { ok: false, reason: `cannot adopt: ${await whereElse(graph, f, c, a.id)}` };
        // The object at that URL is the one asked for, even in an answer that leaves its id out (a shortened example).
        body = { ...body, id: body.id ?? a.id };
    } else {
        const name = String(a.displayName);
        const found = await named(graph, collection, name, `looking for ${describe} to adopt by name`);
        if (found.length !== 1)
            return {
                ok: false,
                reason: found.length
                    ? `cannot adopt by displayName: ${found.length} ${titles(f)} are named ${JSON.stringify(name)} ` +
                      `(${found.map((o) => o.id).join(", ")}); adopt one by id`
                    : `cannot adopt by displayName: no ${f.title} is named ${JSON.stringify(name)}`,
            };
        body = found[0];
    }
    if (!a.id && f.readQuery) {
        // A listing does not expand what a read of one object does: read the one found.
        body =
            (await graph.getIfPresent(`${collection}/${encodeURIComponent(String(body.id))}`, `reading ${describe}`, f.readQuery)) ?? body;
    }
    const tenant = fromGraph(f, body, c);
    const t = typeField(f)?.name;
    if (t && !containsUnknown(c[t]) && tenant[t] !== c[t])
        return {
            ok: false,
            id: String(body.id),
            reason: `cannot adopt: ${body.id} is of ${t} ${String(tenant[t])}, the program says ${String(c[t])}`,
        };
    return { ok: true, id: String(body.id), body, differences: differences(f, tenant, c) };
}

/**
 * Objects of this family, type and catalog named as the program names its object, that no resource of
 * this run has taken, as Graph holds them now: after a create whose answer was lost, the object that
 * create made is among them. (Before a create, the shared listing of lookups.ts answers the same question.)
 */
export async function sameNamed(
    graph: GraphClient,
    f: Family,
    c: Canonical,
    path: string,
    operation: string,
    taken: Set<string>,
): Promise<GraphBody[]> {
    const lookup = f.leftoverLookup ?? "displayName";
    if (lookup === "none") return [];
    // A family whose name is optional is looked for over the whole listing.
    const candidates =
        lookup === "listing" || typeof c.displayName !== "string"
            ? (await graph.list(path, operation)).value
            : await named(graph, path, c.displayName, operation);
    return readWhole(graph, f, path, leftoversIn(f, c, candidates, taken), operation);
}

/** Of `objects`, those whose settings are the program's (`c`), the newest first. */
export function withSettingsOf(f: Family, c: Canonical, objects: GraphBody[]): GraphBody[] {
    return objects
        .filter((o) => differences(f, fromGraph(f, o, notInGraph(f, c)), c).length === 0)
        .sort((a, b) => String(b.createdDateTime ?? "").localeCompare(String(a.createdDateTime ?? "")));
}
