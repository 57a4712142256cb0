// Installed without @pulumi/azure-native (the package's optional peer): the extension resources load
// and work; constructing an ExtensionLogicApp stops the program with one line naming what to install.
import { CustomTaskExtension, ExtensionLogicApp } from "pulumi-entra-extensions";

new CustomTaskExtension("task", {
    displayName: "Without azure-native",
    endpointConfiguration: { subscriptionId: "0f1e2d3c-4b5a-4697-8877-665544332211", resourceGroupName: "rg", logicAppWorkflowName: "la" },
});
new ExtensionLogicApp("app", {
    kind: "customTaskExtension",
    resourceGroupName: "rg",
    workflowName: "la",
    subscriptionId: "0f1e2d3c-4b5a-4697-8877-665544332211",
    tenantId: "e17a0000-7e57-4000-8000-00000000e17a",
});
