// ExtensionLogicApp: the Consumption Logic App behind an extension, in the same stack.

import * as logic from "@pulumi/azure-native/logic";
import * as pulumi from "@pulumi/pulumi";
import { LogicAppKind } from "./kinds";
import { logicAppResourcePath, resourcePathProblem } from "./resourcePath";
import { popAccessControl, workflowDefinition } from "./workflowDefinition";

export interface ExtensionLogicAppArgs {
    resourceGroupName: pulumi.Input<string>;
    location?: pulumi.Input<string>;
    workflowName: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    /** The Entra tenant whose service calls the Logic App (the PoP issuer). */
    tenantId: pulumi.Input<string>;
    kind: LogicAppKind;
    /** Resume the task or request through Graph when the steps are done (not for accessPackageAssignment). */
    launchAndWait?: boolean;
    /** Your own Logic Apps actions, run in order before the callback. */
    steps?: Record<string, Record<string, unknown>>;
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export class ExtensionLogicApp extends pulumi.ComponentResource {
    readonly workflow: logic.Workflow;
    /** Ready to pass to a CustomTaskExtension or AccessPackageWorkflowExtension. */
    readonly endpointConfiguration: pulumi.Output<{ subscriptionId: string; resourceGroupName: string; logicAppWorkflowName: string }>;
    readonly resourcePath: pulumi.Output<string>;
    /** The system-assigned identity: grant it the Graph permission its callback needs. */
    readonly principalId: pulumi.Output<string>;

    constructor(name: string, args: ExtensionLogicAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("entra:index:ExtensionLogicApp", name, {}, opts);
        // Built before any resource: a bad kind or launchAndWait fails the program at once.
        const definition = workflowDefinition({ kind: args.kind, launchAndWait: args.launchAndWait, steps: args.steps });
        // The path rule runs as soon as the names are known: names given as plain strings are checked
        // here, so preview fails at once; names that are outputs are checked when they resolve, and
        // the workflow's name depends on that check, so a path over the limit never reaches Azure.
        const checked = ([subscriptionId, resourceGroupName, logicAppWorkflowName]: string[]) => {
            const where = { subscriptionId, resourceGroupName, logicAppWorkflowName };
            const problem = resourcePathProblem(where);
            if (problem) throw new pulumi.ResourceError(`ExtensionLogicApp ${name}: ${problem}`, this);
            return where;
        };
        const given = [args.subscriptionId, args.resourceGroupName, args.workflowName];
        if (given.every((x) => typeof x === "string")) checked(given as string[]);
        const placement = pulumi.all(given).apply(checked);
        this.resourcePath = placement.apply(logicAppResourcePath);
        this.workflow = new logic.Workflow(
            name,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                workflowName: placement.logicAppWorkflowName,
                state: "Enabled",
                identity: { type: "SystemAssigned" },
                definition,
                accessControl: pulumi.all([args.tenantId, this.resourcePath]).apply(([tenantId, p]) => popAccessControl(args.kind, tenantId, p)) as any,
                tags: args.tags,
            },
            { parent: this },
        );
        this.endpointConfiguration = placement;
        this.principalId = this.workflow.identity.apply((i) => i?.principalId ?? "");
        // The outputs are not registered: when the path is refused they reject, and the refusal should
        // reach the user once, from the workflow it stops, not again from the component's outputs.
        this.registerOutputs({});
    }
}
