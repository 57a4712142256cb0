// A Logic App and the extension that calls it, in one stack, under the real Pulumi CLI, offline: the
// azure-native resources go to the emulator's ARM surface through the stand-in plugin shipped in the
// package (found on PATH), the extensions to its Graph side, which checks their wiring. One install
// (the packed package plus @pulumi/azure-native) serves both examples, unchanged, and a wiring program.
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../../provider/emulator";
import { AZURE_NATIVE_MISSING } from "../../provider/logicApp/azureNative";
import { KINDS } from "../../provider/logicApp/kinds";
import { Engine, RunResult, Stack, describeEngine } from "./harness";
import { installProgram } from "../../scripts/installProgram";
import { errorLines, expectExit } from "../../scripts/pulumiCli";
import { startEndpoint } from "../support/endpoint";

const repo = path.resolve(__dirname, "../..");
const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const LONG = 300_000;
const workflowPath = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Logic/workflows/${name}`;

/** One error line: no unhandled exception, no stack frames, no object dump; short unless said otherwise. */
function expectOneShortError(r: RunResult, message: string | RegExp, maxLength = 300) {
    expectExit(r, "fail");
    expect(r.out).not.toMatch(/unhandled exception|^\s+at .+:\d+:\d+\)?$|\[Object\]|ResourceError \{/m);
    const errors = errorLines(r.out).filter((l) => l !== "error: update failed" && l !== "error: preview failed");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0].length).toBeLessThan(maxLength);
}

describeEngine("Logic App and extension in one stack, through the azure-native stand-in", (engine: Engine) => {
    let emu: GraphEmulator;
    let root: string;
    let standIn: Record<string, string>;

    beforeAll(async () => {
        emu = await startEmulator({ armRetryAfterSeconds: 0 });
        root = path.join(engine.work, "logic-apps");
        installProgram(path.join(repo, "examples/lifecycle-workflow-logic-app"), root, { packDir: engine.work });
        for (const [from, to] of [
            ["examples/access-package-logic-app", "access-package"],
            ["test/engine/logicApp/wiring", "wiring"],
        ])
            // Each with its own package.json (whose "main" names its index.ts); modules resolve from root's node_modules.
            for (const f of ["Pulumi.yaml", "index.ts", "package.json"]) fs.cpSync(path.join(repo, from, f), path.join(root, to, f));
        // The demo's and users' way in: the installed package's own helper, which puts its own launcher first on PATH.
        const installed = require(path.join(root, "node_modules/pulumi-entra-extensions/dist/provider/emulator"));
        standIn = installed.azureNativeStandInEnv(emu, SUB, "");
    }, LONG);
    afterAll(() => emu?.close());

    function stack(name: string, dir: string): Stack {
        const s = new Stack(engine, name, { emulator: emu, programDir: dir });
        Object.assign(s.env, { ...standIn, PATH: [standIn.PATH, s.env.PATH].filter(Boolean).join(path.delimiter) });
        return s;
    }

    test("the stand-in on PATH is the installed package's launcher", () => {
        expect(standIn.PATH).toBe(path.join(root, "node_modules/pulumi-entra-extensions/provider/emulator/azureNativeStandIn/bin"));
        expect(fs.statSync(path.join(standIn.PATH, "pulumi-resource-azure-native")).mode & 0o111).toBeTruthy();
        expect(standIn).toMatchObject({ ENTRA_ARM_ENDPOINT: emu.url, ARM_SUBSCRIPTION_ID: SUB });
    });

    test(
        "examples/lifecycle-workflow-logic-app: up wires the Logic App before the extension, which names its identity's app id " +
            "(clientId) in authorizedApps: the Logic App resumes its task with its own token; no-change preview; destroy leaves nothing",
        async () => {
            const s = await stack("lcw", root).init();
            await s.config("tenantId", emu.tenantId);
            await s.config("subscriptionId", SUB);
            emu.clearLog();

            const up = await s.up();
            expectExit(up);
            const launcher = path.join(standIn.PATH, "pulumi-resource-azure-native");
            expect(up.out).toContain(`warning: using pulumi-resource-azure-native from $PATH at ${launcher}`);
            expect(up.out).toMatch(/\+ 7 created/);
            const p = workflowPath("rg-lcw-extensions", "la-lcw-onboarding");
            const wf = emu.arm.workflow(SUB, "rg-lcw-extensions", "la-lcw-onboarding")!;
            const policy = wf.properties.accessControl.triggers.openAuthenticationPolicies.policies[KINDS.customTaskExtension.policyName];
            const claims = Object.fromEntries(policy.claims.map((c: any) => [c.name, c.value]));
            expect(claims).toMatchObject({ p, appid: KINDS.customTaskExtension.callingAppId });
            const ext = emu.objects().find((o) => o.collection === "customTaskExtensions")!;
            const workflow = emu.objects().find((o) => o.collection === "workflows")!;
            // clientId: the app id of the identity's service principal, read once from Graph, named in authorizedApps.
            const principalId = wf.identity!.principalId;
            const clientId = emu.servicePrincipals.byId(principalId)!.appId;
            expect(ext.body.callbackConfiguration.authorizedApps).toEqual([{ id: clientId }]);
            // The chain: the workflow's second task runs the extension.
            expect(workflow.body.tasks[1].arguments).toEqual([{ name: "customTaskExtensionID", value: ext.id }]);
            const where = { subscriptionId: SUB, resourceGroupName: "rg-lcw-extensions", logicAppWorkflowName: "la-lcw-onboarding" };
            expect(ext.body.endpointConfiguration).toMatchObject(where);
            // The group, then the workflow, then the extension (saved after the wiring check passed).
            const at = (re: RegExp) => emu.log.findIndex((e) => re.test(`${e.method} ${e.path} ${e.status}`));
            expect(at(/^PUT .*resourcegroups\/rg-lcw-extensions 201$/)).toBeGreaterThanOrEqual(0);
            expect(at(/^PUT .*resourcegroups\/rg-lcw-extensions 201$/)).toBeLessThan(at(/^PUT .*workflows\/la-lcw-onboarding 201$/));
            expect(at(/^PUT .*workflows\/la-lcw-onboarding 201$/)).toBeLessThan(at(/^POST .*customTaskExtensions 201$/));
            const reads = emu.log
                .filter((e) => e.path.startsWith("/v1.0/servicePrincipals/"))
                .map((e) => `${e.method} ${e.path} ${e.status}`);
            expect(reads).toEqual([`GET /v1.0/servicePrincipals/${principalId} 200`]);
            expect(at(/^PUT .*workflows\/la-lcw-onboarding 201$/)).toBeLessThan(at(/^GET \/v1.0\/servicePrincipals\//));
            expect(at(/^GET \/v1.0\/servicePrincipals\//)).toBeLessThan(at(/^POST .*customTaskExtensions 201$/));
            expect(at(/^POST .*customTaskExtensions 201$/)).toBeLessThan(at(/^POST .*lifecycleWorkflows\/workflows 201$/));

            const outputs = await s.outputs();
            expect(outputs).toMatchObject({
                extensionId: ext.id,
                workflowId: workflow.id,
                logicAppClientId: clientId,
                resourcePath: p,
            });
            // The trigger's SAS URL comes from listCallbackUrl through the stand-in and stays a secret in state.
            const sig = new URL(outputs.triggerCallbackUrl).searchParams.get("sig")!;
            expect(sig).toMatch(/^[\w-]{43}$/);
            expect(s.backendText()).not.toContain(sig);
            // The identity resource's provider is in state as one require of the installed package, not its code.
            expect(s.backendText()).toMatch(/require\(\\"pulumi-entra-extensions\/providers\/logicAppIdentity\\"\)/);
            expect((await s.run(["stack", "output", "triggerCallbackUrl"])).out.trim()).toBe("[secret]");

            // The chain runs: fired at a stand-in Logic App, which resumes with a token of its own identity.
            const la = await startEndpoint();
            try {
                let resumed: Promise<number> | undefined;
                la.answer = (r) => {
                    resumed = (async () => {
                        const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId });
                        const token = (
                            await (await fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form })).json()
                        ).access_token;
                        const res = await fetch(`${emu.url}/v1.0${r.body.data.callbackUriPath}`, {
                            method: "POST",
                            headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
                            body: JSON.stringify({ data: { operationStatus: "completed" }, source: "sample", type: "lifecycleEvent" }),
                        });
                        return res.status;
                    })();
                    return { status: 202 };
                };
                const verdict = await emu.fire(ext.id, { url: la.url });
                expect(await resumed).toBe(204);
                expect(verdict.callback).toMatchObject({ outcome: "completed", caller: clientId, refused: [] });
            } finally {
                await la.close();
            }

            emu.clearLog();
            expectExit(await s.preview("--expect-no-changes"));
            // The identity is not read again at preview: its resource compares principal ids.
            expect(emu.log.filter((e) => e.path.startsWith("/v1.0/servicePrincipals/"))).toEqual([]);
            const destroy = await s.destroy();
            expectExit(destroy);
            expect(destroy.out).toMatch(/- 7 deleted/);
            expect([emu.arm.groups.size, emu.arm.workflows.size, emu.objects().length]).toEqual([0, 0, 0]);
        },
        LONG,
    );

    /** A stand-in Logic App that answers a stage's call with 202, then resumes the request with `appId`'s own token. */
    async function resumingLogicApp(appId: string) {
        const la = await startEndpoint();
        let resumed: Promise<{ status: number; body: any }> | undefined;
        la.answer = (r) => {
            resumed = (async () => {
                const form = new URLSearchParams({ grant_type: "client_credentials", client_id: appId });
                const token = (await (await fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form })).json())
                    .access_token;
                const res = await fetch(`${emu.url}/v1.0${r.body.CallbackUriPath}`, {
                    method: "POST",
                    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
                    body: JSON.stringify({
                        source: "licence-check",
                        type: `microsoft.graph.accessPackageCustomExtensionStage.${r.body.Stage}`,
                        data: {
                            "@odata.type": "microsoft.graph.accessPackageAssignmentRequestCallbackData",
                            stage: r.body.Stage,
                            customExtensionStageInstanceId: r.body.CustomExtensionStageInstanceId,
                            customExtensionStageInstanceDetail: "licence available",
                        },
                    }),
                });
                return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
            })();
            return { status: 202 };
        };
        return { la, resumed: () => resumed };
    }

    test(
        "examples/access-package-logic-app: up grants the Logic App's identity Access package assignment manager on the catalog " +
            "before the extension and its stage; the stage fired resumes with the identity's own token; destroy removes the " +
            "grant; with grantCatalogRole false the resume is refused with 403 and the verdict names the role and the catalog",
        async () => {
            const s = await stack("ap", path.join(root, "access-package")).init();
            await s.config("tenantId", emu.tenantId);
            await s.config("subscriptionId", SUB);
            await s.config("catalogId", DEFAULT_CATALOG_ID);
            const accessPackage = emu.create("accessPackages", { displayName: "Licences", catalog: { id: DEFAULT_CATALOG_ID } }).id;
            const policy = emu.create("assignmentPolicies", { displayName: "Direct", accessPackage: { id: accessPackage } }).id;
            await s.config("policyId", policy);
            const ROLES = "/v1.0/roleManagement/entitlementManagement/roleAssignments";
            const roleRequests = () =>
                emu.log.filter((e) => e.path.startsWith(ROLES)).map((e) => `${e.method} ${e.path.slice(ROLES.length) || "/"} ${e.status}`);
            emu.clearLog();

            const up = await s.up();
            expectExit(up);
            expect(up.out).toMatch(/\+ 7 created/);
            const wf = emu.arm.workflow(SUB, "rg-em-extensions", "la-em-licence-check")!;
            expect(wf.properties.definition.actions.Connection_test).toBeDefined();
            const principalId = wf.identity!.principalId;
            const ext = emu.objects().find((o) => o.collection === "customWorkflowExtensions")!;
            const stages = emu.objects().find((o) => o.id === policy)!.body.customExtensionStageSettings;
            expect(stages.map((x: any) => [x.stage, x.customExtension.id])).toEqual([["assignmentRequestCreated", ext.id]]);
            expect(ext.body["@odata.type"]).toBe("#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension");
            expect(ext.body.endpointConfiguration.logicAppWorkflowName).toBe("la-em-licence-check");
            // The grant: the least role, on the extension's catalog, to the Logic App's identity; one look-up, one POST.
            expect(emu.entitlementRoles.rolesOn(DEFAULT_CATALOG_ID, principalId)).toEqual(["e2182095-804a-4656-ae11-64734e9b7ae5"]);
            const outputs = await s.outputs();
            expect(outputs.logicAppPrincipalId).toBe(principalId);
            expect(roleRequests()).toEqual(["GET / 200", "POST / 201"]);
            const lookup = emu.log.find((e) => e.path === ROLES && e.method === "GET")!.query!;
            expect(decodeURIComponent(lookup.replace(/\+/g, " "))).toBe(`?$filter=principalId eq '${principalId}'`);
            // The workflow, then the grant, then the extension, then its stage: nothing can fire before the Logic App may resume.
            const at = (re: RegExp) => emu.log.findIndex((e) => re.test(`${e.method} ${e.path} ${e.status}`));
            expect(at(/^PUT .*workflows\/la-em-licence-check 201$/)).toBeLessThan(at(/^POST .*roleAssignments 201$/));
            expect(at(/^POST .*roleAssignments 201$/)).toBeLessThan(at(/^POST .*customWorkflowExtensions 201$/));
            expect(at(/^POST .*customWorkflowExtensions 201$/)).toBeLessThan(at(/^PUT .*assignmentPolicies\/.* 200$/));
            expect(outputs.catalogRoleAssignmentId).toBe(
                [...emu.entitlementRoles.assignments.values()].find((a) => a.principalId === principalId)!.id,
            );

            // The chain runs: the stage fired at a stand-in Logic App, which resumes with its identity's own token.
            const appId = emu.servicePrincipals.byId(principalId)!.appId;
            const granted = await resumingLogicApp(appId);
            try {
                const verdict = await emu.fire(ext.id, { url: granted.la.url, stage: "assignmentRequestCreated" });
                expect(await granted.resumed()).toEqual({ status: 204, body: undefined });
                expect(verdict.ok).toBe(true);
                expect(verdict.callback).toMatchObject({ outcome: "completed", caller: appId, refused: [] });
            } finally {
                await granted.la.close();
            }

            emu.clearLog();
            expectExit(await s.preview("--expect-no-changes"));
            expect(roleRequests()).toEqual([]);
            emu.clearLog();
            const destroy = await s.destroy();
            expectExit(destroy);
            expect(roleRequests()).toEqual([expect.stringMatching(/^DELETE \/[0-9a-f-]{36} 204$/)]);
            expect([...emu.entitlementRoles.assignments.values()]).toEqual([]);
            expect(emu.objects().find((o) => o.id === policy)!.body.customExtensionStageSettings).toEqual([]);

            // The same stack, its grant turned off: nothing grants the role, and the Logic App's resume is refused.
            await s.config("grantCatalogRole", "false");
            const upWithout = await s.up();
            expectExit(upWithout);
            expect(upWithout.out).toMatch(/\+ 6 created/);
            expect([...emu.entitlementRoles.assignments.values()]).toEqual([]);
            const without = emu.arm.workflow(SUB, "rg-em-extensions", "la-em-licence-check")!.identity!.principalId;
            const extWithout = emu.objects().find((o) => o.collection === "customWorkflowExtensions")!;
            const refused = await resumingLogicApp(emu.servicePrincipals.byId(without)!.appId);
            try {
                const verdict = await emu.fire(extWithout.id, {
                    url: refused.la.url,
                    stage: "assignmentRequestCreated",
                    callbackTimeoutMs: 500,
                });
                expect(await refused.resumed()).toMatchObject({ status: 403, body: { error: { code: "UnAuthorized" } } });
                expect(verdict.ok).toBe(false);
                expect(verdict.callback!.refused[0].remedy).toMatch(
                    new RegExp(
                        `^service principal ${without} \\(app [0-9a-f-]{36}\\) holds no role on catalog ` +
                            `${DEFAULT_CATALOG_ID} \\("General"\\) that may resume a request: ` +
                            "assign it Access package assignment manager \\(roleDefinitionId " +
                            "e2182095-804a-4656-ae11-64734e9b7ae5, the least privilege\\) with appScopeId " +
                            `/AccessPackageCatalog/${DEFAULT_CATALOG_ID}`,
                    ),
                );
            } finally {
                await refused.la.close();
            }
            expectExit(await s.destroy());
            [policy, accessPackage].forEach((id) => emu.remove(id));
            expect([emu.arm.groups.size, emu.arm.workflows.size, emu.objects().length]).toEqual([0, 0, 0]);
        },
        LONG,
    );

    describe("one stack through a long name, a miswiring and its repair", () => {
        let s: Stack;
        const rule = (length: number, over: number) =>
            new RegExp(
                `^error: ExtensionLogicApp app: the Logic App resource path is ${length} characters, ` +
                    `over the limit of 150 by ${over}: shorten the workflow name`,
            );

        beforeAll(async () => {
            s = await stack("wiring", path.join(root, "wiring")).init();
            const settings = {
                tenantId: emu.tenantId,
                subscriptionId: SUB,
                catalogId: DEFAULT_CATALOG_ID,
                kind: "customTaskExtension",
                extension: "task",
                namesFrom: "strings",
            };
            for (const [k, v] of Object.entries(settings)) await s.config(k, v);
            await s.config("resourceGroupName", `rg-${"x".repeat(40)}`);
            await s.config("workflowName", `la-${"w".repeat(30)}`);
        }, LONG);

        test(
            "a path over 150 characters is the one short error preview shows, though the group is declared first; up creates nothing",
            async () => {
                emu.clearLog();
                const preview = await s.preview();
                expectOneShortError(preview, rule(180, 30));
                expectOneShortError(await s.run(["up", "--yes"]), rule(180, 30));
                expect(emu.writes()).toEqual([]);
            },
            LONG,
        );

        test(
            "names given as outputs cannot be checked at preview; up stops with the same one line before the workflow exists",
            async () => {
                await s.config("namesFrom", "outputs");
                expectExit(await s.preview());
                expectOneShortError(await s.up(), rule(180, 30));
                expect(emu.arm.groups.size).toBe(1);
                expect([emu.arm.workflows.size, emu.objects().length]).toEqual([0, 0]);
            },
            LONG,
        );

        test(
            "a task extension pointed at a Logic App made for entitlement management is refused by the emulator's wiring check",
            async () => {
                await s.config("namesFrom", "strings");
                await s.config("resourceGroupName", "rg-wiring");
                await s.config("workflowName", "la-wiring");
                await s.config("kind", "accessPackageAssignmentRequest");
                const up = await s.up();
                expectOneShortError(
                    up,
                    new RegExp(
                        "Graph answered 400 LogicAppAuthorizationInvalid: .* cannot be called by Lifecycle Workflows: " +
                            "in its AADPOP policy .*" +
                            "claim 'appid' is '810dcf14-1858-4bf2-8134-4c369fa3235b' \\(entitlement management\\) " +
                            "but Lifecycle Workflows calls as 'ce79fdc4",
                    ),
                    // Graph's message names the Logic App by its resource path, and the request-id.
                    700,
                );
                expect(emu.arm.workflow(SUB, "rg-wiring", "la-wiring")).toBeDefined();
                expect(emu.objects()).toEqual([]);
            },
            LONG,
        );

        test(
            "given the right kind the same stack comes up; destroy leaves nothing",
            async () => {
                await s.config("kind", "customTaskExtension");
                expectExit(await s.up());
                expect(emu.objects()).toHaveLength(1);
                expect([...emu.arm.groups.values()].map((g) => g.name)).toEqual(["rg-wiring"]);
                expectExit(await s.preview("--expect-no-changes"));
                expectExit(await s.destroy());
                expect([emu.arm.groups.size, emu.arm.workflows.size, emu.objects().length]).toEqual([0, 0, 0]);
            },
            LONG,
        );
    });

    test(
        "installed without @pulumi/azure-native: the extension resources load; ExtensionLogicApp stops preview with one line",
        async () => {
            // The harness's own program is installed without it (an optional peer dependency is not installed).
            expect(fs.existsSync(path.join(engine.programDir, "node_modules/@pulumi/azure-native"))).toBe(false);
            const dir = path.join(engine.programDir, "without-azure-native");
            const source = path.join(__dirname, "logicApp/withoutAzureNative");
            for (const f of ["Pulumi.yaml", "index.ts", "package.json"]) fs.cpSync(path.join(source, f), path.join(dir, f));
            const s = await new Stack(engine, "without-azure-native", { emulator: emu, programDir: dir }).init();
            const preview = await s.preview();
            // The program got past `new CustomTaskExtension(...)` (declared first) with the package loaded.
            expectOneShortError(preview, `error: ExtensionLogicApp app: ${AZURE_NATIVE_MISSING}`);
        },
        LONG,
    );
});
