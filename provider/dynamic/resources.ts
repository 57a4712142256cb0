// The classes users construct. Arguments mirror Graph's property names; every argument is also an output.

import * as pulumi from "@pulumi/pulumi";
import { providers } from "./providers";

type In<T> = pulumi.Input<T>;

export interface LogicAppEndpointArgs {
    subscriptionId: In<string>;
    resourceGroupName: In<string>;
    logicAppWorkflowName: In<string>;
    /** Only needed for app-only creates; Graph fills it otherwise. */
    url?: In<string>;
}
export interface HttpEndpointArgs {
    targetUrl: In<string>;
}
/** PoP (the default where allowed) or an Azure AD token for `resourceId`. */
export interface AuthenticationArgs {
    type?: In<"azureAdPopToken" | "azureAdToken">;
    resourceId?: In<string>;
}
export interface ClientConfigurationArgs {
    /** 200..2000; the service default is 1000. */
    timeoutInMilliseconds?: In<number>;
    /** 0 or 1. */
    maximumRetries?: In<number>;
}

export interface CustomTaskExtensionArgs {
    displayName: In<string>;
    description?: In<string>;
    endpointConfiguration: In<LogicAppEndpointArgs>;
    authenticationConfiguration?: In<AuthenticationArgs>;
    clientConfiguration?: In<ClientConfigurationArgs>;
    /** Launch and wait; absent means fire and forget. `timeoutDuration` PT5M..PT3H. */
    callbackConfiguration?: In<{ timeoutDuration: In<string>; authorizedApps?: In<In<string>[]> }>;
}

export type AccessPackageExtensionType = "assignmentRequest" | "assignment";
export interface AccessPackageWorkflowExtensionArgs {
    /** The catalog that holds the extension; a change replaces it. */
    catalogId: In<string>;
    /** `assignmentRequest` (request workflow, default) or `assignment` (pre-expiration); a change replaces it. */
    extensionType?: In<AccessPackageExtensionType>;
    displayName: In<string>;
    description?: In<string>;
    endpointConfiguration: In<LogicAppEndpointArgs>;
    authenticationConfiguration?: In<AuthenticationArgs>;
    clientConfiguration?: In<ClientConfigurationArgs>;
    /** Launch and wait, request type only: PT5M..P14D. `durationBeforeTimeout` is accepted as a synonym. */
    callbackConfiguration?: In<{ timeoutDuration?: In<string>; durationBeforeTimeout?: In<string> }>;
}

export type AuthenticationExtensionType =
    | "onTokenIssuanceStart"
    | "onAttributeCollectionStart"
    | "onAttributeCollectionSubmit"
    | "onOtpSend"
    | "onPasswordSubmit"
    | "onVerifiedIdClaimValidation";
export interface CustomAuthenticationExtensionArgs {
    /** The authentication event; a change replaces the extension. */
    extensionType: In<AuthenticationExtensionType>;
    displayName: In<string>;
    description?: In<string>;
    endpointConfiguration: In<HttpEndpointArgs>;
    /** An Azure AD token; `resourceId` is `api://{host of targetUrl}/{appId}`. */
    authenticationConfiguration: In<AuthenticationArgs>;
    clientConfiguration?: In<ClientConfigurationArgs>;
    behaviorOnError?: In<"fallbackToMicrosoftProvider" | "default">;
    /** Token issuance only. */
    claimsForTokenConfiguration?: In<In<string | { claimIdInApiResponse: In<string> }>[]>;
}

/** Outputs Graph adds; declared so that the engine registers them. */
const serverOutputs = { createdDateTime: undefined, lastModifiedDateTime: undefined, endpointUrl: undefined };

abstract class ExtensionResource extends pulumi.dynamic.Resource {
    declare readonly displayName: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly authenticationConfiguration: pulumi.Output<{ type: string; resourceId?: string }>;
    declare readonly clientConfiguration: pulumi.Output<{ timeoutInMilliseconds?: number; maximumRetries?: number } | undefined>;
    declare readonly createdDateTime: pulumi.Output<string | undefined>;
    declare readonly lastModifiedDateTime: pulumi.Output<string | undefined>;
    /** The Logic App trigger URL or API target Graph holds. */
    declare readonly endpointUrl: pulumi.Output<string | undefined>;
}

export class CustomTaskExtension extends ExtensionResource {
    declare readonly endpointConfiguration: pulumi.Output<{ subscriptionId: string; resourceGroupName: string; logicAppWorkflowName: string; url?: string }>;
    declare readonly callbackConfiguration: pulumi.Output<{ timeoutDuration: string; authorizedApps?: string[] } | undefined>;
    constructor(name: string, args: CustomTaskExtensionArgs, opts?: pulumi.CustomResourceOptions) {
        super(providers.customTaskExtension, name, { ...serverOutputs, ...args }, opts, "entra", "CustomTaskExtension");
    }
}

export class AccessPackageWorkflowExtension extends ExtensionResource {
    declare readonly catalogId: pulumi.Output<string>;
    declare readonly extensionType: pulumi.Output<AccessPackageExtensionType>;
    declare readonly endpointConfiguration: pulumi.Output<{ subscriptionId: string; resourceGroupName: string; logicAppWorkflowName: string; url?: string }>;
    declare readonly callbackConfiguration: pulumi.Output<{ timeoutDuration: string } | undefined>;
    constructor(name: string, args: AccessPackageWorkflowExtensionArgs, opts?: pulumi.CustomResourceOptions) {
        super(providers.accessPackageWorkflowExtension, name, { ...serverOutputs, ...args }, opts, "entra", "AccessPackageWorkflowExtension");
    }
}

export class CustomAuthenticationExtension extends ExtensionResource {
    declare readonly extensionType: pulumi.Output<AuthenticationExtensionType>;
    declare readonly endpointConfiguration: pulumi.Output<{ targetUrl: string }>;
    declare readonly behaviorOnError: pulumi.Output<"fallbackToMicrosoftProvider" | undefined>;
    declare readonly claimsForTokenConfiguration: pulumi.Output<{ claimIdInApiResponse: string }[] | undefined>;
    constructor(name: string, args: CustomAuthenticationExtensionArgs, opts?: pulumi.CustomResourceOptions) {
        super(providers.customAuthenticationExtension, name, { ...serverOutputs, ...args }, opts, "entra", "CustomAuthenticationExtension");
    }
}
