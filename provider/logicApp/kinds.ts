// What differs between the Logic Apps behind the three Logic App-backed extension kinds: who calls,
// what it sends, whether it can wait for a callback and how the callback resumes it.

export type LogicAppKind = "customTaskExtension" | "accessPackageAssignmentRequest" | "accessPackageAssignment";

export interface KindSpec {
    /** App id of the Microsoft service that calls the Logic App (the PoP token's appid claim). */
    callingAppId: string;
    /** The authorization policy name the Entra admin center uses. */
    policyName: string;
    canWait: boolean;
    /** Entitlement management tests the connection when the extension is saved; answer it with 202. */
    answersConnectionTest: boolean;
    schema: Record<string, unknown>;
}

const str = { type: "string" };
const obj = (properties: Record<string, unknown>) => ({ type: "object", properties });
const person = obj({ id: str, displayName: str, email: str, userPrincipalName: str });

const accessPackagePayload = (withCallback: boolean) =>
    obj({
        Stage: str,
        CustomExtensionStageInstanceId: str,
        ...(withCallback ? { CallbackUriPath: str, CallbackConfiguration: obj({ DurationBeforeTimeout: str }) } : {}),
        AccessPackageAssignmentRequestId: str,
        RequestType: str,
        State: str,
        Status: str,
        Answers: { type: "array" },
        AccessPackage: obj({ Id: str, DisplayName: str, Description: str }),
        AccessPackageCatalog: obj({ Id: str, DisplayName: str, Description: str }),
        Assignment: obj({ Id: str, State: str, Status: str, Target: obj({ Id: str, ObjectId: str, DisplayName: str, Email: str }) }),
        Requestor: obj({ Id: str, ObjectId: str, DisplayName: str, Email: str }),
    });

export const KINDS: Record<LogicAppKind, KindSpec> = {
    customTaskExtension: {
        callingAppId: "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7",
        policyName: "AzureADLifecycleWorkflowsAuthPOPAuthPolicy",
        canWait: true,
        answersConnectionTest: false,
        schema: obj({
            source: str,
            type: str,
            data: obj({
                callbackUriPath: str,
                subject: obj({ id: str, displayName: str, email: str, userPrincipalName: str, manager: person }),
                task: obj({ id: str, displayName: str }),
                taskProcessingResult: obj({ id: str, createdDateTime: str }),
                workflow: obj({ id: str, displayName: str, workflowVersion: { type: "integer" } }),
            }),
        }),
    },
    accessPackageAssignmentRequest: {
        callingAppId: "810dcf14-1858-4bf2-8134-4c369fa3235b",
        policyName: "AzureADEntitlementManagementPOPAuthPolicy",
        canWait: true,
        answersConnectionTest: true,
        schema: accessPackagePayload(true),
    },
    accessPackageAssignment: {
        callingAppId: "810dcf14-1858-4bf2-8134-4c369fa3235b",
        policyName: "AzureADEntitlementManagementPOPAuthPolicy",
        canWait: false,
        answersConnectionTest: true,
        schema: accessPackagePayload(false),
    },
};
