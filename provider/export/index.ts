// Export a tenant to a program: list (tenant.ts), render (program.ts), write. The command (cli.ts) and
// the measurement (measure.ts) call exportTenant.

import fs from "node:fs";
import path from "node:path";
import { GraphClient } from "../graph/client";
import { resolveSettings } from "../graph/settings";
import { OwnPackage, ownPackage } from "./packageSpec";
import { renderProgram, RenderedProgram } from "./program";
import { ExportFamily, ExportUsageError, Tenant, listTenant } from "./tenant";

export { EXPORT_FAMILIES, ExportUsageError, listTenant } from "./tenant";
export type { Catalog, ExportFamily, Tenant, TenantObject } from "./tenant";
export { identifierFrom, renderProgram } from "./program";
export type { RenderedProgram } from "./program";

export interface ExportOptions {
    /** The directory to write; refused when it holds anything, unless `force`. */
    out: string;
    force?: boolean;
    families?: ExportFamily[];
    /** Catalog ids or display names; every catalog when absent. */
    catalogs?: string[];
    projectName?: string;
    /** Progress lines ("listed 120 custom task extensions (2 pages)"), retries included. */
    onProgress?: (message: string) => void;
    /** A client of one's own (tests); otherwise one from the provider's settings (ENTRA_*, AZURE_*). */
    client?: GraphClient;
    /** The program's dependency on pulumi-entra-extensions (`--package-spec`); where the running package came from by default. */
    packageSpec?: string;
}

export interface ExportResult extends RenderedProgram {
    tenant: Tenant;
    out: string;
    ms: number;
    /** How package.json names pulumi-entra-extensions, and why that may not install elsewhere. */
    dependency: OwnPackage;
}

/** Refuses a directory that holds anything (a file of the user's could be overwritten), unless forced. */
export function checkOutDir(out: string, force = false): void {
    if (!fs.existsSync(out)) return;
    if (!fs.statSync(out).isDirectory()) throw new ExportUsageError(`--out ${out} is a file, not a directory`);
    const entries = fs.readdirSync(out);
    if (entries.length && !force)
        throw new ExportUsageError(
            `--out ${out} is not empty (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}); ` +
                "choose an empty or new directory, or pass --force to overwrite the generated files",
        );
}

export function writeProgram(out: string, files: Record<string, string>): void {
    fs.mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(out, name), text);
}

/** A Pulumi project name from the output directory's name: letters, digits, `-`, `_` and `.`. */
function projectNameFor(out: string): string {
    const base = path
        .basename(path.resolve(out))
        .replace(/[^A-Za-z0-9_.-]+/g, "-")
        .replace(/^[-.]+|[-.]+$/g, "");
    return base || "entra-extensions";
}

export async function exportTenant(opts: ExportOptions): Promise<ExportResult> {
    const started = Date.now();
    checkOutDir(opts.out, opts.force);
    const client = opts.client ?? new GraphClient(resolveSettings(), { onRetry: (m) => opts.onProgress?.(m) });
    const tenant = await listTenant(client, { families: opts.families, catalogs: opts.catalogs, onProgress: opts.onProgress });
    const s = client.settings;
    const source = `Microsoft Graph ${s.version} (${s.cloud}${/^http:\/\//i.test(s.endpoint) ? `, ${s.endpoint}` : ""})`;
    const dependency = ownPackage(opts.packageSpec);
    const projectName = opts.projectName ?? projectNameFor(opts.out);
    const rendered = renderProgram(tenant, { projectName, source, dependency });
    // Looked at again just before writing: the directory may have been filled while Graph was read.
    checkOutDir(opts.out, opts.force);
    writeProgram(opts.out, rendered.files);
    return { ...rendered, tenant, out: opts.out, ms: Date.now() - started, dependency };
}
