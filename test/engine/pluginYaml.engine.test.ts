// The native plugin (pulumi-resource-entra) from a YAML program under the real CLI, against the emulator on
// loopback: every resource kind created, updated, refreshed after an edit in the portal and destroyed; the
// stack config (entra:graphEndpoint) and an explicit provider (its graphEndpoint, another emulator) both
// reach Configure; then `pulumi import` of each kind and `preview --expect-no-changes` of the code it printed.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../../provider/emulator";
import { runPulumi } from "../../scripts/pulumiCli";
import { APP, SUB } from "../support/setup";
import { succeeded } from "./harness";
import { byName, describePlugin, PluginWorkspace, pluginScenario, policyIn } from "./pluginHarness";

const APP2 = "22222222-3333-4444-8555-666666666666";
/** A service principal of the tenant (a Logic App's identity, say) that the program gives a catalog role. */
const PRINCIPAL = "3a3a3a3a-0000-4000-8000-00000000aaaa";
const logicApp = (name: string) => ({ subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: name });

/** The program; phase 2 changes something in every resource. */
function program(phase: 1 | 2, policyId: string, otherEndpoint: string) {
    const v = (a: unknown, b: unknown) => (phase === 1 ? a : b);
    return {
        name: "entra-yaml",
        runtime: "yaml",
        resources: {
            other: { type: "pulumi:providers:entra", properties: { graphEndpoint: otherEndpoint } },
            task: {
                type: "entra:index:CustomTaskExtension",
                properties: {
                    displayName: "yaml task",
                    description: v("first", "second"),
                    endpointConfiguration: logicApp("wf-task"),
                    callbackConfiguration: { timeoutDuration: "PT10M" },
                },
            },
            elsewhere: {
                type: "entra:index:CustomTaskExtension",
                properties: { displayName: "yaml task elsewhere", endpointConfiguration: logicApp("wf-other") },
                options: { provider: "${other}" },
            },
            request: {
                type: "entra:index:AccessPackageWorkflowExtension",
                properties: {
                    catalogId: DEFAULT_CATALOG_ID,
                    displayName: "yaml request",
                    description: v("first", "second"),
                    endpointConfiguration: logicApp("wf-request"),
                },
            },
            claims: {
                type: "entra:index:CustomAuthenticationExtension",
                properties: {
                    extensionType: "onTokenIssuanceStart",
                    displayName: "yaml claims",
                    description: v("first", "second"),
                    endpointConfiguration: { targetUrl: { "fn::secret": "https://claims.contoso.com/api?code=s3cr3t-key" } },
                    authenticationConfiguration: { resourceId: `api://claims.contoso.com/${APP}` },
                    claimsForTokenConfiguration: [{ claimIdInApiResponse: "role" }],
                },
            },
            listener: {
                type: "entra:index:AuthenticationEventListener",
                properties: {
                    eventType: "onTokenIssuanceStart",
                    displayName: "yaml listener",
                    conditions: { applications: { includeApplications: v([{ appId: APP }], [{ appId: APP }, { appId: APP2 }]) } },
                    handler: { customExtensionId: "${claims.id}" },
                },
            },
            workflow: {
                type: "entra:index:LifecycleWorkflow",
                properties: {
                    category: "joiner",
                    displayName: "yaml workflow",
                    description: v("first", "second"),
                    executionConditions: { "@odata.type": "#microsoft.graph.identityGovernance.onDemandExecutionOnly" },
                    tasks: [
                        {
                            taskDefinitionId: "4262b724-8dba-4fad-afc3-43fcbb497a0e",
                            displayName: "Run the task extension",
                            arguments: [{ name: "customTaskExtensionID", value: "${task.id}" }],
                        },
                    ],
                },
            },
            catalogRole: {
                type: "entra:index:AccessPackageCatalogRoleAssignment",
                properties: { principalId: PRINCIPAL, roleDefinitionId: "accessPackageAssignmentManager", catalogId: DEFAULT_CATALOG_ID },
            },
            stages: {
                type: "entra:index:AccessPackageCustomExtensionStages",
                properties: {
                    policyId,
                    customExtensionStageSettings: [
                        { stage: "assignmentRequestCreated", customExtensionId: "${request.id}" },
                        ...(phase === 2 ? [{ stage: "assignmentRequestGranted", customExtensionId: "${request.id}" }] : []),
                    ],
                },
            },
        },
        outputs: { taskId: "${task.id}", claimsUrl: "${claims.endpointUrl}", taskModified: "${task.lastModifiedDateTime}" },
    };
}

