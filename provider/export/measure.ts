// What an export costs: `node dist/provider/export/measure.js [--count 300] [--latency-ms 0] [--page-size 100]`
// seeds the emulator with a varied tenant of that many extensions, exports it, and prints the time, the
// Graph requests by verb and status, and the pages. seedVariedTenant is also the tests' tenant.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fromInputs, toGraph } from "../extensions/canonical";
import { families } from "../extensions";
import { AUTHENTICATION_EXTENSION_TYPES } from "../extensions/customAuthenticationExtension";
import { GraphClient } from "../graph/client";
import { resolveSettings } from "../graph/settings";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../emulator/server";
import { exportTenant } from "./index";
import { FamilyName } from "./tenant";

export const SEED_SUBSCRIPTION = "0f1e2d3c-4b5a-4697-8877-665544332211";
export const SEED_APP = "11111111-2222-4333-8444-555555555555";
export const SEED_CATALOGS = [
    { id: DEFAULT_CATALOG_ID, displayName: "General" },
    { id: "c0ffee00-0000-4000-8000-0000000000a1", displayName: "Sales & Marketing" },
    { id: "c0ffee00-0000-4000-8000-0000000000b2", displayName: 'R&D "Labs"' },
];

/** Stores one object as the provider would have created it: its input, canonicalized, as Graph JSON. */
export function seedObject(emu: GraphEmulator, familyName: FamilyName, inputs: Record<string, unknown>): string {
    const f = families[familyName];
    const { canonical, failures } = fromInputs(f, inputs);
    if (failures.length)
        throw new Error(`seed ${JSON.stringify(inputs.displayName)}: ${failures.map((x) => `${x.property}: ${x.reason}`).join("; ")}`);
    const body = toGraph(f, canonical, { withType: true });
    return emu.collections.create({ collection: f.collection.name, catalogId: canonical.catalogId as string | undefined }, body).id;
}

const AUTH_TYPES = Object.keys(AUTHENTICATION_EXTENSION_TYPES);

/**
 * A tenant with every variety the exporter must write: names with punctuation, quotes, accents, digits
 * first, reserved words and repeats; descriptions or not; PoP and token authentication; client
 * configurations; callbacks with and without authorized apps; both access package types in several
 * catalogs; every authentication event type, claims, fallback, a target URL with a key in its query.
 * Counts: `tasks` + `accessPackages` + `authentications` (the last at most 100, Graph's limit).
 */
