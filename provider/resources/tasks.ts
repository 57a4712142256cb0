// Helpers that write Graph's JSON for the tasks of a LifecycleWorkflow.

import type * as pulumi from "@pulumi/pulumi";
import type { WorkflowTaskArgs } from "./generated";
import { CUSTOM_TASK_EXTENSION_ARGUMENT, RUN_CUSTOM_TASK_EXTENSION } from "../families/lifecycleWorkflow";

/**
 * The "Run a custom task extension" task (task definition 4262b724-8dba-4fad-afc3-43fcbb497a0e) that runs
 * the extension with this id: `runCustomTaskExtension(extension.id)`.
 */
export function runCustomTaskExtension(
    customTaskExtensionId: pulumi.Input<string>,
    opts: {
        displayName?: pulumi.Input<string>;
        description?: pulumi.Input<string>;
        isEnabled?: pulumi.Input<boolean>;
        continueOnError?: pulumi.Input<boolean>;
    } = {},
): WorkflowTaskArgs {
    return {
        taskDefinitionId: RUN_CUSTOM_TASK_EXTENSION,
        displayName: opts.displayName ?? "Run a custom task extension",
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        arguments: [{ name: CUSTOM_TASK_EXTENSION_ARGUMENT, value: customTaskExtensionId }],
        ...(opts.isEnabled !== undefined ? { isEnabled: opts.isEnabled } : {}),
        ...(opts.continueOnError !== undefined ? { continueOnError: opts.continueOnError } : {}),
    };
}
