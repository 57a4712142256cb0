// What the attachment tests need in the emulator before they start: an extension of each family for
// them to name, and an access package with an assignment policy (made elsewhere, as in a real tenant).
import { DEFAULT_CATALOG_ID, GraphEmulator } from "../../provider/emulator";
import { runCustomTaskExtension } from "../../provider/resources/tasks";
import { APP, SUB } from "./setup";

export const runExtensionTask = (id: string) => runCustomTaskExtension(id) as Record<string, unknown>;

const logicApp = (name: string) => ({
    "@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration",
    subscriptionId: SUB,
    resourceGroupName: "rg-identity",
    logicAppWorkflowName: name,
});
const pop = { "@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication" };

export interface AttachmentWorld {
    claimsExtension: string;
    taskExtension: string;
    requestExtension: string;
    expiryExtension: string;
    accessPackage: string;
    policy: string;
}

export async function attachmentWorld(emu: GraphEmulator): Promise<AttachmentWorld> {
    const claimsExtension = emu.create("customAuthenticationExtensions", {
        "@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtension",
        displayName: "Claims from HR",
        endpointConfiguration: { "@odata.type": "#microsoft.graph.httpRequestEndpoint", targetUrl: "https://claims.contoso.com/api" },
        authenticationConfiguration: {
            "@odata.type": "#microsoft.graph.azureAdTokenAuthentication",
            resourceId: `api://claims.contoso.com/${APP}`,
        },
    }).id;
    const taskExtension = emu.create("customTaskExtensions", {
        displayName: "Provision badge",
        endpointConfiguration: logicApp("la-badge"),
        authenticationConfiguration: pop,
    }).id;
    const requestExtension = emu.create(
        "customWorkflowExtensions",
        {
            "@odata.type": "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension",
            displayName: "Request: check licence",
            endpointConfiguration: logicApp("la-licence"),
            authenticationConfiguration: pop,
        },
        DEFAULT_CATALOG_ID,
    ).id;
    const expiryExtension = emu.create(
        "customWorkflowExtensions",
        {
            "@odata.type": "#microsoft.graph.accessPackageAssignmentWorkflowExtension",
            displayName: "Expiry: notify owner",
            endpointConfiguration: logicApp("la-expiry"),
            authenticationConfiguration: pop,
        },
        DEFAULT_CATALOG_ID,
    ).id;
    const accessPackage = emu.create("accessPackages", { displayName: "Sales tools", catalog: { id: DEFAULT_CATALOG_ID } }).id;
    const policy = emu.create("assignmentPolicies", {
        displayName: "Sales: direct assignment",
        description: "admin-only",
        allowedTargetScope: "notSpecified",
        specificAllowedTargets: [],
        expiration: { type: "noExpiration" },
        accessPackage: { id: accessPackage },
    }).id;
    return { claimsExtension, taskExtension, requestExtension, expiryExtension, accessPackage, policy };
}

/**
 * Makes the object that names an extension of this family in Graph (a listener, a workflow's task, a policy's
 * stage), as an admin would in the portal: the emulator then refuses to delete the extension. Returns the
 * ids of what it made, to remove again.
 */
export function nameExtension(emu: GraphEmulator, familyName: string, extension: { id: string; body: Record<string, any> }): string[] {
    if (familyName === "customTaskExtension")
        return [
            emu.create("workflows", {
                category: "joiner",
                displayName: `Runs ${extension.id}`,
                tasks: [runExtensionTask(extension.id)],
            }).id,
        ];
    if (familyName === "customAuthenticationExtension") {
        const event = String(extension.body["@odata.type"]).replace(/^#microsoft\.graph\.(.*)CustomExtension$/, "$1");
        const listener = event === "onOtpSend" ? "onEmailOtpSend" : event;
        const handler = event === "onPasswordSubmit" ? "onPasswordMigration" : event;
        return [
            emu.create("authenticationEventListeners", {
                "@odata.type": `#microsoft.graph.${listener}Listener`,
                handler: {
                    "@odata.type": `#microsoft.graph.${handler}CustomExtensionHandler`,
                    customExtension: { id: extension.id },
                    ...(event === "onPasswordSubmit" ? { migrationPropertyId: "extension_x_requiresMigration" } : {}),
                },
            }).id,
        ];
    }
    const request = String(extension.body["@odata.type"]).includes("RequestWorkflowExtension");
    const accessPackage = emu.create("accessPackages", { displayName: "Named", catalog: { id: DEFAULT_CATALOG_ID } }).id;
    const policy = emu.create("assignmentPolicies", {
        displayName: "Runs it",
        accessPackage: { id: accessPackage },
        customExtensionStageSettings: [
            { stage: request ? "assignmentRequestCreated" : "assignmentOneDayBeforeExpiration", customExtension: { id: extension.id } },
        ],
    }).id;
    return [policy, accessPackage];
}
