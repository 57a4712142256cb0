// The Pulumi package schema of the plugin (pulumi-resource-entra): every family's resource, from the
// families' data (required, replace on change, outputs) and the descriptions below, and the provider's
// inputs (the entra:* settings). The plugin serves it; scripts/schema.ts writes it to schema.json, which
// test/schema.test.ts keeps in step with the TypeScript types. ExtensionLogicApp is not in it: it is a
// TypeScript component (its Azure side is azure-native's), which the plugin does not construct.

import { families } from "../extensions";

import { ACCESS_PACKAGE_TYPES } from "../extensions/accessPackageWorkflowExtension";
import { AUTHENTICATION_EXTENSION_TYPES } from "../extensions/customAuthenticationExtension";
import { extraOutputNames, Family } from "../extensions/family";
import { WORKFLOW_CATEGORIES } from "../extensions/lifecycleWorkflow";
import { STAGES } from "../extensions/accessPackageCustomExtensionStages";
import { cloudSummary, cloudsOffering, propertyCloudNote } from "../extensions/cloudOffers";
import { importIdForm } from "./importId";

// ------------------------------------------------------------------------------------------------------------------
// The package's Registry metadata (what the Pulumi Registry shows and where the engine downloads the plugin) and the
// Import section of each resource's description. Every address is built from `repository` in package.json: a fork
// publishes under its own path by changing that one line.
// ------------------------------------------------------------------------------------------------------------------

const packageJson = require("pulumi-entra-extensions/package.json");

/** The package's version: the plugin's and the SDKs' (by package name, so that it resolves from dist/ and when installed). */
export const PACKAGE_VERSION: string = packageJson.version;

/** `owner/name` of the GitHub repository that package.json's `repository` names (`git+https://github.com/o/n.git`, `github:o/n`). */
export function githubRepository(repository: string | { url?: string } | undefined = packageJson.repository): string {
    const url = typeof repository === "string" ? repository : (repository?.url ?? "");
    const m =
        /^(?:github:|(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/|git@github\.com:)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
            url,
        );
    if (!m) throw new Error(`package.json repository is not a GitHub repository: ${JSON.stringify(repository)}`);
    return `${m[1]}/${m[2]}`;
}

const REPOSITORY = githubRepository();

/** The Go SDK's module: sdk/ of the repository (tagged sdk/v<version>), the package in sdk/go/entra. */
export const GO_MODULE = `github.com/${REPOSITORY}/sdk`;
export const GO_IMPORT_BASE = `${GO_MODULE}/go/entra`;

/**
 * The package's top-level metadata. pluginDownloadURL: the engine fetches `pulumi-resource-entra-v<version>-<os>-<arch>.tar.gz`
 * from the GitHub release `v<version>` (.github/workflows/release.yml attaches them).
 */
export const PACKAGE_METADATA = {
    displayName: "Entra ID custom extensions",
    description:
        "Microsoft Entra ID custom extensions (Lifecycle Workflows, entitlement management, custom authentication) " +
        "and the objects that make them fire.",
    publisher: REPOSITORY.split("/")[0],
    keywords: ["pulumi", "entra", "azuread", "microsoft-graph", "category/cloud", "kind/native"],
    homepage: `https://github.com/${REPOSITORY}`,
    repository: `https://github.com/${REPOSITORY}`,
    logoUrl: `https://raw.githubusercontent.com/${REPOSITORY}/main/assets/logo.svg`,
    license: packageJson.license as string,
    pluginDownloadURL: `github://api.github.com/${REPOSITORY}`,
};

/** A resource's description with the Import section the Registry shows last: the `pulumi import` id form (importId.ts). */
export function withImportSection(f: Family, description: string): string {
    const form = importIdForm(f);
    return (
        `${description}\n\n## Import\n\nAn existing ${f.title} is imported by ${form.explained}:\n\n` +
        `\`\`\`sh\n$ pulumi import entra:index:${f.resourceType} <name> ${form.id}\n\`\`\`\n`
    );
}

