// Exporting a tenant to a program, without the engine: a varied tenant in the emulator, read page by
// page through the provider's GraphClient, written as a program that type-checks against the package;
// the program, run with its resource classes recorded, asks for adoptions the provider accepts with no
// write to Graph. Filters, paging, throttling, a non-empty directory and the command itself.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { GraphClient, relativeToVersion } from "../provider/graph/client";
import { resolveSettings } from "../provider/graph/settings";
import { families } from "../provider/families";
import { EXPORT_FAMILIES, ExportUsageError, exportTenant, identifierFrom } from "../provider/export";
import { SEED_CATALOGS, seedObject, seedVariedTenant } from "../scripts/tenantSeed";
import { emulatorEnv, providersFor } from "./support/setup";
import { typeCheck } from "./support/typeCheck";
import { FAMILY, runProgram, unwrapSecrets } from "./support/exportedProgram";
import { AUTHENTICATION_EXTENSION_TYPES } from "../provider/families/customAuthenticationExtension";

const root = path.resolve(__dirname, "..");
const COUNTS = { tasks: 14, accessPackages: 12, authentications: 13, listeners: 5, workflows: 3, policies: 2, catalogRoles: 3 };
const EXTENSIONS = COUNTS.tasks + COUNTS.accessPackages + COUNTS.authentications;
const TOTAL = EXTENSIONS + COUNTS.listeners + COUNTS.workflows + COUNTS.policies + COUNTS.catalogRoles;
/** The ids of what export writes: every object but access packages, the policy without stages and a tenant-wide role. */
const exportedIds = () => [
    ...emu
        .objects()
        .filter(
            (o) =>
                o.collection !== "accessPackages" &&
                !(o.collection === "assignmentPolicies" && !o.body.customExtensionStageSettings?.length),
        )
        .map((o) => o.id),
    ...[...emu.entitlementRoles.assignments.values()].filter((a) => a.appScopeId).map((a) => a.id),
];

let emu: GraphEmulator;
let scratch: string;
let n = 0;
const outDir = () => path.join(scratch, `out${++n}`);
const client = (env: Record<string, string> = {}) => new GraphClient(resolveSettings(() => undefined, emulatorEnv(emu, env)));

beforeAll(async () => {
    emu = await startEmulator();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-export-test-"));
});
afterAll(async () => {
    await emu.close();
    fs.rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
    emu.reset();
    emu.pageSize = 5;
    seedVariedTenant(emu, COUNTS);
    emu.clearLog();
});

