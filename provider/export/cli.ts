#!/usr/bin/env node
// `pulumi-entra-extensions export --out DIR`: a tenant's custom extensions and their attachments as a Pulumi program.
// (`pulumi-entra-extensions recover`, the other command of this executable, lives in provider/recover/.)
import { parseArgs } from "node:util";
import { GraphRequestError } from "../graph/errors";
import { main as recover } from "../recover/cli";
import { EXPORT_FAMILIES, ExportFamily, ExportUsageError, exportTenant } from "./index";
import { plural } from "../text";
import { families as registry } from "../families";
import { listedPerCatalog } from "../families/family";

const USAGE = `Usage: pulumi-entra-extensions export --out DIR [options]

Reads every custom task extension, every access package workflow extension in every catalog, every
custom authentication extension, and what makes them fire (authentication event listeners, Lifecycle
workflows, the custom extension stages of access package assignment policies) of the tenant, and writes
a TypeScript Pulumi program to DIR: one resource per object, named after its displayName, each with
{ import: id }, an attachment naming its extension as \`extension.id\`, so that \`pulumi up\` adopts them
all without a change. Signs in and finds Graph as the provider does (ENTRA_GRAPH_ENDPOINT,
ENTRA_ACCESS_TOKEN, ENTRA_CLOUD, ENTRA_GRAPH_VERSION, AZURE_TENANT_ID, AZURE_CLIENT_ID, ...).

Options:
  --out DIR              directory to write (index.ts, package.json, Pulumi.yaml, tsconfig.json, README.md)
  --families LIST        comma-separated, of: task, accessPackage, authentication, listener, workflow,
                         stages, catalogRole (default: all)
  --catalog ID           only this access package catalog, by id or display name (repeatable)
  --name NAME            Pulumi project name (default: the directory's name)
  --package-spec SPEC    how package.json names pulumi-entra-extensions (a .tgz path, a git URL, a version range;
                         default: where this copy was installed from, so that \`npm install\` works here)
  --force                write into a directory that is not empty (the five files are overwritten)
  -q, --quiet            no progress on stderr
  -h, --help             show this help

Progress goes to stderr; the last line on stdout names what was written.

The other command, \`pulumi-entra-extensions recover\`, finishes an interrupted \`pulumi up\` (its --help says how).`;

const COMMAND = "pulumi-entra-extensions";

function fail(message: string): never {
    process.stderr.write(`${COMMAND}: ${message}\nRun \`${COMMAND} --help\` for the options.\n`);
    process.exit(2);
}

/** "task,authentication" (the Graph family names are accepted too). */
function parseFamilies(raw: string[] | undefined): ExportFamily[] | undefined {
    if (!raw) return undefined;
    const byName = new Map<string, ExportFamily>();
    for (const [k, v] of Object.entries(EXPORT_FAMILIES)) {
        byName.set(k.toLowerCase(), k as ExportFamily);
        byName.set(v.toLowerCase(), k as ExportFamily);
    }
    const out: ExportFamily[] = [];
    for (const item of raw
        .flatMap((r) => r.split(","))
        .map((x) => x.trim())
        .filter(Boolean)) {
        const f = byName.get(item.toLowerCase());
        if (!f) fail(`--families: unknown family "${item}"; known: ${Object.keys(EXPORT_FAMILIES).join(", ")}`);
        if (!out.includes(f)) out.push(f);
    }
    if (!out.length) fail(`--families needs at least one of ${Object.keys(EXPORT_FAMILIES).join(", ")}`);
    return out;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
    if (argv[0] === "recover") return recover(argv.slice(1));
    let values;
    let positionals: string[];
    try {
        ({ values, positionals } = parseArgs({
            args: argv,
            options: {
                out: { type: "string" },
                families: { type: "string", multiple: true },
                catalog: { type: "string", multiple: true },
                name: { type: "string" },
                "package-spec": { type: "string" },
                force: { type: "boolean" },
                quiet: { type: "boolean", short: "q" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: true,
        }));
    } catch (e) {
        fail((e as Error).message);
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return;
    }
    const [command, ...extra] = positionals;
    if (command !== "export")
        fail(
            command === undefined
                ? "name a command: export or recover"
                : `unknown command "${command}"; the commands are export and recover`,
        );
    if (extra.length) fail(`unexpected argument "${extra[0]}"`);
    if (!values.out) fail("export needs --out DIR");
    const families = parseFamilies(values.families);
    // The families export lists per catalog (tenant.ts), by the names --families takes.
    const perCatalog = Object.values(registry)
        .filter(listedPerCatalog)
        .map((f) => f.shortName);
    if (values.catalog?.length && families && !families.some((x) => perCatalog.includes(x)))
        fail(`--catalog applies to ${perCatalog.join(", ").replace(/, ([^,]*)$/, " and $1")}, which --families leaves out`);
    if (values.name !== undefined && !/^[A-Za-z0-9_.-]+$/.test(values.name))
        fail(`--name must be letters, digits, "-", "_" or "." (got "${values.name}")`);
    const progress = values.quiet ? undefined : (m: string) => process.stderr.write(`${m}\n`);
    try {
        const r = await exportTenant({
            out: values.out,
            force: values.force,
            families,
            catalogs: values.catalog,
            projectName: values.name,
            packageSpec: values["package-spec"],
            onProgress: progress,
        });
        for (const w of [...r.warnings, ...(r.dependency.warning ? [r.dependency.warning] : [])]) process.stderr.write(`warning: ${w}\n`);
        process.stdout.write(
            `wrote ${r.out}: ${r.tenant.objects.length} resources in index.ts, ` +
                `from ${plural(r.tenant.pages, "page")} of Graph in ${(r.ms / 1000).toFixed(1)} s` +
                `${r.warnings.length ? `; ${r.warnings.length} marked // CHECK:` : ""}\n`,
        );
    } catch (e) {
        if (e instanceof ExportUsageError) fail(e.message);
        const message = e instanceof GraphRequestError || e instanceof Error ? e.message : String(e);
        process.stderr.write(`${COMMAND}: ${message.split("\n")[0]}\n`);
        process.exit(1);
    }
}

if (require.main === module) void main();
