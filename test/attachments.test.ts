// The attachments that make extensions fire (listeners, workflows, policy stages) through their real
// ResourceProvider objects over real HTTP to the emulator: each kind of update with its verb, drift, the
// refusals at check, per-cloud offers, the emulator's derived in-use refusal, and delete.
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { UNKNOWN } from "../provider/families/values";
import { RUN_CUSTOM_TASK_EXTENSION } from "../provider/families/lifecycleWorkflow";
import { Providers, providersFor } from "./support/setup";
import { AttachmentWorld, attachmentWorld, runExtensionTask } from "./support/attachments";

let emu: GraphEmulator;
let P: Providers;
const notices: string[] = [];
beforeAll(async () => {
    emu = await startEmulator();
    P = providersFor(emu, {}, { notice: (m) => notices.push(m) });
});
afterAll(() => emu.close());
beforeEach(() => {
    emu.reset();
    notices.length = 0;
});

async function checked(p: any, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
    const r = await p.check(olds, news);
    expect(r.failures).toEqual([]);
    return r.inputs as Record<string, unknown>;
}
async function refused(p: any, news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<string> {
    const r = await p.check(olds, news);
    expect(r.failures.length).toBeGreaterThan(0);
    return r.failures.map((f: { reason: string }) => f.reason).join("\n");
}
/** The stages of the world's policy: its request extension on assignmentRequestCreated. */
const requestCreatedStage = (w: AttachmentWorld) => ({
    policyId: w.policy,
    customExtensionStageSettings: [{ stage: "assignmentRequestCreated", customExtensionId: w.requestExtension }],
});
const writes = (since = 0) => emu.writes(since).map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, "{id}")} ${e.status}`);

describe("AuthenticationEventListener", () => {
    const APP_A = "aaaaaaaa-0000-4000-8000-000000000001";
    const APP_B = "bbbbbbbb-0000-4000-8000-000000000002";
    const APP_C = "cccccccc-0000-4000-8000-000000000003";

    test("create is one POST carrying the applications; read back equals the program; order of applications is not a change", async () => {
        const w = await attachmentWorld(emu);
        const p = P.authenticationEventListener;
        const inputs = await checked(p, {
            eventType: "onTokenIssuanceStart",
            displayName: "Claims for the portal",
            conditions: { applications: { includeApplications: [APP_B, { appId: APP_A }] } },
            handler: { customExtensionId: w.claimsExtension },
        });
        const since = emu.log.length;
        const { id, outs } = await p.create(inputs);
        expect(writes(since)).toEqual(["POST /v1.0/identity/authenticationEventListeners 201"]);
        expect(outs.conditions).toEqual({ applications: { includeApplications: [{ appId: APP_A }, { appId: APP_B }] } });
        const r = await p.read(id, outs);
        expect(r.inputs).toEqual(inputs);
        const reordered = await checked(p, { ...inputs, conditions: { applications: { includeApplications: [APP_A, APP_B] } } }, outs);
        expect((await p.diff(id, outs, reordered)).changes).toBe(false);
    });

    test("adding and removing an application is one request each on the navigation, never a PATCH or a replacement", async () => {
        const w = await attachmentWorld(emu);
        const p = P.authenticationEventListener;
        const base = { eventType: "onTokenIssuanceStart", handler: { customExtensionId: w.claimsExtension } };
        const inputs = await checked(p, { ...base, conditions: { applications: { includeApplications: [APP_A, APP_B] } } });
        const { id, outs } = await p.create(inputs);
        const next = await checked(p, { ...base, conditions: { applications: { includeApplications: [APP_B, APP_C] } } }, outs);
        const d = await p.diff(id, outs, next);
        expect(d).toMatchObject({ changes: true, replaces: [] });
        const since = emu.log.length;
        const u = await p.update(id, outs, next);
        expect(writes(since)).toEqual([
            "POST /v1.0/identity/authenticationEventListeners/{id}/conditions/applications/includeApplications 201",
            "DELETE /v1.0/identity/authenticationEventListeners/{id}/conditions/applications/includeApplications/{id} 204",
        ]);
        expect(emu.log.slice(since).filter((e) => e.method === "GET")).toEqual([]);
        const r = await p.read(id, u.outs);
        expect(r.inputs).toEqual(next);
    });

    test("a new handler configuration is one PATCH with the listener's @odata.type; drift made in the portal reads back", async () => {
        const w = await attachmentWorld(emu);
        const p = P.authenticationEventListener;
        const inputs = await checked(p, {
            eventType: "onTokenIssuanceStart",
            conditions: { applications: { includeApplications: [APP_A] } },
            handler: { customExtensionId: w.claimsExtension },
        });
        const { id, outs } = await p.create(inputs);
        const next = await checked(
            p,
            {
                ...inputs,
                handler: { customExtensionId: w.claimsExtension, configuration: { clientConfiguration: { timeoutInMilliseconds: 1500 } } },
            },
            outs,
        );
        const since = emu.log.length;
        const u = await p.update(id, outs, next);
        expect(writes(since)).toEqual(["PATCH /v1.0/identity/authenticationEventListeners/{id} 204"]);
        expect(emu.objects().find((o) => o.id === id)!.body.handler.configuration.clientConfiguration).toEqual({
            timeoutInMilliseconds: 1500,
        });
        emu.mutate(id, { conditions: { applications: { includeApplications: [{ appId: APP_A }, { appId: APP_C }] } } });
        const r = await p.read(id, u.outs);
        expect(r.inputs.conditions).toEqual({ applications: { includeApplications: [{ appId: APP_A }, { appId: APP_C }] } });
        expect((await p.diff(id, r.props, next)).changes).toBe(true);
    });

    test("check refuses, before any write: an extension of another event type, migrationPropertyId rules, bad applications", async () => {
        const w = await attachmentWorld(emu);
        const p = P.authenticationEventListener;
        const since = emu.log.length;
        expect(await refused(p, { eventType: "onAttributeCollectionSubmit", handler: { customExtensionId: w.claimsExtension } })).toMatch(
            /names a onTokenIssuanceStart extension .*runs only onAttributeCollectionSubmit extensions/,
        );
        expect(await refused(p, { eventType: "onPasswordSubmit", handler: { customExtensionId: UNKNOWN } })).toMatch(
            /migrationPropertyId: is required for eventType onPasswordSubmit/,
        );
        expect(await refused(p, { eventType: "onTokenIssuanceStart", handler: { customExtensionId: "nope" } })).toMatch(
            /there is no custom authentication extension "nope"/,
        );
        expect(
            await refused(p, {
                eventType: "onTokenIssuanceStart",
                conditions: { applications: { includeApplications: [""] } },
                handler: { customExtensionId: UNKNOWN },
            }),
        ).toMatch(/applications.includeApplications\[0\]/);
        expect(emu.writes(since)).toEqual([]);
    });

    test("an unknown extension id is not judged; a whole unknown handler (the engine's probe) replaces", async () => {
        const w = await attachmentWorld(emu);
        const p = P.authenticationEventListener;
        await checked(p, { eventType: "onTokenIssuanceStart", handler: { customExtensionId: UNKNOWN } });
        const inputs = await checked(p, { eventType: "onTokenIssuanceStart", handler: { customExtensionId: w.claimsExtension } });
        const { id, outs } = await p.create(inputs);
        expect((await p.diff(id, outs, { ...inputs, handler: { customExtensionId: UNKNOWN } })).replaces).toEqual([]);
        expect((await p.diff(id, outs, { ...inputs, handler: UNKNOWN })).replaces).toEqual(["handler"]);
    });

    test("per cloud: US Government has onTokenIssuanceStart only, without displayName or behaviorOnError; China none", async () => {
        const gov = providersFor(emu, { ENTRA_CLOUD: "AzureUSGovernment" }).authenticationEventListener;
        const reasons = await refused(gov, {
            eventType: "onTokenIssuanceStart",
            displayName: "x",
            handler: { customExtensionId: UNKNOWN, configuration: { behaviorOnError: "fallbackToMicrosoftProvider" } },
        });
        expect(reasons).toMatch(/displayName/);
        expect(reasons).toMatch(/behaviorOnError/);
        expect(await refused(gov, { eventType: "onOtpSend", handler: { customExtensionId: UNKNOWN } })).toMatch(
            /onOtpSend is not offered in AzureUSGovernment/,
        );
        await checked(gov, { eventType: "onTokenIssuanceStart", handler: { customExtensionId: UNKNOWN } });
        const china = providersFor(emu, { ENTRA_CLOUD: "AzureChinaCloud" }).authenticationEventListener;
        expect(await refused(china, { eventType: "onTokenIssuanceStart", handler: { customExtensionId: UNKNOWN } })).toMatch(
            /authentication event listeners are not offered in AzureChinaCloud/,
        );
    });

    test("the emulator refuses to delete an extension a listener names, until the listener is gone", async () => {
        const w = await attachmentWorld(emu);
        const p = P.authenticationEventListener;
        const inputs = await checked(p, { eventType: "onTokenIssuanceStart", handler: { customExtensionId: w.claimsExtension } });
        const { id, outs } = await p.create(inputs);
        const ext = P.customAuthenticationExtension;
        await expect(ext.delete!(w.claimsExtension, {})).rejects.toThrow(
            /Graph keeps it because it is still named by an authentication event listener/,
        );
        await p.delete!(id, outs);
        await ext.delete!(w.claimsExtension, {});
        expect(emu.objects().some((o) => o.id === w.claimsExtension)).toBe(false);
    });
});

describe("LifecycleWorkflow", () => {
    const workflowInputs = (extensionId: string, more: Record<string, unknown> = {}) => ({
        category: "joiner",
        displayName: "Onboard with badge",
        executionConditions: {
            "@odata.type": "microsoft.graph.identityGovernance.triggerAndScopeBasedConditions",
            scope: { "@odata.type": "#microsoft.graph.identityGovernance.ruleBasedSubjectSet", rule: "(department eq 'Sales')" },
            trigger: {
                "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger",
                timeBasedAttribute: "employeeHireDate",
                offsetInDays: 0,
            },
        },
        tasks: [runExtensionTask(extensionId)],
        ...more,
    });

    test("create is one POST; Graph's task ids, executionSequence and category never show as drift", async () => {
        const w = await attachmentWorld(emu);
        const p = P.lifecycleWorkflow;
        const inputs = await checked(p, workflowInputs(w.taskExtension));
        const since = emu.log.length;
        const { id, outs } = await p.create(inputs);
        expect(writes(since)).toEqual(["POST /v1.0/identityGovernance/lifecycleWorkflows/workflows 201"]);
        expect(outs.version).toBe(1);
        const r = await p.read(id, outs);
        expect(r.inputs).toEqual(inputs);
        const stored = emu.objects().find((o) => o.id === id)!.body.tasks[0];
        expect(stored).toMatchObject({ executionSequence: 1, category: "joiner" });
        expect((await p.diff(id, r.props, inputs)).changes).toBe(false);
    });

    test("a basic property is one PATCH; tasks or executionConditions are one createNewVersion, announced at diff", async () => {
        const w = await attachmentWorld(emu);
        const p = P.lifecycleWorkflow;
        const inputs = await checked(p, workflowInputs(w.taskExtension));
        const { id, outs } = await p.create(inputs);
        const renamed = await checked(
            p,
            workflowInputs(w.taskExtension, { description: "now described", isSchedulingEnabled: true }),
            outs,
        );
        let since = emu.log.length;
        const u1 = await p.update(id, outs, renamed);
        expect(writes(since)).toEqual(["PATCH /v1.0/identityGovernance/lifecycleWorkflows/workflows/{id} 204"]);
        expect(u1.outs.version).toBe(1);
        const more = await checked(
            p,
            {
                ...workflowInputs(w.taskExtension, { description: "now described", isSchedulingEnabled: true }),
                tasks: [
                    runExtensionTask(w.taskExtension),
                    { taskDefinitionId: "70b29d51-b59a-4773-9280-8841dfd3f2ea", displayName: "Send Welcome Email" },
                ],
            },
            u1.outs,
        );
        await p.diff(id, u1.outs, more);
        expect(notices.join("\n")).toMatch(/tasks changed: a new version \(version 2\) will be made \(createNewVersion\)/);
        since = emu.log.length;
        const u2 = await p.update(id, u1.outs, more);
        expect(writes(since)).toEqual(["POST /v1.0/identityGovernance/lifecycleWorkflows/workflows/{id}/createNewVersion 200"]);
        expect(u2.outs.version).toBe(2);
        const r = await p.read(id, u2.outs);
        expect(r.inputs).toEqual(more);
    });

    test("every request carries Prefer: include-unknown-enum-members, so a mover workflow reads back as written", async () => {
        const w = await attachmentWorld(emu);
        const p = P.lifecycleWorkflow;
        const inputs = await checked(p, workflowInputs(w.taskExtension, { category: "mover", displayName: "Mover" }));
        const { id, outs } = await p.create(inputs);
        const r = await p.read(id, outs);
        expect(r.inputs.category).toBe("mover");
        // Without the header Graph (and the emulator) answer unknownFutureValue.
        const plain = await fetch(`${emu.url}/v1.0/identityGovernance/lifecycleWorkflows/workflows/${id}`, {
            headers: { Authorization: `Bearer ${emu.token}` },
        });
        expect((await plain.json()).category).toBe("unknownFutureValue");
    });

    test("delete soft-deletes and purges, freeing the name; keepRestorableOnDelete leaves it in deletedItems", async () => {
        const w = await attachmentWorld(emu);
        const p = P.lifecycleWorkflow;
        const inputs = await checked(p, workflowInputs(w.taskExtension));
        const { id, outs } = await p.create(inputs);
        const since = emu.log.length;
        await p.delete!(id, outs);
        expect(writes(since)).toEqual([
            "DELETE /v1.0/identityGovernance/lifecycleWorkflows/workflows/{id} 204",
            "DELETE /v1.0/identityGovernance/lifecycleWorkflows/deletedItems/workflows/{id} 204",
        ]);
        expect(emu.objects().some((o) => o.id === id)).toBe(false);
        const kept = await checked(p, workflowInputs(w.taskExtension, { keepRestorableOnDelete: true }));
        const second = await p.create(kept);
        await p.delete!(second.id, second.outs);
        expect(emu.objects().find((o) => o.id === second.id)?.deleted).toBe(true);
    });

    test("check refuses 26 tasks, scheduling while disabled, a run-extension task without argument; warns of a retired id", async () => {
        const p = P.lifecycleWorkflow;
        const task = { taskDefinitionId: "70b29d51-b59a-4773-9280-8841dfd3f2ea", displayName: "Send Welcome Email" };
        expect(await refused(p, { category: "joiner", displayName: "x", tasks: Array(26).fill(task) })).toMatch(
            /at most 25 tasks \(got 26\)/,
        );
        expect(
            await refused(p, { category: "joiner", displayName: "x", isEnabled: false, isSchedulingEnabled: true, tasks: [task] }),
        ).toMatch(/cannot be true on a workflow whose isEnabled is false/);
        expect(
            await refused(p, {
                category: "joiner",
                displayName: "x",
                tasks: [{ taskDefinitionId: RUN_CUSTOM_TASK_EXTENSION, displayName: "Run" }],
            }),
        ).toMatch(/needs the argument customTaskExtensionID/);
        expect(await refused(p, { category: "hired", displayName: "x", tasks: [task] })).toMatch(
            /category: must be one of joiner, leaver, mover/,
        );
        await checked(p, {
            category: "joiner",
            displayName: "x",
            tasks: [{ ...task, taskDefinitionId: "d79d1fcc-16be-490c-a865-f4533b1639ee" }],
        });
        expect(notices.join("\n")).toMatch(/retired preview id/);
    });

    test("a beta-only trigger is refused at check from the metadata", async () => {
        const p = P.lifecycleWorkflow;
        const reasons = await refused(p, {
            category: "joiner",
            displayName: "x",
            tasks: [{ taskDefinitionId: "70b29d51-b59a-4773-9280-8841dfd3f2ea", displayName: "Send Welcome Email" }],
            executionConditions: {
                "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions",
                trigger: { "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTriggerV2", offsetInDays: 1 },
            },
        });
        expect(reasons).toMatch(/timeBasedAttributeTriggerV2/);
    });

    test("the emulator refuses to delete a task extension a workflow task names", async () => {
        const w = await attachmentWorld(emu);
        const inputs = await checked(P.lifecycleWorkflow, workflowInputs(w.taskExtension));
        const { id, outs } = await P.lifecycleWorkflow.create(inputs);
        await expect(P.customTaskExtension.delete!(w.taskExtension, {})).rejects.toThrow(/still referenced by a Lifecycle Workflows task/);
        await P.lifecycleWorkflow.delete!(id, outs);
        await P.customTaskExtension.delete!(w.taskExtension, {});
    });
});

describe("AccessPackageCustomExtensionStages", () => {
    test("create and update read the policy with its stages expanded and PUT it back whole; delete PUTs []", async () => {
        const w = await attachmentWorld(emu);
        const p = P.accessPackageCustomExtensionStages;
        const inputs = await checked(p, requestCreatedStage(w));
        let since = emu.log.length;
        const { id, outs } = await p.create(inputs);
        expect(id).toBe(w.policy);
        expect(emu.log.slice(since).map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200", "PUT 200"]);
        const policy = () => emu.objects().find((o) => o.id === w.policy)!.body;
        expect(policy().displayName).toBe("Sales: direct assignment");
        expect(policy().customExtensionStageSettings.map((s: any) => s.customExtension.id)).toEqual([w.requestExtension]);
        const r = await p.read(id, outs);
        expect(r.inputs).toEqual(inputs);
        const next = await checked(
            p,
            {
                policyId: w.policy,
                customExtensionStageSettings: [
                    { stage: "assignmentRequestGranted", customExtension: { id: w.requestExtension } },
                    { stage: "assignmentOneDayBeforeExpiration", customExtensionId: w.expiryExtension },
                ],
            },
            outs,
        );
        since = emu.log.length;
        const u = await p.update(id, outs, next);
        expect(emu.log.slice(since).map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200", "PUT 200"]);
        expect(policy().displayName).toBe("Sales: direct assignment");
        since = emu.log.length;
        await p.delete!(id, u.outs);
        expect(emu.log.slice(since).map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200", "PUT 200"]);
        expect(policy().customExtensionStageSettings).toEqual([]);
    });

    test("another tool's PUT without the stages shows as drift on read", async () => {
        const w = await attachmentWorld(emu);
        const p = P.accessPackageCustomExtensionStages;
        const inputs = await checked(p, requestCreatedStage(w));
        const { id, outs } = await p.create(inputs);
        const put = await fetch(`${emu.url}/v1.0/identityGovernance/entitlementManagement/assignmentPolicies/${w.policy}`, {
            method: "PUT",
            headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
            body: JSON.stringify({ displayName: "Sales: direct assignment", accessPackage: { id: w.accessPackage } }),
        });
        expect(put.status).toBe(200);
        const r = await p.read(id, outs);
        expect(r.inputs.customExtensionStageSettings).toEqual([]);
        expect((await p.diff(id, r.props, inputs)).changes).toBe(true);
    });

    test("check refuses a stage that runs the wrong type of extension, an extension of another catalog, more than 5 stages", async () => {
        const w = await attachmentWorld(emu);
        const p = P.accessPackageCustomExtensionStages;
        const since = emu.log.length;
        expect(
            await refused(p, {
                policyId: w.policy,
                customExtensionStageSettings: [{ stage: "assignmentRequestCreated", customExtensionId: w.expiryExtension }],
            }),
        ).toMatch(/stage assignmentRequestCreated runs extensions of extensionType assignmentRequest/);
        expect(
            await refused(p, {
                policyId: w.policy,
                customExtensionStageSettings: [{ stage: "assignmentRequestCreated", customExtensionId: w.claimsExtension }],
            }),
        ).toMatch(/no access package workflow extension .* in the policy's catalog/);
        const six = Array(6).fill({ stage: "assignmentRequestCreated", customExtensionId: UNKNOWN });
        expect(await refused(p, { policyId: w.policy, customExtensionStageSettings: six })).toMatch(
            /at most 5 custom extension stages \(got 6\)/,
        );
        expect(
            await refused(p, { policyId: w.policy, customExtensionStageSettings: [{ stage: "whenever", customExtensionId: UNKNOWN }] }),
        ).toMatch(/stage: must be one of assignmentRequestCreated/);
        expect(emu.writes(since)).toEqual([]);
    });

    test("a policy running stages nothing shows are this stack's: foretold at preview, stopped at create, unless adopted", async () => {
        const w = await attachmentWorld(emu);
        const p = P.accessPackageCustomExtensionStages;
        const first = await checked(p, requestCreatedStage(w));
        await P.accessPackageCustomExtensionStages.create(first);
        const told: string[] = [];
        const other = providersFor(emu, {}, { notice: (m) => told.push(m) }).accessPackageCustomExtensionStages;
        const news = {
            policyId: w.policy,
            customExtensionStageSettings: [{ stage: "assignmentRequestApproved", customExtensionId: w.requestExtension }],
        };
        const held =
            /[0-9a-f-]{36} already holds access package policy.s custom extension stages \(customExtensionStageSettings: \[\{"stage":"assignmentRequestCreated"[^]*Ways on:/; // eslint-disable-line max-len
        const inputs = await checked(other, news);
        expect(told.join("\n")).toMatch(new RegExp(`warning: \`pulumi up\` will stop its create before any write: ${held.source}`));
        const since = emu.log.length;
        await expect(other.create(inputs)).rejects.toThrow(new RegExp(`stopped before any write: ${held.source}`));
        expect(emu.writes(since)).toEqual([]);
        await checked(other, { ...news, __adopt: { id: w.policy, update: true } });
    });

    test("the emulator refuses to delete an extension a policy stage names", async () => {
        const w = await attachmentWorld(emu);
        const p = P.accessPackageCustomExtensionStages;
        const inputs = await checked(p, requestCreatedStage(w));
        const { id, outs } = await p.create(inputs);
        await expect(P.accessPackageWorkflowExtension.delete!(w.requestExtension, { catalogId: DEFAULT_CATALOG_ID })).rejects.toThrow(
            /still used by an access package assignment policy/,
        );
        await p.delete!(id, outs);
        await P.accessPackageWorkflowExtension.delete!(w.requestExtension, { catalogId: DEFAULT_CATALOG_ID });
    });
});