describe("the exported program", () => {
    let r: Awaited<ReturnType<typeof exportTenant>>;
    let progress: string[];
    beforeEach(async () => {
        progress = [];
        r = await exportTenant({ out: outDir(), client: client(), onProgress: (m) => progress.push(m) });
    });

    test("holds one resource per object, each with { import: id }, under unique identifier names", () => {
        const index = r.files["index.ts"];
        const ids = exportedIds();
        expect(ids).toHaveLength(TOTAL);
        expect(index).toContain(
            "// 14 custom task extensions, 12 access package workflow extensions in 3 catalogs, 13 custom authentication\n" +
                "// extensions, 5 authentication event listeners, 3 lifecycle workflows, 2 access package policies' custom\n" +
                "// extension stages, 3 access package catalog role assignments.\n",
        );
        for (const id of ids) expect(index.split(`{ import: ${JSON.stringify(id)} }`)).toHaveLength(2);
        const names = Object.values(r.names);
        expect(new Set(names).size).toBe(TOTAL);
        for (const name of names) {
            expect(name).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
            expect(index).toContain(`const ${name} = new `);
            expect(index).toContain(`(${JSON.stringify(name)}, {`);
        }
        expect(r.warnings).toEqual([]);
        expect(fs.readdirSync(r.out).sort()).toEqual(["Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"]);
    });

    test("readable names and arguments: PoP and unset values left out, claims as strings, catalogs as constants, keyed URLs secret", () => {
        const index = r.files["index.ts"];
        expect(index).toContain('const onboardingProvisionBadge = new CustomTaskExtension("onboardingProvisionBadge", {');
        expect(index).toContain('const taskDelete = new CustomTaskExtension("taskDelete"'); // a reserved word
        expect(index).toContain('const task2ndLineSupportQueue = new CustomTaskExtension("task2ndLineSupportQueue"'); // a digit first
        expect(index).toContain('displayName: "2nd-line \\"support\\" \\\\ queue",'); // escaped as JSON
        expect(index).toContain(
            'const uberprufungFurArzte = new CustomTaskExtension("uberprufungFurArzte", {\n    displayName: "Überprüfung für Ärzte",',
        );
        expect(index).toMatch(/const checkLicence = [^]*const checkLicence2 = /); // a name repeated gets a number
        expect(index).not.toContain("azureAdPopToken");
        const extensions = index.slice(0, index.indexOf("// Authentication event listeners"));
        expect(extensions).not.toMatch(/"@odata.type"/);
        expect(index).not.toMatch(/: undefined|: null|claimIdInApiResponse|url:|keepRestorableOnDelete/);
        expect(index).toContain(
            'authenticationConfiguration: { resourceId: "api://tasks.contoso.com/11111111-2222-4333-8444-555555555555" },',
        );
        expect(index).toContain('claimsForTokenConfiguration: ["employeeId", "costCenter"],');
        expect(index).toContain('behaviorOnError: "fallbackToMicrosoftProvider",');
        expect(index).toContain('targetUrl: pulumi.secret("https://api1.contoso.com/api/onAttributeCollectionStart?code=key-1")');
        expect(index).toContain('import * as pulumi from "@pulumi/pulumi";');
        const classes = Object.values(families).map((f) => `    ${f.resourceType},\n`);
        expect(index).toContain(`import {\n${classes.join("")}} from "pulumi-entra-extensions";`);
        for (const c of SEED_CATALOGS)
            expect(index).toContain(`// Access package workflow extensions in catalog ${JSON.stringify(c.displayName)}\nconst `);
        expect(index).toContain('const salesMarketingCatalog = "c0ffee00-0000-4000-8000-0000000000a1";\n');
        expect(index).toContain("catalogId: salesMarketingCatalog,");
        expect(index).toMatch(/extensionType: "assignment",/);
        expect(index).toMatch(/extensionType: "assignmentRequest",/);
        for (const t of Object.keys(AUTHENTICATION_EXTENSION_TYPES)) expect(index).toContain(`extensionType: "${t}",`);
        expect(index).toContain("clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 1 },");
        expect(index).toContain(
            'callbackConfiguration: { timeoutDuration: "PT30M", authorizedApps: ["11111111-2222-4333-8444-555555555555"] },',
        );
        expect(index).toContain('callbackConfiguration: { timeoutDuration: "P1D" },');
        const pkg = JSON.parse(r.files["package.json"]);
        expect(pkg.dependencies["@pulumi/pulumi"]).toBe(
            JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies["@pulumi/pulumi"],
        );
        // Rendered from this clone: the clone itself (test/install.test.ts follows an install from the packed package).
        expect(pkg.dependencies["pulumi-entra-extensions"]).toBe(`file:${root}`);
        expect(r.files["Pulumi.yaml"]).toMatch(/^name: out\d+\nruntime: nodejs\n|^name: out\d+\n/);
        expect(r.files["Pulumi.yaml"]).toContain("runtime: nodejs");
    });

    test("attachments name their extensions by reference, in Graph's JSON where it has no friendlier form", () => {
        const index = r.files["index.ts"];
        const declared = runProgram(index);
        const nameOf = (id: string) => r.names[id];
        for (const d of declared.filter((x) => x.type === "AuthenticationEventListener")) {
            const id = d.args.handler.customExtensionId;
            expect(index).toContain(`customExtensionId: ${nameOf(id)}.id`);
            expect(index.indexOf(`const ${nameOf(id)} = `)).toBeLessThan(index.indexOf(`const ${d.name} = `));
        }
        expect(index).toMatch(/includeApplications: \["11111111-2222-4333-8444-555555555555", "22222221-/);
        expect(index).toContain("handler: { customExtensionId: onTokenIssuanceStart0.id },");
        expect(index).toMatch(/migrationPropertyId: "extension_0123_requiresMigration"/);
        expect(index).toContain('arguments: [{ name: "customTaskExtensionID", value: onboardingProvisionBadge.id }],');
        expect(index).toContain('executionConditions: { "@odata.type": "#microsoft.graph.identityGovernance.onDemandExecutionOnly" },');
        // Read with `Prefer: include-unknown-enum-members`: without it Graph (and the emulator) answers unknownFutureValue.
        expect(index).toContain('category: "mover",');
        const stages = declared.filter((x) => x.type === "AccessPackageCustomExtensionStages");
        expect(stages.map((x) => x.name)).toEqual(["package0DirectAssignmentStages", "package1DirectAssignmentStages"]);
        for (const x of stages) expect(x.args.policyId).toBe(x.opts.import);
        expect(index).toMatch(
            /customExtensionStageSettings: \[\{ stage: "assignmentRequestCreated", customExtensionId: checkLicence\d*\.id \}\]/,
        );
        expect(emu.log.filter((e) => e.path.includes("lifecycleWorkflows/workflows"))).toHaveLength(1);
    });

    test("is the same text when exported again (deterministic)", async () => {
        const again = await exportTenant({ out: r.out, force: true, client: client(), projectName: path.basename(r.out) });
        expect(again.files).toEqual(r.files);
    });

    test("type-checks against the package's types", () => {
        const diagnostics = typeCheck(path.join(r.out, "index.ts"));
        expect(diagnostics).toEqual([]);
    });

    test("run, it asks to adopt every object, and the provider adopts each as it is: check passes, create writes nothing", async () => {
        const declared = runProgram(r.files["index.ts"]);
        expect(declared).toHaveLength(TOTAL);
        emu.clearLog();
        const providers = providersFor(emu);
        for (const d of declared) {
            const p = providers[FAMILY[d.type]];
            // What the resource class hands the provider (see provider/resources/classes.ts).
            const news = { ...unwrapSecrets(d.args), __adopt: { id: d.opts.import, update: false } };
            const checked = await p.check({}, news);
            expect({ name: d.name, failures: checked.failures }).toEqual({ name: d.name, failures: [] });
            const created = await p.create(checked.inputs);
            expect(created.id).toBe(d.opts.import);
            expect((await p.diff(created.id, created.outs, checked.inputs)).changes).toBe(false);
        }
        expect(emu.writes()).toEqual([]);
    }, 60_000);

    test("paging: every collection is read to its last page, and progress says how many pages", () => {
        // 14 tasks at 5 a page: 3 pages; 3 catalogs (1 page), 4 extensions in each (1 page each); 13 authentication: 3 pages;
        // 5 listeners (1 page), 3 workflows, 3 policies: 1 page each (the workflows' tasks come with the listing);
        // role assignments: 1 page per catalog, by its app scope (the tenant-wide one is not listed)
        expect(emu.log.map((e) => `${e.method} ${e.status}`)).toEqual(Array(16).fill("GET 200"));
        expect(emu.log.filter((e) => e.path.endsWith("customTaskExtensions"))).toHaveLength(3);
        expect(r.tenant.pages).toBe(16);
        expect(progress).toContain("listed 2 access package policies' custom extension stages (1 page; 1 without any, left out)");
        expect(progress).toContain("listed 14 custom task extensions (3 pages)");
        const roleListings = emu.log.filter((e) => e.path.endsWith("/roleAssignments")).map((e) => decodeURIComponent(e.query ?? ""));
        expect(roleListings).toEqual(r.tenant.catalogs.map((c) => `?$filter=appScopeId eq '/AccessPackageCatalog/${c.id}'`));
        expect(progress).toContain('listed 4 access package workflow extensions in catalog "Sales & Marketing" (1 page)');
        expect(progress).toContain("listed 3 catalogs (1 page)");
        expect(progress).toContain("... 10 custom authentication extensions so far (page 2)");
    });
});

test("the emulator pages as Graph does: absolute nextLink with $skiptoken, $top, $filter kept", async () => {
    const c = client();
    const first = await c.get("/identityGovernance/lifecycleWorkflows/customTaskExtensions", "t", { $top: "4" });
    expect(first.value).toHaveLength(4);
    expect(first["@odata.nextLink"]).toMatch(
        new RegExp(`^${emu.url}/v1\\.0/identityGovernance/lifecycleWorkflows/customTaskExtensions\\?\\$top=4&\\$skiptoken=`),
    );
    const all = await c.list("/identityGovernance/lifecycleWorkflows/customTaskExtensions?$top=4", "t");
    expect(all.pages).toBe(4);
    expect(new Set(all.value.map((o) => o.id)).size).toBe(14);
    for (let i = 0; i < 7; i++)
        seedObject(emu, "accessPackageWorkflowExtension", {
            catalogId: SEED_CATALOGS[1].id,
            displayName: "Twin",
            endpointConfiguration: { subscriptionId: SEED_CATALOGS[1].id, resourceGroupName: "rg", logicAppWorkflowName: `la${i}` },
        });
    const twins = await c.list(
        `/identityGovernance/entitlementManagement/catalogs/${SEED_CATALOGS[1].id}/customWorkflowExtensions?$filter=displayName eq 'Twin'`,
        "t",
    );
    expect([twins.pages, twins.value.length, twins.value.every((o) => o.displayName === "Twin")]).toEqual([2, 7, true]);
    const catalogs = await c.get("/identityGovernance/entitlementManagement/catalogs", "t");
    expect(catalogs.value.map((x: any) => [x.id, x.displayName])).toEqual(SEED_CATALOGS.map((x) => [x.id, x.displayName]));
    await expect(c.get("/identityGovernance/lifecycleWorkflows/customTaskExtensions", "t", { $top: "0" })).rejects.toThrow(/Invalid \$top/);
});

test("nextLink is taken relative to the version, its query kept as Graph wrote it", () => {
    const e = "https://graph.microsoft.com";
    expect(relativeToVersion(`${e}/v1.0/identity/customAuthenticationExtensions?$skiptoken=a%2Bb==`, e, "v1.0")).toBe(
        "/identity/customAuthenticationExtensions?$skiptoken=a%2Bb==",
    );
    expect(relativeToVersion(`${e}/beta/x?$top=2&$skiptoken=Z`, e, "beta")).toBe("/x?$top=2&$skiptoken=Z");
    // another host (a proxy that rewrote the base URL): the path after the version still
    expect(relativeToVersion("http://127.0.0.1:9/v1.0/x?$skiptoken=1", e, "v1.0")).toBe("/x?$skiptoken=1");
});

test("identifiers: camelCase from the displayName, a family prefix when it starts with a digit or is a reserved word", () => {
    expect(identifierFrom("Onboarding: provision badge", "customTaskExtension")).toBe("onboardingProvisionBadge");
    expect(identifierFrom("HR claims", "customAuthenticationExtension")).toBe("hrClaims");
    expect(identifierFrom("123", "accessPackageWorkflowExtension")).toBe("accessPackage123");
    expect(identifierFrom("class", "customAuthenticationExtension")).toBe("authenticationClass");
    expect(identifierFrom("★★★", "customTaskExtension")).toBe("taskExtension");
    expect(identifierFrom("x".repeat(80), "customTaskExtension")).toHaveLength(60);
});

test("families and catalogs: only what is asked for is read and written; an unknown catalog is refused by name", async () => {
    const tasks = await exportTenant({ out: outDir(), client: client(), families: ["task"] });
    expect(tasks.tenant.objects.map((o) => o.family)).toEqual(Array(COUNTS.tasks).fill("customTaskExtension"));
    expect(emu.log.every((e) => e.path.includes("customTaskExtensions"))).toBe(true);
    expect(tasks.files["index.ts"]).toContain('import { CustomTaskExtension } from "pulumi-entra-extensions";');
    expect(tasks.files["index.ts"]).not.toContain("pulumi.secret");

    emu.clearLog();
    const one = await exportTenant({
        out: outDir(),
        client: client(),
        families: ["accessPackage"],
        catalogs: [SEED_CATALOGS[2].id, "Sales & Marketing"],
    });
    expect(new Set(one.tenant.objects.map((o) => o.catalogId))).toEqual(new Set([SEED_CATALOGS[1].id, SEED_CATALOGS[2].id]));
    expect(emu.log.some((e) => e.path.includes(SEED_CATALOGS[0].id))).toBe(false);

    const refused = exportTenant({ out: outDir(), client: client(), catalogs: ["nope"] });
    await expect(refused).rejects.toThrow(ExportUsageError);
    await expect(refused).rejects.toThrow(/no catalog "nope" in the tenant; catalogs: .*Sales & Marketing/);
});

test("a cloud that does not offer a family is not asked for it (China: no authentication extensions, no listeners)", async () => {
    const progress: string[] = [];
    const r = await exportTenant({
        out: outDir(),
        client: client({ ENTRA_CLOUD: "AzureChinaCloud" }),
        onProgress: (m) => progress.push(m),
    });
    expect(r.tenant.families).toEqual([
        "customTaskExtension",
        "accessPackageWorkflowExtension",
        "lifecycleWorkflow",
        "accessPackageCustomExtensionStages",
        "accessPackageCatalogRoleAssignment",
    ]);
    expect(progress).toContain("AzureChinaCloud does not offer custom authentication extensions: not read");
    expect(progress).toContain("AzureChinaCloud does not offer authentication event listeners: not read");
    expect(emu.log.filter((e) => /customAuthenticationExtensions|authenticationEventListeners/.test(e.path))).toEqual([]);
    expect(r.files["index.ts"]).toContain("// 14 custom task extensions, 12 access package workflow extensions in 3 catalogs, 3 lifecycle");
});

test("a directory that holds anything is refused before Graph is read, unless forced", async () => {
    const out = outDir();
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "notes.txt"), "mine");
    await expect(exportTenant({ out, client: client() })).rejects.toThrow(/is not empty \(notes\.txt\); .* --force/);
    expect(emu.log).toEqual([]);
    const r = await exportTenant({ out, client: client(), force: true });
    expect(fs.readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).toBe(r.files["index.ts"]);
});

