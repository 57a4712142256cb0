// The facts of Microsoft Graph the emulator enforces, written here from Microsoft's documentation and metadata and
// not taken from the provider's families: the emulator is the provider's oracle, and a rule it borrowed from a
// family would pass that family by construction, wrong or not. test/emulatorFacts.test.ts holds the two against each
// other, so that a wrong constant on either side fails a test.
//
// What the emulator does take from the families is where things are, not what is allowed: each family's collection
// name and path and its type choices route requests to a collection (collections.ts); the rules of each collection
// (verbs, required properties, unique names, limits, navigations, recycle bin) are stated in collections.ts and here.

/**
 * Custom authentication extension types by event (Graph v1.0 metadata: the types derived from
 * microsoft.graph.customAuthenticationExtension).
 */
export const AUTHENTICATION_EVENT_EXTENSIONS = {
    onTokenIssuanceStart: "#microsoft.graph.onTokenIssuanceStartCustomExtension",
    onAttributeCollectionStart: "#microsoft.graph.onAttributeCollectionStartCustomExtension",
    onAttributeCollectionSubmit: "#microsoft.graph.onAttributeCollectionSubmitCustomExtension",
    onOtpSend: "#microsoft.graph.onOtpSendCustomExtension",
    onPasswordSubmit: "#microsoft.graph.onPasswordSubmitCustomExtension",
    onVerifiedIdClaimValidation: "#microsoft.graph.onVerifiedIdClaimValidationCustomExtension",
} as const;

export type AuthenticationEvent = keyof typeof AUTHENTICATION_EVENT_EXTENSIONS;

/**
 * Per event, the listener type and the handler type it takes (Graph v1.0 metadata: the types derived from
 * authenticationEventListener and their `handler` property's types; an OTP send listens as onEmailOtpSendListener).
 */
export const EVENT_LISTENERS: Record<AuthenticationEvent, { listener: string; handler: string }> = {
    onTokenIssuanceStart: {
        listener: "#microsoft.graph.onTokenIssuanceStartListener",
        handler: "#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler",
    },
    onAttributeCollectionStart: {
        listener: "#microsoft.graph.onAttributeCollectionStartListener",
        handler: "#microsoft.graph.onAttributeCollectionStartCustomExtensionHandler",
    },
    onAttributeCollectionSubmit: {
        listener: "#microsoft.graph.onAttributeCollectionSubmitListener",
        handler: "#microsoft.graph.onAttributeCollectionSubmitCustomExtensionHandler",
    },
    onOtpSend: { listener: "#microsoft.graph.onEmailOtpSendListener", handler: "#microsoft.graph.onOtpSendCustomExtensionHandler" },
    onPasswordSubmit: {
        listener: "#microsoft.graph.onPasswordSubmitListener",
        handler: "#microsoft.graph.onPasswordMigrationCustomExtensionHandler",
    },
    onVerifiedIdClaimValidation: {
        listener: "#microsoft.graph.onVerifiedIdClaimValidationListener",
        handler: "#microsoft.graph.onVerifiedIdClaimValidationCustomExtensionHandler",
    },
};

/** Access package workflow extension types (Graph v1.0: the two types derived from customCalloutExtension for catalogs). */
export const ACCESS_PACKAGE_EXTENSIONS = {
    assignmentRequest: "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension",
    assignment: "#microsoft.graph.accessPackageAssignmentWorkflowExtension",
} as const;

/**
 * The stages of `accessPackageCustomExtensionStage` (Graph v1.0 metadata) and the extension type each runs (the
 * customExtensionStageSetting page: request stages run request workflow extensions, the two before-expiration
 * stages pre-expiration ones).
 */
export const STAGE_RUNS: Record<string, keyof typeof ACCESS_PACKAGE_EXTENSIONS> = {
    assignmentRequestCreated: "assignmentRequest",
    assignmentRequestApproved: "assignmentRequest",
    assignmentRequestGranted: "assignmentRequest",
    assignmentRequestRemoved: "assignmentRequest",
    assignmentFourteenDaysBeforeExpiration: "assignment",
    assignmentOneDayBeforeExpiration: "assignment",
};

/** Custom extension stages one policy may run (accessPackageAssignmentPolicy: customExtensionStageSettings, "maximum of 5"). */
export const MAX_POLICY_STAGES = 5;

/** Tasks one workflow may hold (Lifecycle Workflows limits: 25 tasks per workflow). */
export const MAX_WORKFLOW_TASKS = 25;

/**
 * The built-in task definition "Run a custom task extension" and the argument naming the extension (Lifecycle
 * Workflows task definitions; the docs spell the argument `customTaskExtensionID`, and other casings, so it is
 * compared without case).
 */
export const RUN_CUSTOM_TASK_EXTENSION_TASK = "4262b724-8dba-4fad-afc3-43fcbb497a0e";
export const CUSTOM_TASK_EXTENSION_ARGUMENT_NAME = "customTaskExtensionID";
