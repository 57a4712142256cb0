// Writes schema.json, the Pulumi package schema of the three resources and the Logic App component,
// from the families' data (required, replace on change) and the descriptions below.
// `node dist/scripts/schema.js` rewrites it; test/schema.test.ts keeps it in step with the TypeScript types.

import fs from "node:fs";
import path from "node:path";
import { families } from "../provider/extensions";
import { ACCESS_PACKAGE_TYPES } from "../provider/extensions/accessPackageWorkflowExtension";
import { AUTHENTICATION_EXTENSION_TYPES } from "../provider/extensions/customAuthenticationExtension";
import { KINDS } from "../provider/logicApp/kinds";
import { cloudSummary, cloudsOffering, propertyCloudNote } from "../provider/extensions/cloudOffers";

const ref = (t: string) => ({ $ref: `#/types/entra:index:${t}` });
const str = (description: string) => ({ type: "string", description });

const FIELD_SCHEMA: Record<string, Record<string, (family: string) => Record<string, unknown>>> = {
    "": {
        displayName: () => str("Display name of the extension."),
        description: () => str("Description of the extension."),
        authenticationConfiguration: (f) => ({
            ...ref("Authentication"),
            description:
                f === "customAuthenticationExtension"
                    ? "An Azure AD token for `resourceId` (`api://{host of targetUrl}/{appId}`)."
                    : "PoP (default) or an Azure AD token for `resourceId`.",
        }),
        clientConfiguration: () => ({
            ...ref("ClientConfiguration"),
            description: "How long Entra waits for the endpoint and how often it retries; absent means the service defaults.",
        }),
        catalogId: () => str("Id of the catalog that holds the extension; a change replaces it."),
    },
    customTaskExtension: {
        endpointConfiguration: () => ({ ...ref("LogicAppEndpoint"), description: "The Logic App the task calls." }),
        callbackConfiguration: () => ({
            ...ref("TaskCallbackConfiguration"),
            description: "Launch and wait; absent means fire and forget.",
        }),
    },
    accessPackageWorkflowExtension: {
        extensionType: () => ({
            ...ref("AccessPackageExtensionType"),
            description: "Request workflow (`assignmentRequest`, default) or pre-expiration (`assignment`); a change replaces it.",
        }),
        endpointConfiguration: () => ({ ...ref("LogicAppEndpoint"), description: "The Logic App the extension calls." }),
        callbackConfiguration: () => ({
            ...ref("AccessPackageCallbackConfiguration"),
            description: "Launch and wait, assignmentRequest only.",
        }),
    },
    customAuthenticationExtension: {
        extensionType: () => ({
            ...ref("AuthenticationExtensionType"),
            description: "The authentication event; a change replaces the extension.",
        }),
        endpointConfiguration: () => ({ ...ref("HttpEndpoint"), description: "The API the extension calls." }),
        behaviorOnError: () => ({ ...ref("BehaviorOnError"), description: "What happens when the API fails." }),
        claimsForTokenConfiguration: () => ({
            type: "array",
            items: ref("ClaimForToken"),
            description: "Claims the API returns (onTokenIssuanceStart only).",
        }),
    },
};

const enumType = (values: string[], description: string, valueDescription?: (value: string) => string) => ({
    type: "string",
    description,
    enum: values.map((value) => (valueDescription ? { value, description: valueDescription(value) } : { value })),
});
/** Per enum value of a family's extensionType: the clouds whose Graph metadata has it. */
const offeredIn = (familyName: string) => (choice: string) =>
    `Offered in ${cloudsOffering(familyName, choice).join(", ") || "no cloud"} (Graph v1.0 metadata).`;