export function seedVariedTenant(emu: GraphEmulator, counts: { tasks: number; accessPackages: number; authentications: number }): void {
    for (const c of SEED_CATALOGS) emu.addCatalog(c.id, c.displayName);
    const special = [
        "Onboarding: provision badge",
        "delete",
        '2nd-line "support" \\ queue',
        "Überprüfung für Ärzte",
        "Offboarding — revoke access",
    ];
    const logicApp = (i: number) => ({
        subscriptionId: SEED_SUBSCRIPTION,
        resourceGroupName: `rg-identity-${i % 4}`,
        logicAppWorkflowName: `la-ext-${i}`,
    });
    for (let i = 0; i < counts.tasks; i++) {
        seedObject(emu, "customTaskExtension", {
            displayName: i < special.length ? special[i] : `Task extension ${String(i).padStart(3, "0")}`,
            description: i % 3 === 0 ? undefined : `Calls Logic App ${i}`,
            endpointConfiguration: logicApp(i),
            authenticationConfiguration: i % 7 === 3 ? { resourceId: `api://tasks.contoso.com/${SEED_APP}` } : undefined,
            clientConfiguration: i % 4 === 1 ? { timeoutInMilliseconds: 200 + (i % 10) * 100, maximumRetries: i % 2 } : undefined,
            callbackConfiguration:
                i % 5 === 0
                    ? undefined
                    : i % 5 === 1
                      ? { timeoutDuration: "PT1H" }
                      : { timeoutDuration: "PT30M", authorizedApps: [SEED_APP] },
        });
    }
    for (let i = 0; i < counts.accessPackages; i++) {
        const assignment = i % 3 === 2;
        seedObject(emu, "accessPackageWorkflowExtension", {
            catalogId: SEED_CATALOGS[i % SEED_CATALOGS.length].id,
            extensionType: assignment ? "assignment" : "assignmentRequest",
            // Names repeat across catalogs and, once, within one: names stay unique in the program.
            displayName: i < 6 ? "Check licence" : `${assignment ? "Expiry" : "Request"} ${i}`,
            description: i % 2 ? "Entitlement management extension" : undefined,
            endpointConfiguration: logicApp(1000 + i),
            authenticationConfiguration: i % 5 === 4 ? { resourceId: `api://ap.contoso.com/${SEED_APP}` } : undefined,
            clientConfiguration: i % 4 === 0 ? { timeoutInMilliseconds: 1000 } : undefined,
            callbackConfiguration: !assignment && i % 2 === 0 ? { timeoutDuration: i % 4 === 0 ? "P1D" : "PT5M" } : undefined,
        });
    }
    for (let i = 0; i < counts.authentications; i++) {
        const extensionType = AUTH_TYPES[i % AUTH_TYPES.length];
        const host = `api${i % 3}.contoso.com`;
        seedObject(emu, "customAuthenticationExtension", {
            extensionType,
            displayName: `${extensionType} ${i}`,
            description: i % 2 ? undefined : "Custom authentication extension",
            endpointConfiguration: { targetUrl: `https://${host}/api/${extensionType}${i % 6 === 1 ? `?code=key-${i}` : ""}` },
            authenticationConfiguration: { resourceId: `api://${host}/${SEED_APP}` },
            clientConfiguration:
                i % 3 === 0 ? { timeoutInMilliseconds: 2000, maximumRetries: 1 } : i % 3 === 1 ? { maximumRetries: 0 } : undefined,
            behaviorOnError: i % 4 === 0 && extensionType !== "onTokenIssuanceStart" ? "fallbackToMicrosoftProvider" : undefined,
            claimsForTokenConfiguration:
                extensionType === "onTokenIssuanceStart" ? ["employeeId", ...(i % 12 === 6 ? ["costCenter"] : [])] : undefined,
        });
    }
}

/** Requests by "VERB status" and pages, from the emulator's log. */
export function requestFigures(emu: GraphEmulator): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of emu.log) out[`${e.method} ${e.status}`] = (out[`${e.method} ${e.status}`] ?? 0) + 1;
    return out;
}

async function main() {
    const { values } = parseArgs({
        options: { count: { type: "string" }, "latency-ms": { type: "string" }, "page-size": { type: "string" } },
        strict: true,
    });
    const count = Number(values.count ?? 300);
    const latencyMs = Number(values["latency-ms"] ?? 0);
    const pageSize = Number(values["page-size"] ?? 100);
    const authentications = Math.min(100, Math.round(count * 0.27));
    const accessPackages = Math.round(count * 0.33);
    const tasks = count - authentications - accessPackages;
    const emu = await startEmulator({ latencyMs, pageSize });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "entra-export-"));
    try {
        seedVariedTenant(emu, { tasks, accessPackages, authentications });
        emu.clearLog();
        const client = new GraphClient(resolveSettings(() => undefined, { ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token }));
        const lines: string[] = [];
        const r = await exportTenant({ out: path.join(out, "program"), client, onProgress: (m) => lines.push(m) });
        const figures = requestFigures(emu);
        const requests = Object.values(figures).reduce((a, b) => a + b, 0);
        process.stdout.write(
            `${lines.map((l) => `  ${l}`).join("\n")}\n` +
                `export of ${r.tenant.objects.length} extensions (${tasks} task, ` +
                `${accessPackages} access package in ${r.tenant.catalogs.length} catalogs, ${authentications} authentication), ` +
                `emulator at ${latencyMs} ms per request, page size ${pageSize}:\n` +
                `  ${r.ms} ms; ${requests} Graph requests (${Object.entries(figures)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(", ")}); ` +
                `${r.tenant.pages} pages; index.ts ${r.files["index.ts"].length} bytes, ${r.files["index.ts"].split("\n").length} lines; ` +
                `${r.warnings.length} objects marked CHECK\n`,
        );
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
        await emu.close();
    }
}

if (require.main === module)
    main().catch((e) => {
        process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
        process.exit(1);
    });
