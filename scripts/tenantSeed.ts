// Tenants to test and measure against, seeded into the emulator as Graph would store them (seedObject,
// seedVariedTenant: the tests' tenants), and what an export of one costs: `npm run build && node
// dist/scripts/tenantSeed.js [--count 300] [--latency-ms 0] [--page-size 100]` seeds a varied tenant of that many
// extensions, exports it, and prints the time, the Graph requests by verb and status, and the pages. Not part of the
// package: it lives with the benchmark and the demo.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fromInputs, toGraph } from "../provider/families/canonical";
import { families } from "../provider/families";
import { AUTHENTICATION_EXTENSION_TYPES } from "../provider/families/customAuthenticationExtension";
import { CUSTOM_TASK_EXTENSION_ARGUMENT, RUN_CUSTOM_TASK_EXTENSION } from "../provider/families/lifecycleWorkflow";
import { CATALOG_ROLES, catalogScope } from "../provider/families/accessPackageCatalogRoleAssignment";
import { GraphClient } from "../provider/graph/client";
import { resolveSettings } from "../provider/graph/settings";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator/server";
import { exportTenant } from "../provider/export/index";
import { FamilyName } from "../provider/export/tenant";

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
export interface SeedCounts {
    tasks: number;
    accessPackages: number;
    authentications: number;
    /** Listeners, each running one of the authentication extensions (needs authentications > 0). */
    listeners?: number;
    /** Workflows, each running one of the task extensions (needs tasks > 0). */
    workflows?: number;
    /** Assignment policies with custom extension stages (plus one without, which export leaves out). */
    policies?: number;
    /** Catalog role assignments, each giving an app's service principal a catalog role (plus one tenant-wide, left out). */
    catalogRoles?: number;
}

export function seedVariedTenant(emu: GraphEmulator, counts: SeedCounts): void {
    const seeded: Record<string, { id: string; inputs: Record<string, any> }[]> = {};
    const seed = (familyName: FamilyName, inputs: Record<string, any>) =>
        (seeded[familyName] ??= []).push({ id: seedObject(emu, familyName, inputs), inputs });
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
        seed("customTaskExtension", {
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
        seed("accessPackageWorkflowExtension", {
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
        seed("customAuthenticationExtension", {
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
    seedAttachments(emu, counts, seeded);
    const roles = Object.values(CATALOG_ROLES);
    for (let i = 0; i < (counts.catalogRoles ?? 0); i++) {
        const principal = emu.addServicePrincipal({ appId: `3333333${i % 10}-3333-4333-8444-555555555555`, displayName: `Logic App ${i}` });
        emu.entitlementRoles.create({
            principalId: principal.id,
            roleDefinitionId: roles[i % roles.length],
            appScopeId: catalogScope(SEED_CATALOGS[i % SEED_CATALOGS.length].id),
        });
    }
    // A tenant-wide role (Catalog creator): no catalog's, so export leaves it out.
    if (counts.catalogRoles)
        emu.entitlementRoles.create({
            principalId: emu.addServicePrincipal({ appId: "44444444-3333-4333-8444-555555555555" }).id,
            roleDefinitionId: "ba92d953-d8e0-4e39-a797-0cbedb0a89e8",
            directoryScopeId: "/",
        });
}

/** What makes the seeded extensions fire: listeners, workflows, policies with stages, each naming one of them. */
function seedAttachments(emu: GraphEmulator, counts: SeedCounts, seeded: Record<string, { id: string; inputs: Record<string, any> }[]>) {
    const auths = seeded.customAuthenticationExtension ?? [];
    for (let i = 0; i < (counts.listeners ?? 0); i++) {
        const e = auths[i % auths.length];
        const eventType = e.inputs.extensionType as string;
        seedObject(emu, "authenticationEventListener", {
            eventType,
            displayName: i % 3 === 2 ? undefined : `Fires ${e.inputs.displayName}`,
            conditions: { applications: { includeApplications: i % 2 ? [SEED_APP, `2222222${i}-2222-4333-8444-555555555555`] : [] } },
            handler: {
                customExtensionId: e.id,
                ...(i % 4 === 1 ? { configuration: { clientConfiguration: { timeoutInMilliseconds: 1500 } } } : {}),
                ...(eventType === "onPasswordSubmit" ? { migrationPropertyId: "extension_0123_requiresMigration" } : {}),
            },
        });
    }
    const tasks = seeded.customTaskExtension ?? [];
    for (let i = 0; i < (counts.workflows ?? 0); i++)
        seedObject(emu, "lifecycleWorkflow", {
            category: ["joiner", "leaver", "mover"][i % 3],
            displayName: `Workflow ${i}: run ${tasks[i % tasks.length].inputs.displayName}`,
            description: i % 2 ? "Runs a custom task extension" : undefined,
            isEnabled: i % 2 === 0,
            executionConditions:
                i % 2
                    ? { "@odata.type": "#microsoft.graph.identityGovernance.onDemandExecutionOnly" }
                    : {
                          "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions",
                          scope: {
                              "@odata.type": "#microsoft.graph.identityGovernance.ruleBasedSubjectSet",
                              rule: "(department eq 'Sales')",
                          },
                          trigger: {
                              "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger",
                              timeBasedAttribute: "employeeHireDate",
                              offsetInDays: -i,
                          },
                      },
            tasks: [
                {
                    taskDefinitionId: RUN_CUSTOM_TASK_EXTENSION,
                    displayName: "Run a custom task extension",
                    arguments: [{ name: CUSTOM_TASK_EXTENSION_ARGUMENT, value: tasks[i % tasks.length].id }],
                    isEnabled: true,
                    continueOnError: i % 2 === 1,
                },
            ],
        });
    const inCatalog = (c: string, type: string) =>
        (seeded.accessPackageWorkflowExtension ?? []).filter((e) => e.inputs.catalogId === c && e.inputs.extensionType === type);
    const policies = counts.policies ?? 0;
    for (let i = 0; i <= policies && policies > 0; i++) {
        const catalog = SEED_CATALOGS[i % SEED_CATALOGS.length];
        const accessPackage = emu.create("accessPackages", { displayName: `Package ${i}`, catalog: { id: catalog.id } }).id;
        const request = inCatalog(catalog.id, "assignmentRequest")[0];
        const expiry = inCatalog(catalog.id, "assignment")[0];
        // The last policy has no stages: export leaves it out.
        const stages =
            i === policies
                ? []
                : [
                      ...(request ? [{ stage: "assignmentRequestCreated", customExtension: { id: request.id } }] : []),
                      ...(expiry ? [{ stage: "assignmentFourteenDaysBeforeExpiration", customExtension: { id: expiry.id } }] : []),
                  ];
        emu.create("assignmentPolicies", {
            displayName: `Package ${i}: direct assignment`,
            allowedTargetScope: "notSpecified",
            specificAllowedTargets: [],
            expiration: { type: "noExpiration" },
            accessPackage: { id: accessPackage },
            customExtensionStageSettings: stages,
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
