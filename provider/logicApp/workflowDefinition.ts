// The Logic Apps workflow definition and the AADPOP authorization policy for one kind, wired the
// way the Entra admin center wires them, for one cloud: its Graph host in the callback, its ARM host
// and token issuer in the policy (docs/national-clouds.md).

import { CLOUDS, CloudName, tokenIssuer } from "../graph/settings";
import { KINDS, LogicAppKind } from "./kinds";

// The schema URI names the definition language; it is the same in every cloud.
export const WORKFLOW_SCHEMA = "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#";
export const TRIGGER_NAME = "manual";
/** Without a condition the PoP policy may not be enforced; this is the documented one. */
export const POP_CONDITION = "@startsWith(triggerOutputs()?['headers']?['Authorization'], 'PoP')";

export interface DefinitionOptions {
    kind: LogicAppKind;
    /** Resume the task or request through Graph when the steps are done. */
    launchAndWait?: boolean;
    /** The user's own actions, run in order before the callback. */
    steps?: Record<string, Record<string, unknown>>;
    /** The cloud whose Graph the callback calls (AzureCloud when not given). */
    cloud?: CloudName;
}

type Actions = Record<string, Record<string, any>>;

/** Chains the user's steps one after the other unless they say otherwise; returns the last name. */
function chain(steps: Record<string, Record<string, unknown>>, after?: string): { actions: Actions; last?: string } {
    const actions: Actions = {};
    let last = after;
    for (const [name, step] of Object.entries(steps)) {
        actions[name] = { ...step, runAfter: step.runAfter ?? (last ? { [last]: ["Succeeded"] } : {}) };
        last = name;
    }
    return { actions, last };
}

/** The HTTP action that resumes the task or request: the cloud's Graph, called with a token for it. */
function resumeAction(kind: LogicAppKind, cloud: CloudName): Record<string, any> {
    const graph = CLOUDS[cloud].graph;
    const auth = { type: "ManagedServiceIdentity", audience: graph };
    if (kind === "customTaskExtension")
        return {
            type: "Http",
            inputs: {
                method: "POST",
                uri: `${graph}/v1.0@{triggerBody()?['data']?['callbackUriPath']}`,
                body: { data: { operationStatus: "completed" }, source: "LogicApp", type: "lifecycleEvent" },
                authentication: auth,
            },
        };
    return {
        type: "Http",
        inputs: {
            method: "POST",
            uri: `${graph}/v1.0@{triggerBody()?['CallbackUriPath']}`,
            body: {
                source: "LogicApp",
                type: "microsoft.graph.accessPackageCustomExtensionStage.@{triggerBody()?['Stage']}",
                data: {
                    "@odata.type": "microsoft.graph.accessPackageAssignmentRequestCallbackData",
                    stage: "@{triggerBody()?['Stage']}",
                    customExtensionStageInstanceId: "@{triggerBody()?['CustomExtensionStageInstanceId']}",
                    customExtensionStageInstanceDetail: "Resumed by the Logic App",
                },
            },
            authentication: auth,
        },
    };
}

export function workflowDefinition(opts: DefinitionOptions): Record<string, unknown> {
    const spec = KINDS[opts.kind];
    if (!spec) throw new Error(`kind must be one of ${Object.keys(KINDS).join(", ")} (got ${opts.kind})`);
    if (opts.launchAndWait && !spec.canWait)
        throw new Error(`launchAndWait is not available for kind ${opts.kind}: pre-expiration extensions cannot wait for a callback`);
    const { actions: work, last } = chain(opts.steps ?? {});
    if (opts.launchAndWait)
        work.Resume_through_Graph = {
            ...resumeAction(opts.kind, opts.cloud ?? "AzureCloud"),
            runAfter: last ? { [last]: ["Succeeded"] } : {},
        };
    let actions: Actions = work;
    if (spec.answersConnectionTest)
        actions = {
            Connection_test: {
                type: "If",
                expression: { and: [{ equals: ["@triggerBody()?['Stage']", "CustomExtensionConnectionTest"] }] },
                actions: { Answer_connection_test: { type: "Response", kind: "Http", inputs: { statusCode: 202 } } },
                else: { actions: work },
                runAfter: {},
            },
        };
    return {
        $schema: WORKFLOW_SCHEMA,
        contentVersion: "1.0.0.0",
        parameters: {},
        triggers: {
            [TRIGGER_NAME]: {
                type: "Request",
                kind: "Http",
                inputs: { schema: spec.schema },
                operationOptions: "IncludeAuthorizationHeadersInOutputs",
                conditions: [{ expression: POP_CONDITION }],
            },
        },
        actions,
        outputs: {},
    };
}

/**
 * The `accessControl` block: an AADPOP policy naming the token's issuer (the tenant in this cloud), the
 * calling service, the verb, the host it calls (the cloud's ARM) and the workflow's path.
 */
export function popAccessControl(kind: LogicAppKind, tenantId: string, resourcePath: string, cloud: CloudName = "AzureCloud") {
    const spec = KINDS[kind];
    return {
        triggers: {
            openAuthenticationPolicies: {
                policies: {
                    [spec.policyName]: {
                        // azure-native's enum lists only "AAD"; the service takes "AADPOP".
                        type: "AADPOP",
                        claims: [
                            { name: "iss", value: tokenIssuer(cloud, tenantId) },
                            { name: "appid", value: spec.callingAppId },
                            { name: "m", value: "POST" },
                            { name: "u", value: CLOUDS[cloud].arm },
                            { name: "p", value: resourcePath },
                        ],
                    },
                },
            },
        },
    };
}
