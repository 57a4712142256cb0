// The whole chain in one stack: a Logic App, the Lifecycle Workflows custom task extension that calls it, and
// the workflow whose task runs the extension.
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { CustomTaskExtension, ExtensionLogicApp, LifecycleWorkflow, runCustomTaskExtension } from "pulumi-entra-extensions";

const config = new pulumi.Config();
const tenantId = config.require("tenantId");
const subscriptionId = config.require("subscriptionId");

// Names as plain strings: ExtensionLogicApp checks the 150-character path rule on them at preview,
// before anything is created; dependsOn orders the Logic App after its group.
const resourceGroupName = "rg-lcw-extensions";
const rg = new resources.ResourceGroup("identity", { resourceGroupName, location: "westeurope" });

const app = new ExtensionLogicApp(
    "onboarding",
    {
        kind: "customTaskExtension",
        resourceGroupName,
        location: rg.location,
        workflowName: "la-lcw-onboarding",
        subscriptionId,
        tenantId,
        launchAndWait: true,
        steps: {
            Notify_facilities: {
                type: "Http",
                inputs: { method: "POST", uri: "https://facilities.contoso.com/badge", body: "@triggerBody()?['data']?['subject']" },
            },
        },
    },
    { dependsOn: [rg] },
);

const extension = new CustomTaskExtension("onboarding", {
    displayName: "Onboarding: provision badge",
    endpointConfiguration: app.endpointConfiguration,
    // The Logic App resumes the task itself, with its managed identity: naming its app id in authorizedApps is the
    // least privilege (this extension's tasks only, no Graph permission), as the Entra admin center does.
    callbackConfiguration: { timeoutDuration: "PT1H", authorizedApps: [app.clientId] },
});

// Nothing fires until a workflow's task names the extension: new Sales hires, on their hire date.
const workflow = new LifecycleWorkflow("onboarding", {
    category: "joiner",
    displayName: "Onboard Sales hires with a badge",
    isEnabled: true,
    isSchedulingEnabled: false, // turn on once the Logic App's steps are tested
    executionConditions: {
        "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions",
        scope: { "@odata.type": "#microsoft.graph.identityGovernance.ruleBasedSubjectSet", rule: "(department eq 'Sales')" },
        trigger: {
            "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger",
            timeBasedAttribute: "employeeHireDate",
            offsetInDays: 0,
        },
    },
    tasks: [
        { taskDefinitionId: "6fc52c9d-398b-4305-9763-15f42c1676fc", displayName: "Enable User Account" },
        runCustomTaskExtension(extension.id, { displayName: "Provision a badge" }),
    ],
});

export const extensionId = extension.id;
export const workflowId = workflow.id;
export const logicAppClientId = app.clientId; // in authorizedApps: nothing else to grant it (see README)
export const resourcePath = app.resourcePath;
// The trigger's SAS URL, for a manual test run: a secret (whoever holds it can call the Logic App).
export const triggerCallbackUrl = app.callbackUrl;
