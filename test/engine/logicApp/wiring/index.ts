// A resource group declared first, then an ExtensionLogicApp and the extension that calls it, as a
// user writes them. Config picks the names, whether they reach the component as plain strings or as
// the group's outputs, the Logic App's kind and the extension's family, so one stack can be driven
// through a path over 150 characters and a miswiring.
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { AccessPackageWorkflowExtension, CustomTaskExtension, ExtensionLogicApp } from "pulumi-entra-extensions";
import type { LogicAppKind } from "pulumi-entra-extensions";

const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");
const workflowName = config.require("workflowName");
const kind = config.require("kind") as LogicAppKind;

const rg = new resources.ResourceGroup("group", { resourceGroupName, location: "westeurope" });
const fromOutputs = config.get("namesFrom") === "outputs";
const app = new ExtensionLogicApp(
    "app",
    {
        kind,
        resourceGroupName: fromOutputs ? rg.name : resourceGroupName,
        location: rg.location,
        workflowName,
        subscriptionId: config.require("subscriptionId"),
        tenantId: config.require("tenantId"),
    },
    { dependsOn: [rg] },
);
if (config.require("extension") === "task")
    new CustomTaskExtension("ext", { displayName: "Wiring", endpointConfiguration: app.endpointConfiguration });
else
    new AccessPackageWorkflowExtension("ext", {
        catalogId: config.require("catalogId"),
        extensionType: "assignmentRequest",
        displayName: "Wiring",
        endpointConfiguration: app.endpointConfiguration,
    });
