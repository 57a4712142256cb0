// The classes users construct. Arguments mirror Graph's property names; every argument is also an output.

import * as pulumi from "@pulumi/pulumi";
import { families, FamilyName } from "../extensions";
import { extraOutputNames } from "../extensions/family";
import { providers } from "../providers";

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

/**
 * Paths of the arguments that are secrets ("endpointConfiguration.targetUrl"). The provider receives
 * secrets unwrapped; with these paths it keeps their values out of messages and logs.
 */
async function secretPaths(value: unknown, path = ""): Promise<string[] | undefined> {
    const found: string[] = [];
    const walk = async (v: unknown, p: string): Promise<void> => {
        if (pulumi.Output.isInstance(v)) {
            if (await pulumi.isSecret(v)) found.push(p);
            return;
        }
        v = await v;
        if (v && typeof v === "object") await Promise.all(Object.entries(v).map(([k, x]) => walk(x, p ? `${p}.${k}` : k)));
    };
    await walk(value, path);
    return found.length ? found.sort() : undefined;
}

/** The resource options of an extension: Pulumi's, with adoption by id or by name. */
export interface ExtensionResourceOptions extends pulumi.CustomResourceOptions {
    /**
     * Adopt the object with this id instead of creating one (Pulumi's own option, performed by this
     * provider: the engine cannot import dynamic resources).
     */
    import?: pulumi.ID;
    /** Adopt the one object of this family (type, catalog) with this displayName. */
    importByDisplayName?: pulumi.Input<string>;
    /** When the object to adopt differs from the program: false (default) refuses at preview, true updates it. */
    updateOnImport?: boolean;
}

/**
 * What a resource class hands to the engine: every field of the family and every server output as a
 * key (the engine only gives an object the outputs named here, and a program may read any of them),
 * the user's arguments, the secret paths, and what to adopt.
 */
function registration(familyName: FamilyName, args: object, opts: ExtensionResourceOptions | undefined): Record<string, unknown> {
    const keys = [...families[familyName].fields.map((f) => f.name), ...extraOutputNames(families[familyName])];
    const adopt =
        opts?.import !== undefined || opts?.importByDisplayName !== undefined
            ? { id: opts.import, displayName: opts.importByDisplayName, update: opts.updateOnImport === true }
            : undefined;
    return { ...Object.fromEntries(keys.map((k) => [k, undefined])), ...args, __secrets: secretPaths(args), __adopt: adopt };
}

/**
 * Options every extension gets: `endpointUrl` is a secret (a Logic App URL may carry its signature, a
 * targetUrl a function key); a replacement deletes the old object first (task extension names are
 * unique, and a create takes over an object like its own); `import` becomes an adoption the provider
 * performs, never the engine's import, which cannot read a dynamic resource.
 */
function options(opts: ExtensionResourceOptions | undefined): pulumi.CustomResourceOptions {
    const { import: _adoptedById, importByDisplayName: _adoptedByName, updateOnImport: _update, ...rest } = opts ?? {};
    return { deleteBeforeReplace: true, ...rest, additionalSecretOutputs: [...(rest.additionalSecretOutputs ?? []), "endpointUrl"] };
}

abstract class ExtensionResource extends pulumi.dynamic.Resource {
    declare readonly displayName: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly authenticationConfiguration: pulumi.Output<{ type: string; resourceId?: string }>;
    declare readonly clientConfiguration: pulumi.Output<{ timeoutInMilliseconds?: number; maximumRetries?: number } | undefined>;
    declare readonly createdDateTime: pulumi.Output<string | undefined>;
    declare readonly lastModifiedDateTime: pulumi.Output<string | undefined>;
    /** The Logic App trigger URL or API target Graph holds. */
    declare readonly endpointUrl: pulumi.Output<string | undefined>;

    constructor(familyName: FamilyName, name: string, args: object, opts: ExtensionResourceOptions | undefined) {
        // Registering a resource makes four promises per property, and @pulumi/pulumi records a formatted
        // stack trace for each (for its promise-leak report): with every field declared as an output, that
        // was most of a program's CPU time at a few hundred extensions. Short traces while registering;
        // Pulumi's own source position capture sets its own limit and is unaffected.
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            super(
                providers[familyName],
                name,
                registration(familyName, args, opts),
                options(opts),
                "entra",
                families[familyName].resourceType,
            );
        } finally {
            Error.stackTraceLimit = limit;
        }
    }
}

export class CustomTaskExtension extends ExtensionResource {
    declare readonly endpointConfiguration: pulumi.Output<{
        subscriptionId: string;
        resourceGroupName: string;
        logicAppWorkflowName: string;
        url?: string;
    }>;
    declare readonly callbackConfiguration: pulumi.Output<{ timeoutDuration: string; authorizedApps?: string[] } | undefined>;
    constructor(name: string, args: CustomTaskExtensionArgs, opts?: ExtensionResourceOptions) {
        super("customTaskExtension", name, args, opts);
    }
}

export class AccessPackageWorkflowExtension extends ExtensionResource {
    declare readonly catalogId: pulumi.Output<string>;
    declare readonly extensionType: pulumi.Output<AccessPackageExtensionType>;
    declare readonly endpointConfiguration: pulumi.Output<{
        subscriptionId: string;
        resourceGroupName: string;
        logicAppWorkflowName: string;
        url?: string;
    }>;
    declare readonly callbackConfiguration: pulumi.Output<{ timeoutDuration: string } | undefined>;
    constructor(name: string, args: AccessPackageWorkflowExtensionArgs, opts?: ExtensionResourceOptions) {
        super("accessPackageWorkflowExtension", name, args, opts);
    }
}

export class CustomAuthenticationExtension extends ExtensionResource {
    declare readonly extensionType: pulumi.Output<AuthenticationExtensionType>;
    declare readonly endpointConfiguration: pulumi.Output<{ targetUrl: string }>;
    declare readonly behaviorOnError: pulumi.Output<"fallbackToMicrosoftProvider" | undefined>;
    declare readonly claimsForTokenConfiguration: pulumi.Output<{ claimIdInApiResponse: string }[] | undefined>;
    constructor(name: string, args: CustomAuthenticationExtensionArgs, opts?: ExtensionResourceOptions) {
        super("customAuthenticationExtension", name, args, opts);
    }
}