describePlugin("the plugin from a YAML program", ["yaml"], (engine) => {
    const ws = new PluginWorkspace(engine, "yaml");
    let emu: GraphEmulator;
    let other: GraphEmulator;
    let policyId: string;
    let dir: string;
    const run = (args: string[], cwd = dir) => runPulumi(engine.cli, cwd, args, ws.env(emu));
    const write = (phase: 1 | 2) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify(program(phase, policyId, other.url)));

    beforeAll(async () => {
        emu = await startEmulator();
        other = await startEmulator({ token: emu.token });
        policyId = policyIn(emu);
        emu.addServicePrincipal({ appId: "3b3b3b3b-0000-4000-8000-00000000bbbb", id: PRINCIPAL });
        await ws.install();
        dir = ws.dir("program");
        write(1);
        succeeded(await run(["stack", "init", "dev"]));
        // Only the stack config says where Graph is: a provider that ignored it would go to graph.microsoft.com.
        succeeded(await run(["config", "set", "entra:graphEndpoint", emu.url]));
    }, 300_000);
    afterAll(async () => {
        await emu?.close();
        await other?.close();
    });

    test("up creates one of each kind; stack config and the explicit provider reach Configure; secrets stay secret", async () => {
        const up = succeeded(await run(["up", "--yes"]));
        expect(up.out).toMatch(/10 created/);
        expect(emu.entitlementRoles.rolesOn(DEFAULT_CATALOG_ID, PRINCIPAL)).toEqual(["e2182095-804a-4656-ae11-64734e9b7ae5"]);
        for (const name of ["yaml task", "yaml request", "yaml claims", "yaml listener", "yaml workflow"])
            expect([name, byName(emu, name)?.body.displayName]).toEqual([name, name]);
        expect(byName(other, "yaml task elsewhere")).toBeDefined();
        expect(byName(emu, "yaml task elsewhere")).toBeUndefined();
        const policy = emu.objects().find((o) => o.id === policyId)!;
        expect(policy.body.customExtensionStageSettings).toHaveLength(1);
        const state = succeeded(await run(["stack", "export"])).out;
        expect(state).not.toContain("s3cr3t-key");
        expect(succeeded(await run(["stack", "output", "claimsUrl"])).out).toContain("[secret]");
        // The outputs state leaves out because it holds them already come back as Graph has them.
        const shown = (name: string) => run(["stack", "output", name, "--show-secrets"]).then((r) => succeeded(r).out.trim());
        expect(await shown("claimsUrl")).toBe("https://claims.contoso.com/api?code=s3cr3t-key");
        const task = byName(emu, "yaml task")!.body;
        expect(await shown("taskModified")).toBe(task.lastModifiedDateTime ?? task.createdDateTime);
    }, 180_000);

    test("pulumi import of each kind prints code that previews with no changes", async () => {
        const imp = ws.dir("import");
        const project = { name: "entra-imported", runtime: "yaml" };
        fs.writeFileSync(path.join(imp, "Pulumi.yaml"), YAML.stringify(project));
        const runIn = (args: string[]) => runPulumi(engine.cli, imp, args, ws.env(emu));
        succeeded(await runIn(["stack", "init", "dev"]));
        succeeded(await runIn(["config", "set", "entra:graphEndpoint", emu.url]));
        const idOf = (name: string) => byName(emu, name)!.id;
        const imports: [string, string, string][] = [
            ["CustomTaskExtension", "task", idOf("yaml task")],
            ["AccessPackageWorkflowExtension", "request", `${DEFAULT_CATALOG_ID}/${idOf("yaml request")}`],
            ["CustomAuthenticationExtension", "claims", idOf("yaml claims")],
            ["AuthenticationEventListener", "listener", idOf("yaml listener")],
            ["LifecycleWorkflow", "workflow", idOf("yaml workflow")],
            ["AccessPackageCustomExtensionStages", "stages", policyId],
            ["AccessPackageCatalogRoleAssignment", "catalogRole", [...emu.entitlementRoles.assignments.keys()][0]],
        ];
        const resources: Record<string, unknown> = {};
        for (const [type, name, id] of imports) {
            const out = path.join(imp, `${name}.yaml`);
            const r = succeeded(await runIn(["import", `entra:index:${type}`, name, id, "--yes", "--out", out]));
            expect([type, r.out]).toEqual([type, expect.stringMatching(/1 imported/)]);
            Object.assign(resources, YAML.parse(fs.readFileSync(out, "utf8")).resources);
        }
        expect(Object.keys(resources).sort()).toEqual(imports.map(([, n]) => n).sort());
        // An id of another family says what it is, as a program's adoption does.
        const wrong = await runIn(["import", "entra:index:CustomAuthenticationExtension", "wrong", idOf("yaml task"), "--yes"]);
        expect(wrong.code).not.toBe(0);
        expect(wrong.out).toContain(
            `cannot import: ${idOf("yaml task")} is a custom task extension, not a custom authentication extension`,
        );
        fs.writeFileSync(path.join(imp, "Pulumi.yaml"), YAML.stringify({ ...project, resources }));
        succeeded(await runIn(["preview", "--expect-no-changes"]));
        // The objects stay the first stack's: this one lets go of them without deleting anything.
        succeeded(await runIn(["stack", "rm", "--force", "--yes"]));
    }, 240_000);

    pluginScenario({
        run: (args) => run(args),
        emu: () => emu,
        other: () => other,
        policyId: () => policyId,
        prefix: "yaml",
        toPhase2: async () => write(2),
    });
});
