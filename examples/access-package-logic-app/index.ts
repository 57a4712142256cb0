// An entitlement management request-workflow extension (launch and wait) and its Logic App.
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { AccessPackageWorkflowExtension, ExtensionLogicApp } from "pulumi-entra-extensions";

const config = new pulumi.Config();
const tenantId = config.require("tenantId");
const subscriptionId = config.require("subscriptionId");
const catalogId = config.require("catalogId");

const rg = new resources.ResourceGroup("governance", { resourceGroupName: "rg-em-extensions", location: "westeurope" });

const app = new ExtensionLogicApp("licence-check", {
    kind: "accessPackageAssignmentRequest",
    resourceGroupName: rg.name,
    location: rg.location,
    workflowName: "la-em-licence-check",
    subscriptionId,
    tenantId,
    launchAndWait: true,
});

const extension = new AccessPackageWorkflowExtension("licence-check", {
    catalogId,
    extensionType: "assignmentRequest",
    displayName: "Request: check licence",
    endpointConfiguration: app.endpointConfiguration,
    callbackConfiguration: { timeoutDuration: "P1D" },
});

export const extensionId = extension.id;
export const logicAppPrincipalId = app.principalId; // grant it EntitlementManagement.ReadWrite.All (see README)
