// ExtensionLogicApp: the Consumption Logic App behind an extension, in the same stack.

import * as pulumi from "@pulumi/pulumi";
import { AzureNativeLogic, azureNativeLogic } from "./azureNative";
import { LogicAppKind } from "./kinds";
import { logicAppResourcePath, resourcePathProblem } from "../azure/resourcePath";
import { CloudName, checkCloud, resolveCloud } from "../graph/settings";
import { TRIGGER_NAME, popAccessControl, workflowDefinition } from "./workflowDefinition";
import { AccessPackageCatalogRoleAssignment } from "../resources/generated";
import type { EntraResourceOptions } from "../resources/classes";

/**
 * The read-only resource behind `clientId`: the app id of the service principal of a principal id, read from
 * Graph when created or refreshed (logicApp/identity.ts). Nothing is made or removed in Graph.
 */
class LogicAppIdentity extends pulumi.dynamic.Resource {
    declare readonly appId: pulumi.Output<string>;
    constructor(name: string, principalId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions) {
        super(require("../dynamic/logicAppIdentity"), name, { principalId, appId: undefined }, opts, "entra", "LogicAppIdentity");
    }
}

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
    /**
     * The access package catalog of the extension this Logic App serves (the two access package kinds): where a
     * request workflow's Logic App that waits is given its right to resume (`grantCatalogRole`).
     */
    catalogId?: pulumi.Input<string>;
    /**
     * Give the Logic App's identity the least right it needs to resume its request: the Access package assignment
     * manager role on `catalogId`, as the child resource `catalogRole`, made after the workflow and before any
     * extension given `endpointConfiguration` (docs/logic-apps.md, "Its right to resume"). By default true where
     * a resume is made (kind accessPackageAssignmentRequest with launchAndWait); false for a user who grants it
     * otherwise. Not for the other kinds: they resume nothing through a role.
     */
    grantCatalogRole?: boolean;
    /** Options of the `catalogRole` child: `import` to adopt an assignment made by hand, `protect`, `retainOnDelete`. */
    catalogRoleOptions?: Omit<EntraResourceOptions, "parent">;
    /**
     * The cloud of the tenant and the Logic App: its Graph in the callback, its ARM host and token
     * issuer in the PoP policy. By default the stack's `entra:cloud` (else ENTRA_CLOUD, else AzureCloud),
     * the cloud the extension resources use.
     */
    cloud?: CloudName;
}

/**
 * Whether the component grants the catalog role: by default where the Logic App resumes a request (request kind,
 * launch and wait); refused where the arguments cannot make a grant or would grant a right nothing uses.
 */
function grantsCatalogRole(args: ExtensionLogicAppArgs, refuse: (problem: string) => never): boolean {
    const resumes = args.kind === "accessPackageAssignmentRequest" && args.launchAndWait === true;
    if (args.grantCatalogRole !== undefined && typeof args.grantCatalogRole !== "boolean")
        refuse(`grantCatalogRole: must be true or false (got ${JSON.stringify(args.grantCatalogRole)})`);
    if (args.kind === "customTaskExtension" && args.catalogId !== undefined)
        refuse("catalogId: a customTaskExtension Logic App has no catalog (name its clientId in the extension's authorizedApps)");
    const grant = args.grantCatalogRole ?? resumes;
    if (grant && args.kind === "customTaskExtension")
        refuse(
            "grantCatalogRole: a customTaskExtension Logic App resumes its task by its clientId in the extension's " +
                "callbackConfiguration.authorizedApps, not by a catalog role",
        );
    if (grant && !resumes)
        refuse(
            `grantCatalogRole: a Logic App of kind ${args.kind}${args.launchAndWait ? "" : " without launchAndWait"} resumes no request: ` +
                'its identity needs no catalog role (docs/logic-apps.md, "Its right to resume")',
        );
    if (grant && (args.catalogId === undefined || args.catalogId === null || args.catalogId === ""))
        refuse(
            "catalogId: the extension's catalog is needed, where the Logic App's identity is given the Access package " +
                "assignment manager role it resumes its request with; or grantCatalogRole: false to grant that right yourself",
        );
    return grant;
}

/** The stack's `entra:cloud` as the provider reads it (stack config, then the environment). */
const stackCloud = () => {
    const entra = new pulumi.Config("entra");
    return resolveCloud((key) => (key.startsWith("entra:") ? entra.get(key.slice("entra:".length)) : undefined));
};

/**
 * The workflow resource: an azure-native `logic.Workflow` (cast to it for every property). Typed here
 * without naming @pulumi/azure-native, so that this package's types resolve in programs without it.
 */
export interface LogicAppWorkflow extends pulumi.CustomResource {
    readonly name: pulumi.Output<string>;
    readonly accessEndpoint: pulumi.Output<string>;
    readonly identity: pulumi.Output<{ type: string; principalId: string; tenantId: string } | undefined>;
}

export class ExtensionLogicApp extends pulumi.ComponentResource {
    readonly workflow: LogicAppWorkflow;
    /** Ready to pass to a CustomTaskExtension or AccessPackageWorkflowExtension. */
    readonly endpointConfiguration: pulumi.Output<{ subscriptionId: string; resourceGroupName: string; logicAppWorkflowName: string }>;
    readonly resourcePath: pulumi.Output<string>;
    /**
     * The object id of the system-assigned identity's service principal: what a role assignment names (an access
     * package kind's catalog role, docs/logic-apps.md "Its right to resume").
     */
    readonly principalId: pulumi.Output<string>;
    /** The identity's Access package assignment manager role on the catalog (`grantCatalogRole`), when granted here. */
    readonly catalogRole?: AccessPackageCatalogRoleAssignment;