describe("adoption by displayName (importByDisplayName)", () => {
    const adoptByName = async (p: any, args: Record<string, unknown>, displayName: string) => {
        const inputs = await checked(p, { ...args, __adopt: { displayName, update: false } });
        const since = emu.log.length;
        const { id, outs } = await p.create(inputs);
        expect(emu.writes(since)).toEqual([]);
        expect((await p.diff(id, outs, inputs)).changes).toBe(false);
        return id as string;
    };

    test("a listener, a workflow and a policy's stages made in the portal are adopted by name with no write", async () => {
        const w = await attachmentWorld(emu);
        const listener = emu.create("authenticationEventListeners", {
            "@odata.type": "#microsoft.graph.onTokenIssuanceStartListener",
            displayName: "Portal listener",
            conditions: { applications: { includeApplications: [{ appId: "aaaaaaaa-0000-4000-8000-000000000001" }] } },
            handler: {
                "@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler",
                customExtension: { id: w.claimsExtension },
            },
        }).id;
        const adoptedListener = await adoptByName(
            P.authenticationEventListener,
            {
                eventType: "onTokenIssuanceStart",
                displayName: "Portal listener",
                conditions: { applications: { includeApplications: ["aaaaaaaa-0000-4000-8000-000000000001"] } },
                handler: { customExtensionId: w.claimsExtension },
            },
            "Portal listener",
        );
        expect(adoptedListener).toBe(listener);

        const task = runExtensionTask(w.taskExtension);
        const workflow = emu.create("workflows", { category: "mover", displayName: "Portal workflow", tasks: [task] }).id;
        const adoptedWorkflow = await adoptByName(
            P.lifecycleWorkflow,
            { category: "mover", displayName: "Portal workflow", tasks: [task] },
            "Portal workflow",
        );
        expect(adoptedWorkflow).toBe(workflow);

        const stages = [{ stage: "assignmentRequestCreated", customExtensionId: w.requestExtension }];
        await P.accessPackageCustomExtensionStages.create(
            await checked(P.accessPackageCustomExtensionStages, { policyId: w.policy, customExtensionStageSettings: stages }),
        );
        // The policy's own name ("Sales: direct assignment") finds the stages it runs.
        const adoptedStages = await adoptByName(
            providersFor(emu).accessPackageCustomExtensionStages,
            { policyId: w.policy, customExtensionStageSettings: stages },
            "Sales: direct assignment",
        );
        expect(adoptedStages).toBe(w.policy);
    });

    test("a name that finds none or two is refused at preview with the ids to choose from", async () => {
        const w = await attachmentWorld(emu);
        const tasks = [runExtensionTask(w.taskExtension)];
        const p = P.lifecycleWorkflow;
        expect(await refused(p, { category: "joiner", displayName: "Nobody", tasks, __adopt: { displayName: "Nobody" } })).toMatch(
            /cannot adopt by displayName: no lifecycle workflow is named "Nobody"/,
        );
        for (const i of [1, 2])
            emu.create("authenticationEventListeners", {
                "@odata.type": "#microsoft.graph.onTokenIssuanceStartListener",
                displayName: "Twin",
                handler: {
                    "@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler",
                    customExtension: { id: w.claimsExtension },
                },
                conditions: { applications: { includeApplications: [{ appId: `aaaaaaaa-0000-4000-8000-00000000000${i}` }] } },
            });
        const args = { eventType: "onTokenIssuanceStart", displayName: "Twin", handler: { customExtensionId: w.claimsExtension } };
        expect(await refused(P.authenticationEventListener, { ...args, __adopt: { displayName: "Twin" } })).toMatch(
            /cannot adopt by displayName: 2 authentication event listeners are named "Twin" \([0-9a-f-]+, [0-9a-f-]+\); adopt one by id/,
        );
    });
});