test("a throttling storm is ridden out (Retry-After honoured) and gives the same program", async () => {
    const calm = await exportTenant({ out: outDir(), client: client(), projectName: "p" });
    emu.clearLog();
    emu.throttleStorm({ rate: 0.5, retryAfterSeconds: 0, seed: 3 });
    const retries: string[] = [];
    const stormy = await exportTenant({
        out: outDir(),
        client: new GraphClient(client().settings, { onRetry: (m) => retries.push(m) }),
        projectName: "p",
    });
    expect(emu.log.filter((e) => e.status === 429).length).toBeGreaterThan(2);
    expect(retries.length).toBe(emu.log.filter((e) => e.status === 429).length);
    expect(stormy.files).toEqual(calm.files);
});

describe("the command", () => {
    const cli = path.resolve(root, "dist/provider/export/cli.js");
    const run = (args: string[]) =>
        promisify(execFile)(process.execPath, [cli, ...args], {
            encoding: "utf8",
            env: { ...process.env, ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token },
        }).then(
            (x) => ({ code: 0, ...x }),
            (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
        );

    test("is the package's bin, with a shebang", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        expect(pkg.bin["pulumi-entra-extensions"]).toBe("dist/provider/export/cli.js");
        expect(pkg.bin["entra-graph-emulator"]).toBe("dist/provider/emulator/cli.js");
        expect(fs.readFileSync(cli, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    });

    test("--help prints the usage", async () => {
        const r = await run(["--help"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^Usage: pulumi-entra-extensions export --out DIR/);
        expect(r.stdout).toMatch(/--families LIST/);
        // Every family it can export is named in the usage.
        const families = /--families LIST\s+comma-separated, of: ([^(]*)\(default: all\)/.exec(r.stdout)![1];
        expect(
            families
                .split(/[\s,]+/)
                .filter(Boolean)
                .sort(),
        ).toEqual(Object.keys(EXPORT_FAMILIES).sort());
    });

    test.each([
        [["export"], "export needs --out DIR"],
        [["export", "--out", "x", "--families", "task,bogus"], 'unknown family "bogus"'],
        [["export", "--out", "x", "--bogus"], "Unknown option '--bogus'"],
        [["import", "--out", "x"], 'unknown command "import"'],
        [["export", "--out", "x", "--families", "task", "--catalog", "c"], "--catalog applies to accessPackage"],
    ])("%j is refused with one line and exit code 2", async (args, message) => {
        const r = await run(args);
        expect(r.code).toBe(2);
        expect(r.stderr.split("\n")[0]).toContain(message);
        expect(r.stderr.trim().split("\n")).toHaveLength(2);
    });

    test("writes the program, shows progress on stderr and a summary on stdout; a non-empty directory is refused with exit 2", async () => {
        const out = outDir();
        const r = await run(["export", "--out", out, "--families", "task,authentication"]);
        expect(r.code).toBe(0);
        expect(r.stderr).toContain("listed 14 custom task extensions (3 pages)");
        expect(r.stderr).toContain("listed 13 custom authentication extensions (3 pages)");
        expect(r.stdout).toMatch(new RegExp(`^wrote ${out}: 27 resources in index.ts, from 6 pages of Graph in \\d+\\.\\d s\\n$`));
        expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).toContain("{ import: ");
        const again = await run(["export", "--out", out]);
        expect(again.code).toBe(2);
        expect(again.stderr).toMatch(/is not empty/);
        const unknown = await run(["export", "--out", outDir(), "--catalog", "nope"]);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toMatch(
            /\npulumi-entra-extensions: no catalog "nope" in the tenant; catalogs: .*\nRun `pulumi-entra-extensions --help`/,
        );
    });
});
