// Reads a tenant's custom extensions through the provider's own GraphClient (same settings, sign-in
// and retry policy), page by page, and turns each Graph object into its family's canonical form.

import { fromGraph } from "../extensions/canonical";
import { Canonical, GraphBody } from "../extensions/family";
import { families, FamilyName } from "../extensions";
import { catalogsPath } from "../extensions/accessPackageWorkflowExtension";
import { GraphClient } from "../graph/client";

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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

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
    let catalogs: Catalog[] = [];
    let pages = 0;
    const collect = async (familyName: FamilyName, path: string, what: string, catalogId?: string) => {
        const where =
            catalogId === undefined
                ? ""
                : ` in catalog ${JSON.stringify(catalogs.find((c) => c.id === catalogId)?.displayName ?? catalogId)}`;
        const title = families[familyName].title;
        // A long collection shows its progress page by page; a short one, one line when done.
        const listed = await client.list(path, `listing ${what}`, {
            onPage: (count, n) => n > 1 && progress(`... ${plural(count, title)}${where} so far (page ${n})`),
        });
        pages += listed.pages;
        progress(`listed ${plural(listed.value.length, title)}${where} (${plural(listed.pages, "page")})`);
        return listed.value.map((body): TenantObject => ({
            family: familyName,
            id: String(body.id),
            catalogId,
            canonical: fromGraph(families[familyName], body, catalogId === undefined ? {} : { catalogId }),
            graph: body,
        }));
    };

    if (wanted.has("task"))
        objects.push(
            ...(await collect("customTaskExtension", families.customTaskExtension.collectionPath({}, version), "custom task extensions")),
        );

    if (wanted.has("accessPackage")) {
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
        const perCatalog = await inOrder(catalogs, opts.concurrency ?? 4, (c) =>
            collect(
                "accessPackageWorkflowExtension",
                families.accessPackageWorkflowExtension.collectionPath({ catalogId: c.id }, version),
                `access package workflow extensions in catalog ${JSON.stringify(c.displayName)}`,
                c.id,
            ),
        );
        for (const list of perCatalog) objects.push(...list);
    }

    if (wanted.has("authentication"))
        objects.push(
            ...(await collect(
                "customAuthenticationExtension",
                families.customAuthenticationExtension.collectionPath({}, version),
                "custom authentication extensions",
            )),
        );

    return { objects, catalogs, pages };
}
