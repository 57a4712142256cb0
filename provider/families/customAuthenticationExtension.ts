// Custom authentication extensions (microsoft.graph.customAuthenticationExtension), every event type.

import type * as MSGraph from "@microsoft/microsoft-graph-types";
import { Family, Field } from "./family";
import { choice, Enumeration, list, object, str } from "./shape";
import { authentication, clientConfiguration, description, displayName, httpEndpoint, typeChoiceField } from "./fields";
import { BEHAVIOR_ON_ERROR, behaviorOnErrorFromGraph, behaviorOnErrorInput, behaviorOnErrorToGraph } from "./fields";
import { CheckFailure, GUID, containsUnknown, shown } from "./values";

export const AUTHENTICATION_EXTENSION_TYPES = {
    onTokenIssuanceStart: "#microsoft.graph.onTokenIssuanceStartCustomExtension",
    onAttributeCollectionStart: "#microsoft.graph.onAttributeCollectionStartCustomExtension",
    onAttributeCollectionSubmit: "#microsoft.graph.onAttributeCollectionSubmitCustomExtension",
    onOtpSend: "#microsoft.graph.onOtpSendCustomExtension",
    onPasswordSubmit: "#microsoft.graph.onPasswordSubmitCustomExtension",
    onVerifiedIdClaimValidation: "#microsoft.graph.onVerifiedIdClaimValidationCustomExtension",
};

export const AUTHENTICATION_EXTENSION_TYPE: Enumeration = {
    name: "AuthenticationExtensionType",
    description: "Authentication event type.",
    values: Object.keys(AUTHENTICATION_EXTENSION_TYPES),
    source: "M: the types derived from customAuthenticationExtension",
};

/** `onTokenIssuanceStartReturnClaim` (Graph v1.0); a plain string is the claim's name. */
export const CLAIM_FOR_TOKEN = object(
    "ClaimForToken",
    "A claim the API returns.",
    { claimIdInApiResponse: { shape: str("Claim name in the API's response."), required: true } },
    { orString: "claimIdInApiResponse" },
);

/** `fallbackToMicrosoftProvider`, or nothing. */
const behaviorOnError: Field = {
    name: "behaviorOnError",
    description: "What happens when the API fails.",
    shape: choice(BEHAVIOR_ON_ERROR),
    graphKey: "behaviorOnError",
    fromInput: behaviorOnErrorInput,
    fromGraph: (body) => behaviorOnErrorFromGraph(body.behaviorOnError),
    toGraph: behaviorOnErrorToGraph,
};

/** Token issuance only: the claims the API returns. Users may write plain strings. */
const claimsForTokenConfiguration: Field = {
    name: "claimsForTokenConfiguration",
    description: "Claims the API returns (onTokenIssuanceStart only).",
    shape: list("Claims the API returns.", CLAIM_FOR_TOKEN),
    graphKey: "claimsForTokenConfiguration",
    fromInput: (v, fail) => {
        if (!Array.isArray(v)) return fail("must be a list of {claimIdInApiResponse}");
        const claims = v.map((c, i) => {
            const id = typeof c === "string" ? c : (c as MSGraph.OnTokenIssuanceStartReturnClaim | null)?.claimIdInApiResponse;
            if (typeof id !== "string" || id === "") fail("must be a claim name or {claimIdInApiResponse}", `[${i}]`);
            return { claimIdInApiResponse: id };
        });
        return claims.length ? claims : undefined;
    },
    fromGraph: (body) => {
        const claims = (body.claimsForTokenConfiguration ?? []) as MSGraph.OnTokenIssuanceStartReturnClaim[];
        return claims.length ? claims.map((c) => ({ claimIdInApiResponse: c.claimIdInApiResponse })) : undefined;
    },
    toGraph: (v) => v ?? [],
};

function crossRules(c: Record<string, any>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    if (c.claimsForTokenConfiguration !== undefined && c.extensionType !== "onTokenIssuanceStart" && !containsUnknown(c.extensionType))
        failures.push({
            property: "claimsForTokenConfiguration",
            reason: `is only for extensionType onTokenIssuanceStart (this one is ${c.extensionType})`,
        });
    return failures;
}

/**
 * The custom claims provider's how-to guide and the admin center write the resource as
 * `api://{host of targetUrl}/{appId}`; Graph's own v1.0 examples store other forms for other event types
 * (`api://api.contoso.com/passwordvalidation` for onPasswordSubmit). So: a warning, for onTokenIssuanceStart only.
 */
function crossWarnings(c: Record<string, any>): string[] {
    const resourceId: unknown = c.authenticationConfiguration?.resourceId;
    const targetUrl: unknown = c.endpointConfiguration?.targetUrl;
    if (c.extensionType !== "onTokenIssuanceStart" || typeof resourceId !== "string" || containsUnknown(resourceId)) return [];
    const m = /^api:\/\/([^/]+)\/([^/]+)$/.exec(resourceId);
    let host: string | undefined;
    try {
        host = typeof targetUrl === "string" && !containsUnknown(targetUrl) ? new URL(targetUrl).host : undefined;
    } catch {
        host = undefined;
    }
    const guide = "the form the custom claims provider guide gives";
    if (!m || !GUID.test(m[2]))
        return [`authenticationConfiguration.resourceId: ${shown(resourceId)} is not api://{host of targetUrl}/{appId}, ${guide}`];
    if (host && m[1].toLowerCase() !== host.toLowerCase())
        return [
            `authenticationConfiguration.resourceId: ${shown(resourceId)} does not name the host of targetUrl ` +
                `(${shown(`api://${host}/${m[2]}`)} is ${guide})`,
        ];
    return [];
}

export const customAuthenticationExtension: Family = {
    name: "customAuthenticationExtension",
    title: "custom authentication extension",
    summary:
        "A custom authentication extension: the API Entra calls at an authentication event (token issuance, " +
        "attribute collection, OTP send, password submit, Verified ID claim validation).",
    resourceType: "CustomAuthenticationExtension",
    shortName: "authentication",
    collection: { name: "customAuthenticationExtensions", declaredBy: "microsoft.graph.identityContainer" },
    fields: [
        typeChoiceField(
            "extensionType",
            "The authentication event; a change replaces the extension.",
            AUTHENTICATION_EXTENSION_TYPE,
            AUTHENTICATION_EXTENSION_TYPES,
        ),
        displayName,
        description,
        httpEndpoint,
        authentication({ allowPop: false }),
        clientConfiguration,
        behaviorOnError,
        claimsForTokenConfiguration,
    ],
    crossRules,
    crossWarnings,
    collectionPath: () => "/identity/customAuthenticationExtensions",
    odataType: (c) => AUTHENTICATION_EXTENSION_TYPES[c.extensionType as keyof typeof AUTHENTICATION_EXTENSION_TYPES],
    typeOnUpdate: true,
    updateVerb: "PATCH",
    inUseHint:
        "it is still named by an authentication event listener (/identity/authenticationEventListeners); " +
        "delete or repoint that listener, then run the operation again",
};
