// The six custom authentication events as data: the body Entra POSTs to the extension's API and the answers
// it takes. Shapes are Microsoft's published samples (docs/firing.md lists them); where two Microsoft pages
// disagree the choice is named in docs/firing.md, "Choices".

import { randomUUID } from "node:crypto";
import type { Json } from "../failures";
import type { AuthenticationEvent as Event } from "../graphFacts";

/** The authentication events, named as the extensions' `extensionType` names them (the registry's keys). */
export type AuthenticationEvent = Event;

/** Who signs in, as the events carry `authenticationContext.user`. */
export interface FireUser {
    id: string;
    displayName: string;
    givenName?: string;
    surname?: string;
    mail?: string;
    userPrincipalName: string;
    userType?: "Member" | "Guest";
    companyName?: string;
    preferredLanguage?: string;
    createdDateTime?: string;
}

/** The application the user signs in to (`clientServicePrincipal`). */
export interface FireApplication {
    appId: string;
    displayName: string;
    /** Its service principal's object id. */
    id?: string;
}

/** One attribute collected at sign-up: a string, a whole number (int64) or a boolean (Graph's three attribute value types). */
export type AttributeValue = string | number | boolean;

export interface EventInput {
    tenantId: string;
    extensionId: string;
    listenerId: string;
    user: FireUser;
    application: FireApplication;
    /** Sign-up attributes (attribute collection events); `extension_...` names are directory schema extensions. */
    attributes: Record<string, AttributeValue>;
    /** The email the one-time code is sent to, and the code (onOtpSend). */
    otp: { identifier: string; oneTimeCode: string };
    /** Verified ID claims (onVerifiedIdClaimValidation). */
    verifiedIdClaims: Record<string, string>;
    /** onPasswordSubmit: the JWE that carries the password, username and nonce. */
    encryptedPasswordContext?: string;
}

interface EventSpec {
    /** The request's `type`. */
    type: string;
    /** `data.@odata.type` of the request. */
    callout: string;
    /** `data.@odata.type` of the answer. */
    response: string;
    /** The action types the event takes (as Microsoft's reference pages spell them). */
    actions: string[];
    /** Whether `authenticationContext.user` is sent (not at sign-up: the user does not exist yet). */
    user: boolean;
    /** What Entra does when the API fails, without `behaviorOnError`. */
    onError: string;
    /** The event-specific members of `data`. */
    members(input: EventInput): Json;
}

const signUpFailure = "the sign-up stops with a generic error; the reason is only in the sign-in logs";
const tokenFailure =
    "no token is issued: an OIDC application is redirected back with a generic error, a SAML application shows an error page";

const attributeType = (name: string) => (name.startsWith("extension_") ? "directorySchemaExtension" : "builtIn");
export const attributeValueType = (v: AttributeValue) =>
    typeof v === "boolean"
        ? "microsoft.graph.booleanDirectoryAttributeValue"
        : typeof v === "number"
          ? "microsoft.graph.int64DirectoryAttributeValue"
          : "microsoft.graph.stringDirectoryAttributeValue";

const signUpInfo = (input: EventInput): Json => ({
    userSignUpInfo: {
        attributes: Object.fromEntries(
            Object.entries(input.attributes).map(([k, value]) => [
                k,
                { "@odata.type": attributeValueType(value), value, attributeType: attributeType(k) },
            ]),
        ),
        identities: [
            { signInType: "email", issuer: "contoso.onmicrosoft.com", issuerAssignedId: input.user.mail ?? input.user.userPrincipalName },
        ],
    },
});

