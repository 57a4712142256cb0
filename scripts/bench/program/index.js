// The benchmark's program (JavaScript, so that tsc leaves it alone and neither mode pays for ts-node's
// compile). bench:count resources with the same inputs in both modes, the families of bench:mix in turn (the
// three extensions; or, with `attachments`, also a workflow running the task extension made three before it and
// a listener running the authentication extension made two before it, named by reference as programs do):
//   bench:mode extensions: the package's classes, against Graph (the emulator in the bench process);
//   bench:mode noop: pulumi.dynamic.Resource with the do-nothing provider of bench-noop-provider.
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config("bench");
const mode = config.require("mode");
const count = config.requireNumber("count");
const catalogId = config.require("catalogId");
const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const APP = "11111111-2222-4333-8444-555555555555";
const EXTENSIONS = ["CustomTaskExtension", "AccessPackageWorkflowExtension", "CustomAuthenticationExtension"];
const mix = config.get("mix") ?? "extensions";
if (mix !== "extensions" && mix !== "attachments") throw new Error(`bench:mix must be extensions or attachments, not ${mix}`);
const FAMILIES = mix === "attachments" ? [...EXTENSIONS, "LifecycleWorkflow", "AuthenticationEventListener"] : EXTENSIONS;
const made = [];
const logicApp = (i) => ({ subscriptionId: SUB, resourceGroupName: "rg-bench", logicAppWorkflowName: `la-${i}` });

function inputs(type, i) {
    if (type === "LifecycleWorkflow")
        return {
            category: "joiner",
            displayName: `bench workflow ${i}`,
            executionConditions: { "@odata.type": "#microsoft.graph.identityGovernance.onDemandExecutionOnly" },
            tasks: [
                {
                    taskDefinitionId: "4262b724-8dba-4fad-afc3-43fcbb497a0e",
                    displayName: "Run a custom task extension",
                    arguments: [{ name: "customTaskExtensionID", value: made[i - 3].id }],
                },
            ],
        };
    if (type === "AuthenticationEventListener")
        return {
            eventType: "onTokenIssuanceStart",
            displayName: `bench listener ${i}`,
            conditions: { applications: { includeApplications: [APP] } },
            handler: { customExtensionId: made[i - 2].id },
        };
    if (type === "CustomTaskExtension")
        return { displayName: `bench task ${i}`, endpointConfiguration: logicApp(i), callbackConfiguration: { timeoutDuration: "PT1H" } };
    if (type === "AccessPackageWorkflowExtension") return { catalogId, displayName: `bench ap ${i}`, endpointConfiguration: logicApp(i) };
    return {
        extensionType: "onTokenIssuanceStart",
        displayName: `bench auth ${i}`,
        endpointConfiguration: { targetUrl: "https://claims.contoso.com/api" },
        authenticationConfiguration: { resourceId: `api://claims.contoso.com/${APP}` },
    };
}

if (mode === "extensions") {
    const entra = require("pulumi-entra-extensions");
    for (let i = 0; i < count; i++) {
        const type = FAMILIES[i % FAMILIES.length];
        made.push(new entra[type](`r${i}`, inputs(type, i)));
    }
} else if (mode === "noop") {
    const provider = require("bench-noop-provider");
    for (let i = 0; i < count; i++) {
        const type = FAMILIES[i % FAMILIES.length];
        made.push(new pulumi.dynamic.Resource(provider, `r${i}`, inputs(type, i), undefined, "bench", `Noop${type}`));
    }
} else {
    throw new Error(`bench:mode must be extensions or noop, not ${mode}`);
}