    private readonly logic: AzureNativeLogic;
    private readonly resourceGroupName: pulumi.Input<string>;
    private readonly componentName: string;
    private callback?: pulumi.Output<string>;
    private appId?: pulumi.Output<string>;

    constructor(name: string, args: ExtensionLogicAppArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be refused from the arguments alone is refused before the component
        // registers, as one line without a stack (RunError): a bad cloud, kind or launchAndWait, a path over
        // 150 characters from names given as plain strings (so `pulumi preview` stops there, whatever
        // the program declared before), and a missing @pulumi/azure-native.
        const refuse = (problem: string): never => {
            throw new pulumi.RunError(`ExtensionLogicApp ${name}: ${problem}`);
        };
        let definition: Record<string, unknown> = {};
        let cloud: CloudName = "AzureCloud";
        try {
            cloud = args.cloud !== undefined ? checkCloud(args.cloud, "cloud") : stackCloud();
            definition = workflowDefinition({ kind: args.kind, launchAndWait: args.launchAndWait, steps: args.steps, cloud });
        } catch (e) {
            refuse((e as Error).message);
        }
        const grant = grantsCatalogRole(args, refuse);
        const given = [args.subscriptionId, args.resourceGroupName, args.workflowName];
        const where = ([subscriptionId, resourceGroupName, logicAppWorkflowName]: string[]) => ({
            subscriptionId,
            resourceGroupName,
            logicAppWorkflowName,
        });
        if (given.every((x) => typeof x === "string")) {
            const problem = resourcePathProblem(where(given as string[]));
            if (problem) refuse(problem);
        }
        let logic: AzureNativeLogic | undefined;
        try {
            logic = azureNativeLogic();
        } catch (e) {
            if (pulumi.RunError.isInstance(e)) refuse(e.message);
            throw e;
        }
        super("entra:index:ExtensionLogicApp", name, {}, opts);
        this.logic = logic;
        this.componentName = name;
        this.resourceGroupName = args.resourceGroupName;
        // Names that are outputs are checked when they resolve; the workflow's name depends on that
        // check, so a path over the limit never reaches Azure. The one error object rejects every input
        // that depends on it and Pulumi reports it once. It usually surfaces after the program body has
        // returned, when Pulumi prints `err.stack`: the stack is pinned to the message so that this is
        // one line too (the SDK later prefixes `message` with the input it was serializing).
        const placement = pulumi.all(given).apply((names) => {
            const problem = resourcePathProblem(where(names));
            if (!problem) return where(names);
            const err = new pulumi.ResourceError(`ExtensionLogicApp ${name}: ${problem}`, this, /* hideStack */ true);
            err.stack = err.message;
            throw err;
        });
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
                accessControl: pulumi
                    .all([args.tenantId, this.resourcePath])
                    .apply(([tenantId, p]) => popAccessControl(args.kind, tenantId, p, cloud)) as any,
                tags: args.tags,
            },
            // A component's dependsOn is passed on, so `dependsOn: [resourceGroup]` orders the workflow
            // after a group whose name was given here as a plain string.
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.principalId = this.workflow.identity.apply((i) => i?.principalId ?? "");
        if (grant) {
            // The grant names the identity ARM gave the workflow; none (a workflow made without it) is said here, once.
            const grantee = this.workflow.identity.apply((i) => {
                if (i?.principalId) return i.principalId;
                const err = new pulumi.ResourceError(
                    `ExtensionLogicApp ${name}: the workflow has no system-assigned identity to give the catalog role to`,
                    this,
                    /* hideStack */ true,
                );
                err.stack = err.message;
                throw err;
            });
            this.catalogRole = new AccessPackageCatalogRoleAssignment(
                `${name}-catalog-role`,
                { principalId: grantee, roleDefinitionId: "accessPackageAssignmentManager", catalogId: args.catalogId! },
                { ...args.catalogRoleOptions, parent: this },
            );
        }
        // Resolved from the workflow, not from the names alone: an extension given it waits until the
        // Logic App exists (Entra checks the Logic App when the extension is saved), and until its identity may
        // resume (the grant): no stage can fire the extension before the Logic App may finish its request.
        this.endpointConfiguration = pulumi.all([placement, this.workflow.id, this.catalogRole?.id ?? ""]).apply(([p]) => p);
        // The outputs are not registered: when the path is refused they reject, and the refusal should
        // reach the user once, from the workflow it stops, not again from the component's outputs.
        this.registerOutputs({});
    }

    /**
     * The app id (client id) of the system-assigned identity, read from Graph (the service principal of
     * `principalId`): what a custom task extension names in `callbackConfiguration.authorizedApps` so that the
     * Logic App may resume its task, as the Entra admin center does for a launch-and-wait extension. Read only
     * when a program uses it: a child resource that reads it when created or refreshed (Application.Read.All).
     */
    get clientId(): pulumi.Output<string> {
        this.appId ??= new LogicAppIdentity(`${this.componentName}-identity`, this.principalId, { parent: this }).appId;
        return this.appId;
    }

    /**
     * The trigger's callback URL, SAS signature included: a secret, since whoever holds it can call the
     * workflow without a PoP token. Asked of Azure (listCallbackUrl) only when a program reads it.
     */
    get callbackUrl(): pulumi.Output<string> {
        this.callback ??= pulumi.secret(
            this.logic
                .listWorkflowTriggerCallbackUrlOutput(
                    { resourceGroupName: this.resourceGroupName, workflowName: this.workflow.name, triggerName: TRIGGER_NAME },
                    { parent: this },
                )
                .apply((r) => r.value),
        );
        return this.callback;
    }
}
