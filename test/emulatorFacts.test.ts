// The emulator states Graph's facts on its own (provider/emulator/graphFacts.ts) rather than borrowing the families'
// constants, so that it can judge them: here the two are held against each other, and a wrong constant on either side
// fails. Where a fact lives in a family as a rule (a limit a cross-field rule enforces), the family's check is run
// against the emulator's number, not the family's.
import * as facts from "../provider/emulator/graphFacts";
import { ACCESS_PACKAGE_TYPES } from "../provider/families/accessPackageWorkflowExtension";
import { AUTHENTICATION_EXTENSION_TYPES } from "../provider/families/customAuthenticationExtension";
import { LISTENER_TYPES } from "../provider/families/authenticationEventListener";
import { STAGES } from "../provider/families/accessPackageCustomExtensionStages";
import { CUSTOM_TASK_EXTENSION_ARGUMENT, RUN_CUSTOM_TASK_EXTENSION } from "../provider/families/lifecycleWorkflow";
import { families } from "../provider/families";
import { fromInputs } from "../provider/families/canonical";
import { runExtensionTask } from "./support/attachments";

test("event types, listener and handler types, access package types and stages are the same facts on both sides", () => {
    expect(AUTHENTICATION_EXTENSION_TYPES).toEqual(facts.AUTHENTICATION_EVENT_EXTENSIONS);
    expect(LISTENER_TYPES).toEqual(facts.EVENT_LISTENERS);
    expect(ACCESS_PACKAGE_TYPES).toEqual(facts.ACCESS_PACKAGE_EXTENSIONS);
    expect(STAGES).toEqual(facts.STAGE_RUNS);
    expect(RUN_CUSTOM_TASK_EXTENSION).toBe(facts.RUN_CUSTOM_TASK_EXTENSION_TASK);
    expect(CUSTOM_TASK_EXTENSION_ARGUMENT).toBe(facts.CUSTOM_TASK_EXTENSION_ARGUMENT_NAME);
});

test("a workflow of the emulator's most tasks passes the family's check, one more is refused", () => {
    const task = runExtensionTask("0f1e2d3c-4b5a-4697-8877-665544332211");
    const workflow = (n: number) => ({ category: "joiner", displayName: "w", tasks: Array.from({ length: n }, () => task) });
    expect(fromInputs(families.lifecycleWorkflow, workflow(facts.MAX_WORKFLOW_TASKS)).failures).toEqual([]);
    expect(fromInputs(families.lifecycleWorkflow, workflow(facts.MAX_WORKFLOW_TASKS + 1)).failures.map((f) => f.property)).toEqual([
        "tasks",
    ]);
});

test("a policy of the emulator's most stages passes the family's check, one more is refused", () => {
    const stage = { stage: "assignmentRequestCreated", customExtensionId: "0f1e2d3c-4b5a-4697-8877-665544332211" };
    const stages = (n: number) => ({ policyId: "p", customExtensionStageSettings: Array.from({ length: n }, () => stage) });
    expect(fromInputs(families.accessPackageCustomExtensionStages, stages(facts.MAX_POLICY_STAGES)).failures).toEqual([]);
    expect(
        fromInputs(families.accessPackageCustomExtensionStages, stages(facts.MAX_POLICY_STAGES + 1)).failures.map((f) => f.property),
    ).toEqual(["customExtensionStageSettings"]);
});
