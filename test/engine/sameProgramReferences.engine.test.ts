// A clean preview means a clean up: when a listener's handler, a workflow task or a policy stage names an extension
// made by the same program (its id unknown at preview), the type rules are judged at preview from that resource's
// own arguments, so `pulumi up` stops before its first write instead of failing at the sixth.
import { DEFAULT_CATALOG_ID, GraphEmulator } from "../../provider/emulator";
import { RUN_CUSTOM_TASK_EXTENSION } from "../../provider/families/lifecycleWorkflow";
import { diagnostics } from "../../scripts/pulumiCli";
import { SUB } from "../support/setup";
import { DeclaredResource, Stack, describeEngine, ref, stackOnEmulator, succeeded } from "./harness";

const logicApp = (name: string) => ({ subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: name });

const claims: DeclaredResource = {
    type: "CustomAuthenticationExtension",
    name: "claims",
    args: {
        extensionType: "onTokenIssuanceStart",
        displayName: "Claims from HR",
        endpointConfiguration: { targetUrl: "https://claims.contoso.com/api/token" },
        authenticationConfiguration: { resourceId: "api://claims.contoso.com/11111111-2222-4333-8444-555555555555" },
    },
};
const task: DeclaredResource = {
    type: "CustomTaskExtension",
    name: "task",
    args: { displayName: "Onboarding: provision badge", endpointConfiguration: logicApp("la-onboarding") },
};
const expiry: DeclaredResource = {
    type: "AccessPackageWorkflowExtension",
    name: "expiry",
    args: {
        catalogId: DEFAULT_CATALOG_ID,
        extensionType: "assignment",
        displayName: "Expiry",
        endpointConfiguration: logicApp("la-expiry"),
    },
};
const listener = (eventType: string): DeclaredResource => ({
    type: "AuthenticationEventListener",
    name: "listener",
    args: { eventType, handler: { customExtensionId: ref("claims", "id") } },
});
const workflow = (runs: string): DeclaredResource => ({
    type: "LifecycleWorkflow",
    name: "workflow",
    args: {
        category: "joiner",
        displayName: "Onboard",
        executionConditions: { "@odata.type": "#microsoft.graph.identityGovernance.onDemandExecutionOnly" },
        tasks: [
            {
                taskDefinitionId: RUN_CUSTOM_TASK_EXTENSION,
                displayName: "Run it",
                arguments: [{ name: "customTaskExtensionID", value: ref(runs, "id") }],
            },
        ],
    },
});
const stages = (policyId: string, stage: string): DeclaredResource => ({
    type: "AccessPackageCustomExtensionStages",
    name: "stages",
    args: { policyId, customExtensionStageSettings: [{ stage, customExtension: { id: ref("expiry", "id") } }] },
});

describeEngine("what a resource names in the same program is judged at preview", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;
    let policy: string;
    stackOnEmulator(engine, "same-program", {}, (e, s) => {
        [emu, stack] = [e, s];
        const accessPackage = emu.create("accessPackages", { displayName: "Tools", catalog: { id: DEFAULT_CATALOG_ID } }).id;
        policy = emu.create("assignmentPolicies", {
            displayName: "Tools: direct",
            allowedTargetScope: "notSpecified",
            expiration: { type: "noExpiration" },
            accessPackage: { id: accessPackage },
        }).id;
    });

    /** `pulumi preview` refuses with exactly this reason, and `pulumi up` (its preview first) writes nothing. */
    async function refused(resources: DeclaredResource[], reason: string, up = false) {
        await stack.declare(resources);
        const since = emu.log.length;
        const r = up ? await stack.run(["up", "--yes"]) : await stack.preview();
        expect(r.code).not.toBe(0);
        expect(diagnostics(r.out)).toContain(`has a problem: ${reason}`);
        expect(emu.writes(since)).toEqual([]);
    }

    test("a listener whose eventType is not its extension's: refused at preview, and `up` writes nothing", async () => {
        const reason =
            'handler.customExtensionId: names a onTokenIssuanceStart extension (resource "claims" of this program); ' +
            "a listener of eventType onAttributeCollectionStart runs only onAttributeCollectionStart extensions";
        await refused([claims, listener("onAttributeCollectionStart")], reason);
        await refused([claims, listener("onAttributeCollectionStart")], reason, true);
    }, 120_000);

    test("a workflow task that runs an authentication extension, a request stage that runs an assignment one: refused", async () => {
        await refused(
            [claims, workflow("claims")],
            'tasks[0].arguments[0].value: names resource "claims" of this program, a custom authentication extension; ' +
                '"Run a custom task extension" runs a custom task extension',
        );
        await refused(
            [expiry, stages(policy, "assignmentRequestCreated")],
            "customExtensionStageSettings[0]: stage assignmentRequestCreated runs extensions of extensionType assignmentRequest; " +
                'resource "expiry" of this program is of extensionType assignment',
        );
    }, 120_000);

    test("the same resources with matching types: a clean preview, then a clean up", async () => {
        await stack.declare([
            claims,
            task,
            expiry,
            listener("onTokenIssuanceStart"),
            workflow("task"),
            stages(policy, "assignmentOneDayBeforeExpiration"),
        ]);
        succeeded(await stack.preview());
        succeeded(await stack.up());
        expect(emu.objects().filter((o) => o.collection !== "accessPackages" && o.collection !== "assignmentPolicies")).toHaveLength(5);
    }, 180_000);
});