export function buildSchema() {
    const resources: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(families)) {
        const inputProperties: Record<string, unknown> = {};
        for (const field of f.fields) {
            const make = FIELD_SCHEMA[key][field.name] ?? FIELD_SCHEMA[""][field.name];
            if (!make) throw new Error(`no schema for ${key}.${field.name}`);
            const schema = make(key);
            const note = field.graphKey && propertyCloudNote(key, field.graphKey);
            if (note) schema.description = `${schema.description} ${note}`;
            inputProperties[field.name] = { ...schema, ...(field.replaceOnChange ? { replaceOnChanges: true } : {}) };
        }
        const requiredInputs = f.fields.filter((x) => x.required).map((x) => x.name);
        resources[`entra:index:${f.resourceType}`] = {
            description: `A Microsoft Entra ${f.title}, managed through Microsoft Graph. ${cloudSummary(key)}`,
            inputProperties,
            requiredInputs,
            properties: {
                ...inputProperties,
                createdDateTime: str("When Graph created the extension."),
                lastModifiedDateTime: str("When the extension last changed."),
                endpointUrl: str("The endpoint URL Graph holds (the Logic App trigger or the API target)."),
            },
            required: requiredInputs,
        };
    }
    resources["entra:index:ExtensionLogicApp"] = {
        isComponent: true,
        description:
            "The Consumption Logic App behind an extension, wired as the Entra admin center wires it: " +
            "PoP-checked HTTP trigger, managed identity, AADPOP policy and callback.",
        inputProperties: {
            resourceGroupName: str("Resource group of the Logic App."),
            location: str("Azure region."),
            workflowName: str("Name of the Logic App; the resource path must stay within 150 characters."),
            subscriptionId: str("Subscription of the Logic App."),
            tenantId: str("Entra tenant whose service calls the Logic App."),
            kind: { ...ref("LogicAppKind"), description: "Which extension calls it." },
            launchAndWait: {
                type: "boolean",
                description: "Resume the task or request through Graph when done (not for accessPackageAssignment).",
            },
            steps: {
                type: "object",
                additionalProperties: { $ref: "pulumi.json#/Any" },
                description: "Your own Logic Apps actions, run in order before the callback.",
            },
            tags: { type: "object", additionalProperties: { type: "string" } },
        },
        requiredInputs: ["resourceGroupName", "workflowName", "subscriptionId", "tenantId", "kind"],
        properties: {
            endpointConfiguration: { ...ref("LogicAppEndpoint"), description: "Ready to pass to an extension." },
            resourcePath: str("The workflow's resource path (the PoP token's p claim)."),
            principalId: str("The managed identity's principal id."),
        },
        required: ["endpointConfiguration", "resourcePath", "principalId"],
    };
    const obj = (description: string, properties: Record<string, unknown>, required: string[] = []) => ({
        type: "object",
        description,
        properties,
        required,
    });
    return {
        name: "entra",
        displayName: "Entra ID custom extensions",
        version: "0.1.0",
        description:
            "Microsoft Entra ID custom extensions (Lifecycle Workflows, entitlement management, custom authentication) " +
            "and their Logic Apps.",
        keywords: ["pulumi", "entra", "azuread", "microsoft-graph", "category/cloud"],
        license: "Apache-2.0",
        config: {
            variables: {
                tenantId: str("Tenant to sign in to (else AZURE_TENANT_ID)."),
                clientId: str("Client id of the identity to use (else AZURE_CLIENT_ID)."),
                cloud: { type: "string", description: "AzureCloud (default), AzureUSGovernment, AzureUSGovernmentDoD or AzureChinaCloud." },
                graphEndpoint: str("Graph base URL, e.g. the emulator's (else ENTRA_GRAPH_ENDPOINT)."),
                graphVersion: str("v1.0 (default) or beta."),
                requestTimeoutMs: {
                    type: "integer",
                    description: "Per-request timeout in milliseconds (default 60000; else ENTRA_REQUEST_TIMEOUT_MS).",
                },
                maxRetries: {
                    type: "integer",
                    description:
                        "Retries of a throttled or failed request (default 8; all within 60 s of the first send; else ENTRA_MAX_RETRIES).",
                },
            },
        },
        types: {
            "entra:index:LogicAppEndpoint": obj(
                "A Logic App trigger (logicAppTriggerEndpointConfiguration).",
                {
                    subscriptionId: str("Subscription id."),
                    resourceGroupName: str("Resource group."),
                    logicAppWorkflowName: str("Workflow name."),
                    url: str("Only for app-only creates; Graph fills it."),
                },
                ["subscriptionId", "resourceGroupName", "logicAppWorkflowName"],
            ),
            "entra:index:HttpEndpoint": obj("An HTTPS API (httpRequestEndpoint).", { targetUrl: str("Absolute https URL.") }, [
                "targetUrl",
            ]),
            "entra:index:Authentication": obj("How Entra authenticates to the endpoint.", {
                type: { type: "string", description: "azureAdPopToken or azureAdToken; inferred when left out." },
                resourceId: str("App id URI for an Azure AD token."),
            }),
            "entra:index:ClientConfiguration": obj("Connection settings.", {
                timeoutInMilliseconds: { type: "integer", description: "200..2000; service default 1000." },
                maximumRetries: { type: "integer", description: "0 or 1." },
            }),
            "entra:index:TaskCallbackConfiguration": obj(
                "Lifecycle Workflows launch and wait.",
                {
                    timeoutDuration: str("ISO 8601, PT5M..PT3H."),
                    authorizedApps: {
                        type: "array",
                        items: { type: "string" },
                        description: "Application ids allowed to resume the task.",
                    },
                },
                ["timeoutDuration"],
            ),
            "entra:index:AccessPackageCallbackConfiguration": obj("Entitlement management launch and wait.", {
                timeoutDuration: str("ISO 8601, PT5M..P14D."),
                durationBeforeTimeout: str("Synonym of timeoutDuration used by the docs' examples."),
            }),
            "entra:index:ClaimForToken": obj(
                "A claim the API returns.",
                { claimIdInApiResponse: str("Claim name in the API's response.") },
                ["claimIdInApiResponse"],
            ),
            "entra:index:AccessPackageExtensionType": enumType(
                Object.keys(ACCESS_PACKAGE_TYPES),
                "Access package workflow extension type.",
                offeredIn("accessPackageWorkflowExtension"),
            ),
            "entra:index:AuthenticationExtensionType": enumType(
                Object.keys(AUTHENTICATION_EXTENSION_TYPES),
                "Authentication event type.",
                offeredIn("customAuthenticationExtension"),
            ),
            "entra:index:BehaviorOnError": enumType(["fallbackToMicrosoftProvider", "default"], "Behaviour when the API fails."),
            "entra:index:LogicAppKind": enumType(Object.keys(KINDS), "The extension that calls a Logic App."),
        },
        resources,
        language: { nodejs: { packageName: "pulumi-entra-extensions", dependencies: { "@pulumi/pulumi": "3.270.0" } } },
    };
}

if (require.main === module) {
    const file = path.resolve(__dirname, "../../schema.json");
    fs.writeFileSync(file, JSON.stringify(buildSchema(), null, 2) + "\n");
    process.stdout.write(`wrote ${file}\n`);
}
