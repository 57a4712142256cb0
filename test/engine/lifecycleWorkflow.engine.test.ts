// A Lifecycle workflow and the custom task extension its task runs, under the real CLI (see attachmentScenario.ts).
import { RUN_CUSTOM_TASK_EXTENSION } from "../../provider/families/lifecycleWorkflow";
import { SUB } from "../support/setup";
import { attachmentScenario } from "./attachmentScenario";
import { describeEngine, ref } from "./harness";

const runBadge = {
    taskDefinitionId: RUN_CUSTOM_TASK_EXTENSION,
    displayName: "Provision a badge",
    arguments: [{ name: "customTaskExtensionID", value: ref("badge", "id") }],
};
const welcome = { taskDefinitionId: "70b29d51-b59a-4773-9280-8841dfd3f2ea", displayName: "Send Welcome Email" };
const workflow = (more: Record<string, unknown> = {}) => ({
    category: "joiner",
    displayName: "Onboard with a badge",
    executionConditions: {
        "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions",
        scope: { "@odata.type": "#microsoft.graph.identityGovernance.ruleBasedSubjectSet", rule: "(department eq 'Sales')" },
        trigger: {
            "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger",
            timeBasedAttribute: "employeeHireDate",
            offsetInDays: 0,
        },
    },
    tasks: [runBadge],
    ...more,
});
const PURGE = ["DELETE workflows/{id} 204", "DELETE deletedItems/workflows/{id} 204"];

describeEngine("LifecycleWorkflow through the Pulumi CLI", (engine) =>
    attachmentScenario(engine, {
        name: "workflow-life",
        type: "LifecycleWorkflow",
        extensions: () => [
            {
                type: "CustomTaskExtension",
                name: "badge",
                args: {
                    displayName: "Provision badge",
                    endpointConfiguration: { subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: "la-badge" },
                    callbackConfiguration: { timeoutDuration: "PT1H" },
                },
            },
        ],
        args: () => workflow(),
        createWrites: ["POST customTaskExtensions 201", "POST workflows 201"],
        drift: {
            // A task renamed in the admin center: only a new version changes tasks back.
            change: (emu, id) => {
                const tasks = emu
                    .objects()
                    .find((o) => o.id === id)!
                    .body.tasks.map((t: object) => ({ ...t, displayName: "renamed" }));
                emu.mutate(id, { tasks });
            },
            property: "tasks",
            repairWrites: ["POST workflows/{id}/createNewVersion 200"],
        },
        updates: () => [
            { what: "the description", args: workflow({ description: "Sales joiners" }), writes: ["PATCH workflows/{id} 204"] },
            {
                what: "a task added",
                args: workflow({ description: "Sales joiners", tasks: [runBadge, welcome] }),
                writes: ["POST workflows/{id}/createNewVersion 200"],
                previewSays: /tasks changed: a new version \(version \d+\) will be made \(createNewVersion\)/,
            },
        ],
        badInput: () => ({
            args: workflow({ description: "Sales joiners", tasks: [runBadge, welcome], isEnabled: false, isSchedulingEnabled: true }),
            says: "isSchedulingEnabled: cannot be true on a workflow whose isEnabled is false",
        }),
        replace: () => ({
            what: "a new category",
            args: workflow({ description: "Sales joiners", tasks: [runBadge, welcome], category: "leaver" }),
            writes: [...PURGE, "POST workflows 201"],
        }),
        replaceExtensionWrites: [...PURGE, "DELETE customTaskExtensions/{id} 204", "POST customTaskExtensions 201", "POST workflows 201"],
        destroyWrites: [...PURGE, "DELETE customTaskExtensions/{id} 204"],
    }),
);
