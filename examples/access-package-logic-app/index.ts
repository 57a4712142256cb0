// An entitlement management request-workflow extension (launch and wait), its Logic App with the least right to
// resume its request (the Access package assignment manager role on the catalog), and the stage of an access
// package assignment policy that runs it.
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
        // Its identity is given Access package assignment manager on this catalog (grantCatalogRole, true by
        // default for a Logic App that resumes a request): the least right to resume; the extension waits for it.
        catalogId,
        // false where the role is granted otherwise (then the stack's resume is refused until it is).
        grantCatalogRole: config.getBoolean("grantCatalogRole"),
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

// Nothing fires until a policy's stage names the extension: each new request is checked before approval.
new AccessPackageCustomExtensionStages("licence-check", {
    policyId,
    customExtensionStageSettings: [{ stage: "assignmentRequestCreated", customExtensionId: extension.id }],
});

export const extensionId = extension.id;
export const logicAppPrincipalId = app.principalId;
export const catalogRoleAssignmentId = app.catalogRole?.id;