export const EVENTS: Record<AuthenticationEvent, EventSpec> = {
    onTokenIssuanceStart: {
        type: "microsoft.graph.authenticationEvent.tokenIssuanceStart",
        callout: "microsoft.graph.onTokenIssuanceStartCalloutData",
        response: "microsoft.graph.onTokenIssuanceStartResponseData",
        actions: ["microsoft.graph.tokenIssuanceStart.provideClaimsForToken"],
        user: true,
        onError: tokenFailure,
        members: () => ({}),
    },
    onAttributeCollectionStart: {
        type: "microsoft.graph.authenticationEvent.attributeCollectionStart",
        callout: "microsoft.graph.onAttributeCollectionStartCalloutData",
        response: "microsoft.graph.onAttributeCollectionStartResponseData",
        actions: [
            "microsoft.graph.attributeCollectionStart.continueWithDefaultBehavior",
            "microsoft.graph.attributeCollectionStart.setPrefillValues",
            "microsoft.graph.attributeCollectionStart.showBlockPage",
        ],
        user: false,
        onError: signUpFailure,
        members: signUpInfo,
    },
    onAttributeCollectionSubmit: {
        type: "microsoft.graph.authenticationEvent.attributeCollectionSubmit",
        callout: "microsoft.graph.onAttributeCollectionSubmitCalloutData",
        response: "microsoft.graph.onAttributeCollectionSubmitResponseData",
        actions: [
            "microsoft.graph.attributeCollectionSubmit.continueWithDefaultBehavior",
            "microsoft.graph.attributeCollectionSubmit.modifyAttributeValues",
            "microsoft.graph.attributeCollectionSubmit.showBlockPage",
            "microsoft.graph.attributeCollectionSubmit.showValidationError",
        ],
        user: false,
        onError: signUpFailure,
        members: signUpInfo,
    },
    onOtpSend: {
        type: "microsoft.graph.authenticationEvent.emailOtpSend",
        callout: "microsoft.graph.onOtpSendCalloutData",
        response: "microsoft.graph.OnOtpSendResponseData",
        actions: ["microsoft.graph.OtpSend.continueWithDefaultBehavior"],
        user: false,
        onError: "no one-time code is sent, so the user cannot sign in or sign up",
        members: (input) => ({ otpContext: { ...input.otp } }),
    },
    onPasswordSubmit: {
        type: "microsoft.graph.authenticationEvent.passwordSubmit",
        callout: "microsoft.graph.onPasswordSubmitCalloutData",
        response: "microsoft.graph.onPasswordSubmitResponseData",
        actions: [
            "microsoft.graph.passwordSubmit.MigratePassword",
            "microsoft.graph.passwordSubmit.UpdatePassword",
            "microsoft.graph.passwordSubmit.Retry",
            "microsoft.graph.passwordSubmit.Block",
        ],
        user: true,
        onError: "the sign-in fails; the password is not migrated",
        members: (input) => ({ encryptedPasswordContext: input.encryptedPasswordContext }),
    },
    onVerifiedIdClaimValidation: {
        type: "microsoft.graph.authenticationEvent.verifiedIdClaimValidation",
        callout: "microsoft.graph.onVerifiedIdClaimValidationCalloutData",
        response: "microsoft.graph.onVerifiedIdClaimValidationResponseData",
        actions: ["microsoft.graph.verifiedIdClaimValidation.pass", "microsoft.graph.verifiedIdClaimValidation.failed"],
        user: true,
        onError: "the account recovery flow is halted",
        members: (input) => ({
            verifiedIdClaimsContext: {
                identities: [{ issuer: "contoso.com", issuerAssignedId: input.user.userPrincipalName, signInType: "userPrincipalName" }],
                additionalInfo: {},
                claims: { ...input.verifiedIdClaims },
            },
        }),
    },
};

export const AUTHENTICATION_EVENTS = Object.keys(EVENTS) as AuthenticationEvent[];

/** The action types of every event but `event`: an answer naming one of them is "an action of another event". */
export function otherEventOf(action: string): AuthenticationEvent | undefined {
    return AUTHENTICATION_EVENTS.find((e) => EVENTS[e].actions.some((a) => a.toLowerCase() === action.toLowerCase()));
}

/** The body Entra sends for `event`. */
export function eventRequest(event: AuthenticationEvent, input: EventInput): Json {
    const spec = EVENTS[event];
    const sp = { id: input.application.id ?? randomUUID(), appId: input.application.appId };
    const names = { appDisplayName: input.application.displayName, displayName: input.application.displayName };
    const context: Json = {
        correlationId: randomUUID(),
        client: { ip: "127.0.0.1", locale: "en-us", market: "en-us" },
        protocol: "OAUTH2.0",
        ...(event === "onOtpSend" ? { requestType: "signUp" } : {}),
        clientServicePrincipal: { ...sp, ...names },
        resourceServicePrincipal: { ...sp, ...names },
        ...(spec.user ? { user: { userType: "Member", ...input.user } } : {}),
    };
    return {
        type: spec.type,
        source: `/tenants/${input.tenantId}/applications/${input.application.appId}`,
        data: {
            "@odata.type": spec.callout,
            tenantId: input.tenantId,
            authenticationEventListenerId: input.listenerId,
            customAuthenticationExtensionId: input.extensionId,
            authenticationContext: context,
            ...spec.members(input),
        },
    };
}

export const DEFAULT_USER: FireUser = {
    id: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
    displayName: "Casey Jensen",
    givenName: "Casey",
    surname: "Jensen",
    mail: "casey@contoso.com",
    userPrincipalName: "casey@contoso.com",
    userType: "Member",
    companyName: "Contoso",
    preferredLanguage: "en-us",
    createdDateTime: "2023-08-16T00:00:00Z",
};

export const DEFAULT_APPLICATION: FireApplication = { appId: "a13d0fc1-04ab-4ede-b215-63de0174cbb4", displayName: "My Test application" };

export const DEFAULT_ATTRIBUTES: Record<string, AttributeValue> = {
    email: "casey@contoso.com",
    givenName: "Casey",
    city: "Redmond",
};
