// One extension of each family, and what makes two of them fire (a listener, a workflow). Against the emulator:
//   npx entra-graph-emulator &   (prints ENTRA_GRAPH_ENDPOINT and ENTRA_ACCESS_TOKEN to export)
//   pulumi up
// Against a tenant: set entra:tenantId (and sign in with `az login` or workload identity).
import * as pulumi from "@pulumi/pulumi";
import {
    AccessPackageWorkflowExtension,
    AuthenticationEventListener,
    CustomAuthenticationExtension,
    CustomTaskExtension,
    LifecycleWorkflow,
    runCustomTaskExtension,
} from "pulumi-entra-extensions";

const config = new pulumi.Config();
const subscriptionId = config.get("subscriptionId") ?? "0f1e2d3c-4b5a-4697-8877-665544332211";
const catalogId = config.get("catalogId") ?? "b6f1c3a2-0000-4000-8000-00000000ca7a"; // the emulator's catalog
const apiAppId = config.get("apiAppId") ?? "11111111-2222-4333-8444-555555555555";
const logicApp = { subscriptionId, resourceGroupName: "rg-identity", logicAppWorkflowName: "la-onboarding" };

const taskExtension = new CustomTaskExtension("onboarding-task", {
    displayName: "Onboarding: provision badge",
    endpointConfiguration: logicApp,
    callbackConfiguration: { timeoutDuration: "PT1H", authorizedApps: [apiAppId] },
});
export const task = taskExtension.id;

export const accessPackage = new AccessPackageWorkflowExtension("licence-check", {
    catalogId,
    extensionType: "assignmentRequest",
    displayName: "Request: check licence",
    endpointConfiguration: logicApp,
    callbackConfiguration: { timeoutDuration: "P1D" },
}).id;

const claims = new CustomAuthenticationExtension("hr-claims", {
    extensionType: "onTokenIssuanceStart",
    displayName: "Claims from HR",
    endpointConfiguration: { targetUrl: "https://claims.contoso.com/api/token" },
    authenticationConfiguration: { resourceId: `api://claims.contoso.com/${apiAppId}` },
    claimsForTokenConfiguration: ["employeeId", "costCenter"],
});
export const authentication = claims.id;

// The claims provider fires when Entra issues a token to this application.
export const listener = new AuthenticationEventListener("hr-claims", {
    eventType: "onTokenIssuanceStart",
    conditions: { applications: { includeApplications: [config.get("appId") ?? "a13d0fc1-04ab-4ede-b215-63de0174cbb4"] } },
    handler: { customExtensionId: claims.id },
}).id;

// The task extension runs as a task of a workflow, here on demand only.
export const workflow = new LifecycleWorkflow("onboarding", {
    category: "joiner",
    displayName: "Onboarding (on demand)",
    executionConditions: { "@odata.type": "#microsoft.graph.identityGovernance.onDemandExecutionOnly" },
    tasks: [runCustomTaskExtension(taskExtension.id)],
}).id;
