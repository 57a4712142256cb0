// Reads a tenant's custom extensions through the provider's own GraphClient (same settings, sign-in
// and retry policy), page by page, and turns each Graph object into its family's canonical form.

import { fromGraph } from "../families/canonical";
import { Canonical, Family, GraphBody, listedPerCatalog, titles } from "../families/family";
import { families, FamilyName } from "../families";
import { catalogsPath } from "../families/accessPackageWorkflowExtension";
import { offeredTypes } from "../families/clouds";
import { metadataFor } from "../families/graphMetadata";
import { deepEqual } from "../families/values";
import { GraphClient } from "../graph/client";
import { plural } from "../text";

export type { FamilyName };
/** The families as the command names them: their short names. */
export const EXPORT_FAMILIES = Object.fromEntries(Object.values(families).map((f) => [f.shortName, f.name])) as Record<string, FamilyName>;
export type ExportFamily = string;

export interface Catalog {
    id: string;
    displayName: string;
}

export interface TenantObject {
    family: FamilyName;
    id: string;
    /** Access package extensions only. */
    catalogId?: string;
    canonical: Canonical;
    /** What Graph answered, as it answered it. */
    graph: GraphBody;
}

export interface Tenant {
    objects: TenantObject[];
    /** The families read: those asked for that the cloud offers. */
    families: FamilyName[];
    /** The catalogs read (those asked for, or all), in Graph's order. */
    catalogs: Catalog[];
    /** Pages read per collection, and GET requests made (retries not counted: the client hides them). */
    pages: number;
}

export interface ListOptions {
    families?: ExportFamily[];
    /** Catalog ids or display names; all catalogs when absent. */
    catalogs?: string[];
    onProgress?: (message: string) => void;
    /** Collections read at once (catalogs are many on some tenants). */
    concurrency?: number;
}

/** Refused input (an unknown catalog): the command answers it with exit code 2. */
export class ExportUsageError extends Error {}

/** Runs `work` over `items` with at most `limit` at once; results keep the items' order. */
async function inOrder<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let nextIndex = 0;
    const worker = async () => {
        while (nextIndex < items.length) {
            const i = nextIndex++;
            out[i] = await work(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}

export async function listTenant(client: GraphClient, opts: ListOptions = {}): Promise<Tenant> {
    const wanted = new Set(opts.families ?? (Object.keys(EXPORT_FAMILIES) as ExportFamily[]));
    const progress = opts.onProgress ?? (() => undefined);
    const version = client.settings.version;
    const objects: TenantObject[] = [];
    const read: FamilyName[] = [];
    let catalogs: Catalog[] = [];
    let catalogsRead = false;
    let pages = 0;
    const collect = async (f: Family, catalogId?: string): Promise<TenantObject[]> => {
        const where =
            catalogId === undefined
                ? ""
                : ` in catalog ${JSON.stringify(catalogs.find((c) => c.id === catalogId)?.displayName ?? catalogId)}`;
        const graph = client.withHeaders(f.headers);
        const path = f.collectionPath(catalogId === undefined ? {} : { catalogId }, version);
        // A long collection shows its progress page by page; a short one, one line when done.
        // A family that names its catalog in its objects is listed per catalog by its filter (a role's app scope).
        const filter: Record<string, string> = catalogId !== undefined && f.catalogFilter ? { $filter: f.catalogFilter(catalogId) } : {};
        const listed = await graph.list(path, `listing ${titles(f)}${where}`, {
            query: { ...f.readQuery, ...filter },
            onPage: (count, n) => n > 1 && progress(`... ${plural(count, f.title, titles(f))}${where} so far (page ${n})`),
        });
        pages += listed.pages;
        const out: TenantObject[] = [];
        for (let body of listed.value) {
            const id = String(body.id);
            // A property Graph may leave out of a listing (a workflow's tasks, a navigation) is read from the object.
            if (f.fields.some((x) => x.required && x.graphKey && body[x.graphKey] === undefined)) {
                body = await graph.get(`${path}/${encodeURIComponent(id)}`, `reading ${f.title} ${id}`, f.readQuery);
                pages += 1;
            }
            const known = { ...(catalogId === undefined ? {} : { catalogId }), ...(f.partOf ? { [f.partOf.idField]: id } : {}) };
            const canonical = fromGraph(f, body, known);
            // A part of another object (a policy's stages) is exported only where the object holds it.
            if (f.partOf && Object.entries(f.partOf.emptied).every(([k, v]) => deepEqual(canonical[k], v))) continue;
            out.push({ family: f.name as FamilyName, id, catalogId, canonical, graph: body });
        }
        const left = listed.value.length - out.length;
        const kept = left ? `; ${left} without any, left out` : "";
        progress(`listed ${plural(out.length, f.title, titles(f))}${where} (${plural(listed.pages, "page")}${kept})`);
        return out;
    };
    const readCatalogs = async () => {
        if (catalogsRead) return;
        catalogsRead = true;
        const listed = await client.list(catalogsPath(version), "listing access package catalogs");
        pages += listed.pages;
        const all = listed.value.map((c) => ({
            id: String(c.id),
            displayName: typeof c.displayName === "string" && c.displayName ? c.displayName : String(c.id),
        }));
        progress(`listed ${plural(all.length, "catalog")} (${plural(listed.pages, "page")})`);
        if (opts.catalogs?.length) {
            const unknown = opts.catalogs.filter((k) => !all.some((c) => c.id.toLowerCase() === k.toLowerCase() || c.displayName === k));
            if (unknown.length)
                throw new ExportUsageError(
                    `no catalog ${unknown.map((u) => JSON.stringify(u)).join(", ")} in the tenant; ` +
                        `catalogs: ${all.map((c) => `${c.id} (${c.displayName})`).join(", ") || "none"}`,
                );
            catalogs = all.filter((c) => opts.catalogs!.some((k) => c.id.toLowerCase() === k.toLowerCase() || c.displayName === k));
        } else catalogs = all;
    };

    const meta = metadataFor(client.settings.cloud);
    for (const f of Object.values(families) as Family[]) {
        if (!wanted.has(f.shortName)) continue;
        // What the cloud does not offer (China has no custom authentication extensions nor listeners) is not asked for.
        if (!offeredTypes(f.name, meta).length) {
            progress(`${client.settings.cloud} does not offer ${titles(f)}: not read`);
            continue;
        }
        read.push(f.name as FamilyName);
        if (!listedPerCatalog(f)) {
            objects.push(...(await collect(f)));
            continue;
        }
        await readCatalogs();
        const perCatalog = await inOrder(catalogs, opts.concurrency ?? 4, (c) => collect(f, c.id));
        for (const list of perCatalog) objects.push(...list);
    }
    return { objects, families: read, catalogs, pages };
}
