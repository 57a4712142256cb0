// An entitlement management request-workflow extension (launch and wait), its Logic App, and the stage of an
// access package assignment policy that runs it.
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { AccessPackageCustomExtensionStages, AccessPackageWorkflowExtension, ExtensionLogicApp } from "pulumi-entra-extensions";

const config = new pulumi.Config();
const tenantId = config.require("tenantId");
const subscriptionId = config.require("subscriptionId");
const catalogId = config.require("catalogId");
// An assignment policy of an access package in that catalog, made elsewhere (the portal, azuread).
const policyId = config.require("policyId");

// Names as plain strings: ExtensionLogicApp checks the 150-character path rule on them at preview,
// before anything is created; dependsOn orders the Logic App after its group.
const resourceGroupName = "rg-em-extensions";
const rg = new resources.ResourceGroup("governance", { resourceGroupName, location: "westeurope" });

const app = new ExtensionLogicApp(
    "licence-check",
    {
        kind: "accessPackageAssignmentRequest",
        resourceGroupName,
        location: rg.location,
        workflowName: "la-em-licence-check",
        subscriptionId,
        tenantId,
        launchAndWait: true,
    },
    { dependsOn: [rg] },
);

const extension = new AccessPackageWorkflowExtension("licence-check", {
    catalogId,
    extensionType: "assignmentRequest",
    displayName: "Request: check licence",
    endpointConfiguration: app.endpointConfiguration,
    callbackConfiguration: { timeoutDuration: "P1D" },
});

// ---- The Logic App's right to resume: COMING AS A RESOURCE OF THIS PACKAGE (issue 24) ----
// Least privilege: the Access package assignment manager role on this catalog for the Logic App's identity
// (roleDefinitionId e2182095-804a-4656-ae11-64734e9b7ae5, appScopeId /AccessPackageCatalog/{catalogId},
// principalId app.principalId; docs/logic-apps.md, "Its right to resume"). The grant goes here, in this stack,
// once the resource exists; until then, assign it once as the README's "Permissions" says.
// ----

// Nothing fires until a policy's stage names the extension: each new request is checked before approval.
new AccessPackageCustomExtensionStages("licence-check", {
    policyId,
    customExtensionStageSettings: [{ stage: "assignmentRequestCreated", customExtensionId: extension.id }],
});

export const extensionId = extension.id;
export const logicAppPrincipalId = app.principalId; // assign it Access package assignment manager on the catalog (see README)
