// `pulumi-entra-extensions export` end to end through the real CLI: a varied tenant in the emulator
// (every authentication event type, both access package types, three catalogs, callbacks, client
// configurations, more objects than one page), exported to a program, installed as a user installs
// it, compiled with tsc; `pulumi up` adopts every object with no write to Graph, `pulumi preview
// --expect-no-changes` (and with --refresh) passes, destroy deletes them. The tenant's listeners,
// workflows and policy stages come too, naming their extensions by reference: destroy detaches them first.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { GraphEmulator, startEmulator } from "../../provider/emulator";
import { GraphClient } from "../../provider/graph/client";
import { resolveSettings } from "../../provider/graph/settings";
import { ExportResult, exportTenant } from "../../provider/export";
import { seedVariedTenant } from "../../scripts/tenantSeed";
import { Stack, describeEngine, succeeded, writesSince } from "./harness";
import { installProgram } from "../../scripts/installProgram";
import { AUTHENTICATION_EXTENSION_TYPES } from "../../provider/families/customAuthenticationExtension";

const COUNTS = { tasks: 16, accessPackages: 14, authentications: 14, listeners: 3, workflows: 2, policies: 1, catalogRoles: 2 };
const EXTENSIONS = COUNTS.tasks + COUNTS.accessPackages + COUNTS.authentications;
const TOTAL = EXTENSIONS + COUNTS.listeners + COUNTS.workflows + COUNTS.policies + COUNTS.catalogRoles;
const root = path.resolve(__dirname, "../..");
const requests = (emu: GraphEmulator, from: number) => emu.log.slice(from).map((e) => `${e.method} ${e.status}`);

describeEngine("export a tenant to a program, then adopt it with the Pulumi CLI", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;
    let exported: ExportResult;
    let programDir: string;

    beforeAll(async () => {
        // Pages of 8: every collection but the catalogs' is read over more than one page.
        emu = await startEmulator({ pageSize: 8 });
        seedVariedTenant(emu, COUNTS);
        emu.clearLog();
        const client = new GraphClient(resolveSettings(() => undefined, { ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token }));
        exported = await exportTenant({ out: path.join(engine.work, "export-src", "entra-exported"), client });
        programDir = installProgram(exported.out, path.join(engine.work, "export-program"), { packDir: engine.work });
        stack = await new Stack(engine, "export-adopt", { emulator: emu, programDir }).init();
    }, 180_000);
    afterAll(async () => {
        await stack?.destroy();
        await emu?.close();
    }, 120_000);

    test("the export read every collection page by page and wrote one resource per object", () => {
        expect(exported.tenant.objects).toHaveLength(TOTAL);
        expect(exported.warnings).toEqual([]);
        // tasks 16/8: 2 pages; catalogs: 1; 14 access package extensions over 3 catalogs (5, 5, 4): 1 each; 14 authentication: 2;
        // listeners, workflows, policies: 1 each; catalog role assignments: 1 per catalog
        expect(exported.tenant.pages).toBe(14);
        expect(requests(emu, 0)).toEqual(Array(14).fill("GET 200"));
        const index = exported.files["index.ts"];
        for (const t of Object.keys(AUTHENTICATION_EXTENSION_TYPES)) expect(index).toContain(`extensionType: "${t}"`);
        for (const t of [
            '"assignmentRequest"',
            '"assignment"',
            "callbackConfiguration:",
            "clientConfiguration:",
            "pulumi.secret(",
            "customExtensionId: ",
        ])
            expect(index).toContain(t);
        expect(new Set(exported.tenant.objects.map((o) => o.catalogId).filter(Boolean)).size).toBe(3);
    });

    test("the installed program compiles with tsc against the installed package", () => {
        const tsc = path.join(root, "node_modules/typescript/bin/tsc");
        const out = (() => {
            try {
                return execFileSync(process.execPath, [tsc, "-p", programDir, "--noEmit"], { encoding: "utf8" });
            } catch (e) {
                return `${(e as { stdout?: string }).stdout ?? e}`;
            }
        })();
        expect(out.trim()).toBe("");
    }, 60_000);

    test("`pulumi up` adopts every object: no POST, PATCH, PUT or DELETE reaches Graph", async () => {
        const before = emu.log.length;
        const started = Date.now();
        const r = succeeded(await stack.up());
        expect(r.out).toMatch(new RegExp(`\\+ ${TOTAL + 1} created`)); // the objects and the stack
        // (the CLI shows each message under its resource and again among the diagnostics)
        expect(new Set(r.out.match(/adopting [0-9a-f-]+ instead of creating one/g)).size).toBe(TOTAL);
        expect(writesSince(emu, before)).toEqual([]);
        // check looks each object up at preview, create takes it: two reads per object; a listener's check reads the
        // extension it names, a policy's stages check reads the policy and its catalog's extensions
        const references = COUNTS.listeners + 2 * COUNTS.policies;
        expect(requests(emu, before)).toEqual(Array(2 * TOTAL + references).fill("GET 200"));
        const inState = (await stack.resources()).filter((x) => String(x.type).startsWith("pulumi-nodejs:dynamic"));
        expect(inState.map((x) => x.id).sort()).toEqual(exported.tenant.objects.map((o) => o.id).sort());
        process.stderr.write(`export engine test: up adopted ${TOTAL} objects in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }, 180_000);

    test("a following `pulumi preview --expect-no-changes` passes without a Graph request, and with --refresh too", async () => {
        const before = emu.log.length;
        succeeded(await stack.preview("--expect-no-changes"));
        expect(requests(emu, before)).toEqual([]);
        succeeded(await stack.preview("--refresh", "--expect-no-changes"));
        expect(requests(emu, before)).toEqual(Array(TOTAL).fill("GET 200"));
    }, 180_000);

    test("destroy deletes the adopted objects", async () => {
        const before = emu.log.length;
        succeeded(await stack.destroy());
        // a workflow is deleted and purged; a policy keeps existing, its stages emptied by a PUT; a role assignment is deleted
        const deletes = EXTENSIONS + COUNTS.listeners + 2 * COUNTS.workflows + COUNTS.catalogRoles;
        expect(writesSince(emu, before).sort()).toEqual([...Array(deletes).fill("DELETE 204"), ...Array(COUNTS.policies).fill("PUT 200")]);
        const left = emu.objects();
        expect(left.map((o) => o.collection).sort()).toEqual([
            ...Array(COUNTS.policies + 1).fill("accessPackages"),
            ...Array(COUNTS.policies + 1).fill("assignmentPolicies"),
        ]);
        expect(left.every((o) => !o.body.customExtensionStageSettings?.length)).toBe(true);
    }, 180_000);
});
