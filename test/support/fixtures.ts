// One valid program input per family, and for each mutable property an out-of-band change as an
// admin would make it in the portal (Graph JSON) with the canonical value the engine must then report.
import { DEFAULT_CATALOG_ID } from "../../provider/emulator";
import type { FamilyName } from "../../provider/families";
import { APP, SUB } from "./setup";

export interface Drift {
    property: string;
    graphChange: Record<string, unknown>;
    expected: unknown;
}

export interface FamilyFixture {
    family: FamilyName;
    inputs: Record<string, unknown>;
    /** A program change for `update`, and the verb Graph must see. */
    change: Record<string, unknown>;
    updateVerb: "PATCH" | "PUT";
    drifts: Drift[];
    /** A change that needs a new object, when the family has one. */
    replacement?: Record<string, unknown>;
}

const logicApp = { subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: "la-onboarding" };
const logicAppGraph = (name: string) => ({
    "@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration",
    subscriptionId: SUB,
    resourceGroupName: "rg-identity",
    logicAppWorkflowName: name,
});

export const fixtures: FamilyFixture[] = [
    {
        family: "customTaskExtension",
        inputs: {
            displayName: "Onboarding: provision badge",
            description: "Calls the badge system",
            endpointConfiguration: logicApp,
            clientConfiguration: { timeoutInMilliseconds: 1000, maximumRetries: 1 },
            callbackConfiguration: { timeoutDuration: "PT60M", authorizedApps: [APP] },
        },
        change: { description: "Calls the new badge system" },
        updateVerb: "PATCH",
        drifts: [
            { property: "displayName", graphChange: { displayName: "renamed in portal" }, expected: "renamed in portal" },
            { property: "description", graphChange: { description: "edited" }, expected: "edited" },
            {
                property: "endpointConfiguration",
                graphChange: { endpointConfiguration: logicAppGraph("la-other") },
                expected: { ...logicApp, logicAppWorkflowName: "la-other" },
            },
            {
                property: "authenticationConfiguration",
                graphChange: {
                    authenticationConfiguration: { "@odata.type": "#microsoft.graph.azureAdTokenAuthentication", resourceId: "api://x" },
                },
                expected: { type: "azureAdToken", resourceId: "api://x" },
            },
            {
                property: "clientConfiguration",
                graphChange: { clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 1 } },
                expected: { timeoutInMilliseconds: 2000, maximumRetries: 1 },
            },
            {
                property: "callbackConfiguration",
                graphChange: {
                    callbackConfiguration: {
                        "@odata.type": "#microsoft.graph.identityGovernance.customTaskExtensionCallbackConfiguration",
                        timeoutDuration: "PT2H",
                        authorizedApps: [{ id: APP }],
                    },
                },
                expected: { timeoutDuration: "PT2H", authorizedApps: [APP] },
            },
        ],
    },
    {
        family: "accessPackageWorkflowExtension",
        inputs: {
            catalogId: DEFAULT_CATALOG_ID,
            extensionType: "assignmentRequest",
            displayName: "Request: check licence",
            endpointConfiguration: logicApp,
            callbackConfiguration: { durationBeforeTimeout: "P1D" },
        },
        change: { displayName: "Request: check licence v2", callbackConfiguration: { timeoutDuration: "PT24H" } },
        updateVerb: "PUT",
        replacement: { extensionType: "assignment", callbackConfiguration: undefined },
        drifts: [
            { property: "displayName", graphChange: { displayName: "renamed" }, expected: "renamed" },
            { property: "description", graphChange: { description: "added in portal" }, expected: "added in portal" },
            {
                property: "endpointConfiguration",
                graphChange: { endpointConfiguration: logicAppGraph("la-moved") },
                expected: { ...logicApp, logicAppWorkflowName: "la-moved" },
            },
            {
                property: "clientConfiguration",
                graphChange: { clientConfiguration: { timeoutInMilliseconds: 500 } },
                expected: { timeoutInMilliseconds: 500 },
            },
            {
                property: "callbackConfiguration",
                graphChange: {
                    callbackConfiguration: {
                        "@odata.type": "#microsoft.graph.customExtensionCallbackConfiguration",
                        timeoutDuration: "P2D",
                    },
                },
                expected: { timeoutDuration: "P2D" },
            },
            {
                property: "authenticationConfiguration",
                graphChange: {
                    authenticationConfiguration: { "@odata.type": "#microsoft.graph.azureAdTokenAuthentication", resourceId: "api://y" },
                },
                expected: { type: "azureAdToken", resourceId: "api://y" },
            },
        ],
    },
    {
        family: "customAuthenticationExtension",
        inputs: {
            extensionType: "onTokenIssuanceStart",
            displayName: "Claims from HR",
            endpointConfiguration: { targetUrl: "https://claims.contoso.com/api/token" },
            authenticationConfiguration: { resourceId: `api://claims.contoso.com/${APP}` },
            behaviorOnError: "fallbackToMicrosoftProvider",
            claimsForTokenConfiguration: ["employeeId", { claimIdInApiResponse: "costCenter" }],
        },
        change: { clientConfiguration: { timeoutInMilliseconds: 1500, maximumRetries: 0 }, behaviorOnError: undefined },
        updateVerb: "PATCH",
        replacement: { extensionType: "onAttributeCollectionSubmit", claimsForTokenConfiguration: undefined },
        drifts: [
            { property: "displayName", graphChange: { displayName: "renamed" }, expected: "renamed" },
            { property: "description", graphChange: { description: "x" }, expected: "x" },
            {
                property: "endpointConfiguration",
                graphChange: {
                    endpointConfiguration: {
                        "@odata.type": "#microsoft.graph.httpRequestEndpoint",
                        targetUrl: "https://evil.example.com/",
                    },
                },
                expected: { targetUrl: "https://evil.example.com/" },
            },
            {
                property: "authenticationConfiguration",
                graphChange: {
                    authenticationConfiguration: {
                        "@odata.type": "#microsoft.graph.azureAdTokenAuthentication",
                        resourceId: `api://evil.example.com/${APP}`,
                    },
                },
                expected: { type: "azureAdToken", resourceId: `api://evil.example.com/${APP}` },
            },
            {
                property: "clientConfiguration",
                graphChange: { clientConfiguration: { maximumRetries: 0 } },
                expected: { maximumRetries: 0 },
            },
            { property: "behaviorOnError", graphChange: { behaviorOnError: null }, expected: undefined },
            {
                property: "claimsForTokenConfiguration",
                graphChange: { claimsForTokenConfiguration: [{ claimIdInApiResponse: "employeeId" }] },
                expected: [{ claimIdInApiResponse: "employeeId" }],
            },
        ],
    },
];
