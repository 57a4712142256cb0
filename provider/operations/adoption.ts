// Taking over objects that already exist in the tenant because the program asks for it (`{ import: id }` or
// `{ importByDisplayName }`, turned by the resource classes into the `__adopt` input), checked at preview; and the
// look-up in Graph as it is now that a create whose answer was lost makes (what a create may take over without being
// asked is ownership.ts's to decide).
import { Canonical, Family, Field, GraphBody, inCatalog, sameFieldValue, titles, typeField } from "../families/family";
import { catalogsPath } from "../families/accessPackageWorkflowExtension";
import { families } from "../families";
import { fromGraph } from "../families/canonical";
import { UNKNOWN, containsUnknown, odataString, shown, shownName } from "../families/values";
import { GraphClient } from "../graph/client";
import { candidatesIn, readWhole } from "./lookups";

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
    return a && (a.id || a.displayName) && !adoptionProblems(bag).length ? a : undefined;
}

/** What is wrong with the resource options behind `__adopt` (a JavaScript program may give them any value). */
export function adoptionProblems(bag: Record<string, unknown>): string[] {
    const a = bag[ADOPT_KEY];
    if (a === undefined || a === null) return [];
    if (typeof a !== "object" || Array.isArray(a)) return [`import: must be the id of the object to adopt (got ${shown(a)})`];
    const text = (v: unknown) => v === undefined || v === UNKNOWN || (typeof v === "string" && v.trim() !== "");
    const { id, displayName, update } = a as Record<string, unknown>;
    return [
        ...(text(id) ? [] : [`import: must be the id of the object to adopt, a string (got ${shown(id)})`]),
        ...(text(displayName) ? [] : [`importByDisplayName: must be the displayName of the object to adopt (got ${shown(displayName)})`]),
        ...(update === undefined || typeof update === "boolean" ? [] : [`updateOnImport: must be true or false (got ${shown(update)})`]),
    ];
}

/** The fields whose values differ between the tenant's object and the program; unknowns are not judged. */
export function differences(f: Family, tenant: Canonical, program: Canonical, only?: (x: Field) => boolean): string[] {
    return f.fields
        .filter((x) => (only?.(x) ?? true) && !containsUnknown(program[x.name]) && !sameFieldValue(x, tenant[x.name], program[x.name]))
        .map(
            (x) =>
                `${x.name}: tenant ${JSON.stringify(tenant[x.name]) ?? "(unset)"}, program ${JSON.stringify(program[x.name]) ?? "(unset)"}`,
        );
}

/** The differences an update cannot bring (fields Graph changes only by a new object): adoption refuses them. */
export const unchangeable = (f: Family, tenant: Canonical, program: Canonical): string[] =>
    differences(f, tenant, program, (x) => x.replaceOnChange === true);

/** Objects of the collection at `path` with this displayName, every page of them. */
async function named(graph: GraphClient, path: string, displayName: string, operation: string): Promise<GraphBody[]> {
    const filter = `displayName eq ${odataString(displayName)}`;
    return (await graph.list(path, operation, { query: { $filter: filter } })).value;
}

/** Where an id that is not in the program's collection is, for a message that helps: another family, another catalog. */
export async function whereElse(graph: GraphClient, f: Family, c: Canonical, id: string): Promise<string> {
    const version = graph.settings.version;
    // The id as the program gave it, escaped and cut short for the message (it may hold anything).
    const named = shownName(id);
    for (const other of Object.values(families) as Family[]) {
        if (other === f || inCatalog(other) || other.partOf) continue;
        // A probe the signed-in identity may not make (no right to read role assignments) only says nothing.
        if (
            await graph
                .getIfPresent(
                    `${other.collectionPath(c, version)}/${encodeURIComponent(id)}`,
                    `looking for ${named} among ${titles(other)}`,
                )
                .catch(() => undefined)
        )
            return `${named} is a ${other.title}, not a ${f.title}`;
    }
    if (inCatalog(f) && c.catalogId !== undefined) {
        const catalogs = await graph
            .list(catalogsPath(version), "listing access package catalogs")
            .then((listed) => listed.value as { id: string }[])
            .catch(() => [] as { id: string }[]);
        for (const catalog of catalogs.filter((x) => x.id !== c.catalogId))
            if (
                await graph.getIfPresent(
                    `${f.collectionPath({ ...c, catalogId: catalog.id }, version)}/${encodeURIComponent(id)}`,
                    `looking for ${named} in catalog ${catalog.id}`,
                )
            )
                return `${named} lives in catalog ${catalog.id}, not in catalogId ${String(c.catalogId)}`;
        return `there is no ${f.title} ${named} in catalog ${String(c.catalogId)}`;
    }
    return `there is no ${f.title} with id ${named} in this tenant`;
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
                    ? `cannot adopt by displayName: ${found.length} ${titles(f)} are named ${shown(name)} ` +
                      `(${found.map((o) => o.id).join(", ")}); adopt one by id`
                    : `cannot adopt by displayName: no ${f.title} is named ${shown(name)}`,
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
    const fixed = unchangeable(f, tenant, c);
    if (fixed.length)
        return {
            ok: false,
            id: String(body.id),
            reason:
                `cannot adopt ${body.id}: it differs from the program where Graph changes nothing in place: ${fixed.join("; ")}. ` +
                "Change the program to match, or adopt another object",
        };
    return { ok: true, id: String(body.id), body, differences: differences(f, tenant, c) };
}

/**
 * The objects of the collection at `path` that may be what the program's create made or would make (`candidatesIn`),
 * as Graph holds them now: after a create whose answer was lost, the object that create made is among them.
 * (Before a create, the shared listing of lookups.ts answers the same question.)
 */
export async function sameNamed(
    graph: GraphClient,
    f: Family,
    c: Canonical,
    path: string,
    operation: string,
    gone: Set<string>,
): Promise<GraphBody[]> {
    const lookup = f.leftoverLookup ?? "displayName";
    if (lookup === "none") return [];
    // A family whose name is optional, or not what identifies its objects, is looked for over the whole listing.
    const byName = lookup === "displayName" && typeof c.displayName === "string";
    const filter = f.lookupFilter?.(c);
    const candidates = byName
        ? await named(graph, path, String(c.displayName), operation)
        : (await graph.list(path, operation, { query: filter === undefined ? undefined : { $filter: filter } })).value;
    return readWhole(graph, f, path, candidatesIn(f, c, candidates, gone), operation);
}