// ------------------------------------------------------------------------------------------------------------------

const ref = (t: string) => ({ $ref: `#/types/entra:index:${t}` });
const str = (description: string) => ({ type: "string", description });

const FIELD_SCHEMA: Record<string, Record<string, (family: string) => Record<string, unknown>>> = {
    "": {
        displayName: (f) => str(`Display name of the ${families[f as keyof typeof families].title}.`),
        description: (f) => str(`Description of the ${families[f as keyof typeof families].title}.`),
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
    authenticationEventListener: {
        eventType: () => ({
            ...ref("AuthenticationExtensionType"),
            description: "The event, named as CustomAuthenticationExtension.extensionType names it; a change replaces the listener.",
        }),
        conditions: () => ({
            ...ref("ListenerConditions"),
            description: "The applications (appIds) it fires for, compared as a set; added and removed one request each.",
        }),
        handler: () => ({
            ...ref("ListenerHandler"),
            description: "The extension it runs and the settings that override the extension's.",
        }),
    },
    lifecycleWorkflow: {
        category: () => ({ ...ref("WorkflowCategory"), description: "joiner, leaver or mover; a change replaces the workflow." }),
        isEnabled: () => ({ type: "boolean", description: "Whether the workflow runs; true when left out." }),
        isSchedulingEnabled: () => ({
            type: "boolean",
            description: "Whether it runs on its schedule; false when left out, and cannot be true on a disabled workflow.",
        }),
        executionConditions: () => ({
            type: "object",
            additionalProperties: { $ref: "pulumi.json#/Any" },
            description:
                "Graph's JSON: `triggerAndScopeBasedConditions` (scope, trigger) or `onDemandExecutionOnly`, " +
                "with its `@odata.type`; a change makes a new version.",
        }),
        tasks: () => ({
            type: "array",
            items: ref("WorkflowTask"),
            description: "The tasks in order (at most 25); a change makes a new version.",
        }),
        keepRestorableOnDelete: () => ({
            type: "boolean",
            description: "Leave a deleted workflow restorable in deletedItems for 30 days instead of purging it.",
        }),
    },
    accessPackageCustomExtensionStages: {
        policyId: () => str("The access package assignment policy, made elsewhere; also this resource's id. A change replaces it."),
        customExtensionStageSettings: () => ({
            type: "array",
            items: ref("CustomExtensionStageSetting"),
            description:
                "At most 5. Request stages run assignmentRequest extensions, the two before-expiration stages " +
                "assignment extensions, of the policy's catalog.",
        }),
    },
};

/** The outputs beyond the fields (extraOutputNames), described. */
const OUTPUT_SCHEMA: Record<string, Record<string, unknown>> = {
    createdDateTime: str("When Graph created the object."),
    lastModifiedDateTime: str("When the object last changed."),
    endpointUrl: {
        ...str("The endpoint URL Graph holds (the Logic App trigger or the API target); secret when endpointConfiguration holds a secret."),
    },
    version: { type: "integer", description: "Graph's version number of the workflow: one more with each new version." },
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
            description: withImportSection(f, `A Microsoft Entra ${f.title}, managed through Microsoft Graph. ${cloudSummary(key)}`),
            inputProperties,
            requiredInputs,
            properties: {
                ...inputProperties,
                ...Object.fromEntries(
                    extraOutputNames(f).map((name) => {
                        if (!OUTPUT_SCHEMA[name]) throw new Error(`no schema for output ${key}.${name}`);
                        return [name, OUTPUT_SCHEMA[name]];
                    }),
                ),
            },
            required: [...requiredInputs, ...f.fields.filter((x) => !x.required && x.defaultValue !== undefined).map((x) => x.name)],
        };
    }
    const obj = (description: string, properties: Record<string, unknown>, required: string[] = []) => ({
        type: "object",
        description,
        properties,
        required,
    });
    /** The entra:* stack config, which also configures an explicit provider (provider/graph/settings.ts). */
    const settings = {
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
            description: "Retries of a throttled or failed request (default 8; all within 60 s of the first send; else ENTRA_MAX_RETRIES).",
        },
    };
    return {
        name: "entra",
        version: PACKAGE_VERSION,
        ...PACKAGE_METADATA,
        config: { variables: settings },
        provider: { description: "The settings of an explicit provider: the same as the entra:* stack config.", inputProperties: settings },
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
            "entra:index:ListenerConditions": obj("The applications a listener fires for.", {
                applications: { ...ref("ListenerApplications"), description: "The applications, by appId." },
            }),
            "entra:index:ListenerApplications": obj("Applications by appId.", {
                includeApplications: { type: "array", items: ref("ListenerApplication"), description: "The applications." },
            }),
            "entra:index:ListenerApplication": obj("An application (authenticationConditionApplication).", { appId: str("Its appId.") }, [
                "appId",
            ]),
            "entra:index:ListenerHandler": obj("The custom extension handler of a listener.", {
                customExtensionId: str("The extension it runs, of the listener's event type."),
                customExtension: { ...ref("ExtensionReference"), description: "Graph's spelling of customExtensionId." },
                configuration: { ...ref("ListenerConfiguration"), description: "Overrides the extension's own settings." },
                migrationPropertyId: str(
                    "onPasswordSubmit only, and required there: the directory extension attribute that marks users still to migrate.",
                ),
            }),
            "entra:index:ExtensionReference": obj("A custom extension by id.", { id: str("The extension's id.") }, ["id"]),
            "entra:index:ListenerConfiguration": obj("Settings that override the extension's.", {
                behaviorOnError: { ...ref("BehaviorOnError"), description: "Fall back to Microsoft's behaviour when the API fails." },
                clientConfiguration: { ...ref("ClientConfiguration"), description: "Timeout and retries." },
            }),
            "entra:index:WorkflowCategory": enumType(WORKFLOW_CATEGORIES, "Lifecycle workflow category."),
            "entra:index:WorkflowTask": obj(
                "A task of a workflow, as Graph's JSON.",
                {
                    taskDefinitionId: str("The task definition (4262b724-8dba-4fad-afc3-43fcbb497a0e runs a custom task extension)."),
                    displayName: str("Display name of the task."),
                    description: str("Description of the task."),
                    arguments: { type: "array", items: ref("WorkflowTaskArgument"), description: "The task's arguments." },
                    isEnabled: { type: "boolean", description: "true when left out." },
                    continueOnError: { type: "boolean", description: "false when left out." },
                },
                ["taskDefinitionId", "displayName"],
            ),
            "entra:index:WorkflowTaskArgument": obj("A task argument.", { name: str("Its name."), value: str("Its value.") }, [
                "name",
                "value",
            ]),
            "entra:index:CustomExtensionStage": enumType(Object.keys(STAGES), "A stage of an access package assignment policy."),
            "entra:index:CustomExtensionStageSetting": obj(
                "A stage and the extension it runs.",
                {
                    stage: { ...ref("CustomExtensionStage"), description: "The stage." },
                    customExtensionId: str("The access package workflow extension it runs."),
                    customExtension: { ...ref("ExtensionReference"), description: "Graph's spelling of customExtensionId." },
                },
                ["stage"],
            ),
        },
        resources,
        // respectSchemaVersion: SDKs ask for the plugin of this version (else for v0.0.0).
        language: {
            nodejs: { packageName: "pulumi-entra", respectSchemaVersion: true },
            // pyproject: the SDK builds a wheel and an sdist with `python -m build` (scripts/sdks.ts).
            python: { packageName: "pulumi_entra", respectSchemaVersion: true, pyproject: { enabled: true } },
            go: { importBasePath: GO_IMPORT_BASE, generateResourceContainerTypes: true, respectSchemaVersion: true },
            csharp: { rootNamespace: "PulumiEntra", respectSchemaVersion: true },
        },
    };
}
