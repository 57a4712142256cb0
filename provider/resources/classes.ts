// The classes users construct. Arguments mirror Graph's property names; every argument is also an output.

import * as pulumi from "@pulumi/pulumi";
import { families, FamilyName } from "../extensions";
import { extraOutputNames, NAMED_KEY, ProgramReference } from "../extensions/family";
import { derivedFrom, derivingFields, SAME_AS } from "./stateShape";
import { providers } from "../providers";
import type { WorkflowTaskArgs } from "./tasks";

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

export type ListenerEventType = AuthenticationExtensionType;
export interface ListenerConfigurationArgs {
    /** Overrides the extension's own: fall back to Microsoft's behaviour when the API fails. */
    behaviorOnError?: In<"fallbackToMicrosoftProvider" | "default">;
    clientConfiguration?: In<ClientConfigurationArgs>;
}
export interface AuthenticationEventListenerArgs {
    /** The event, named as CustomAuthenticationExtension.extensionType names it; a change replaces the listener. */
    eventType: In<ListenerEventType>;
    /** Not offered in US Government clouds. */
    displayName?: In<string>;
    /** The applications (appIds) it fires for: `[{ appId }]` as Graph writes them, or plain strings. Compared as a set. */
    conditions?: In<{ applications?: In<{ includeApplications?: In<In<string | { appId: In<string> }>[]> }> }>;
    handler: In<{
        /** The extension it runs, of the same event type: usually `extension.id`. */
        customExtensionId?: In<string>;
        /** Graph's spelling: `{ id }`. */
        customExtension?: In<{ id: In<string> }>;
        configuration?: In<ListenerConfigurationArgs>;
        /** onPasswordSubmit only, and required there: the directory extension attribute that marks users still to migrate. */
        migrationPropertyId?: In<string>;
    }>;
}

export type WorkflowCategory = "joiner" | "leaver" | "mover";
export interface LifecycleWorkflowArgs {
    /** A change replaces the workflow. */
    category: In<WorkflowCategory>;
    displayName: In<string>;
    description?: In<string>;
    /** true when left out. */
    isEnabled?: In<boolean>;
    /** false when left out; cannot be true on a disabled workflow. */
    isSchedulingEnabled?: In<boolean>;
    /** Graph's JSON: `triggerAndScopeBasedConditions` (scope, trigger) or `onDemandExecutionOnly`, with its `@odata.type`. */
    executionConditions?: In<Record<string, unknown>>;
    /** In order; at most 25. `runCustomTaskExtension(extension.id)` writes the task that runs an extension. */
    tasks: In<In<WorkflowTaskArgs>[]>;
    /** Leave a deleted workflow restorable in deletedItems for 30 days instead of purging it. */
    keepRestorableOnDelete?: In<boolean>;
}

export type CustomExtensionStage =
    | "assignmentRequestCreated"
    | "assignmentRequestApproved"
    | "assignmentRequestGranted"
    | "assignmentRequestRemoved"
    | "assignmentFourteenDaysBeforeExpiration"
    | "assignmentOneDayBeforeExpiration";
export interface AccessPackageCustomExtensionStagesArgs {
    /** The access package assignment policy, made elsewhere (the portal, azuread); a change replaces this resource. */
    policyId: In<string>;
    /**
     * At most 5. Request stages run assignmentRequest extensions, the two before-expiration stages
     * assignment extensions, of the policy's catalog. Graph's `customExtension: { id }` is accepted too.
     */
    customExtensionStageSettings: In<
        In<{ stage: In<CustomExtensionStage>; customExtensionId?: In<string>; customExtension?: In<{ id: In<string> }> }>[]
    >;
}

/** Calls `found` for every Output among the arguments, with its path ("handler.customExtensionId", "tasks.0.arguments.0.value"). */
async function eachOutput(value: unknown, found: (output: pulumi.Output<unknown>, path: string) => Promise<void> | void): Promise<void> {
    const walk = async (v: unknown, p: string): Promise<void> => {
        if (pulumi.Output.isInstance(v)) return found(v, p);
        v = await v;
        if (v && typeof v === "object") await Promise.all(Object.entries(v).map(([k, x]) => walk(x, p ? `${p}.${k}` : k)));
    };
    await walk(value, "");
}

/**
 * Paths of the arguments that are secrets ("endpointConfiguration.targetUrl"). The provider receives
 * secrets unwrapped; with these paths it keeps their values out of messages and logs.
 */
async function secretPaths(value: unknown): Promise<string[] | undefined> {
    const found: string[] = [];
    await eachOutput(value, async (v, p) => void ((await pulumi.isSecret(v)) && found.push(p)));
    return found.length ? found.sort() : undefined;
}

/** The resources of this package the program made, by their `id` output: what an argument that is that output names. */
const madeHere = new WeakMap<object, { family: FamilyName; name: string; args: object }>();

/**
 * The resources of the same program the arguments name by their `id` (`extension.id`, `runCustomTaskExtension(
 * extension.id)`), each with what it is: the fields a change replaces it for (its type, its catalog). At preview
 * such an id is unknown; with this, check judges what Graph would refuse at `up` (an extension of another type).
 */
async function namedResources(args: object): Promise<Record<string, ProgramReference> | undefined> {
    const found: Record<string, ProgramReference> = {};
    await eachOutput(args, (v, p) => {
        const made = madeHere.get(v);
        if (!made) return;
        const theirs = made.args as Record<string, unknown>;
        const what = families[made.family].fields.filter((x) => x.replaceOnChange).map((x) => [x.name, theirs[x.name]]);
        found[p] = { family: made.family, resource: made.name, fields: Object.fromEntries(what) };
    });
    return Object.keys(found).length ? found : undefined;
}

/** The resource options of every resource of this package: Pulumi's, with adoption by id or by name. */
export interface EntraResourceOptions extends pulumi.CustomResourceOptions {
    /**
     * Adopt the object with this id instead of creating one (Pulumi's own option, performed by this
     * provider: the engine cannot import dynamic resources).
     */
    import?: pulumi.ID;
    /** Adopt the one object of this kind (type, catalog) with this displayName (a policy's, for policy stages). */
    importByDisplayName?: pulumi.Input<string>;
    /** When the object to adopt differs from the program: false (default) refuses at preview, true updates it. */
    updateOnImport?: boolean;
}
/** The options of an extension (the name it had first). */
export type ExtensionResourceOptions = EntraResourceOptions;

/**
 * What a resource class hands to the engine: every field of the family and every server output as a
 * key (the engine only gives an object the outputs named here, and a program may read any of them),
 * the user's arguments, the secret paths, and what to adopt.
 */
function registration(familyName: FamilyName, args: object, opts: EntraResourceOptions | undefined): Record<string, unknown> {
    const keys = [...families[familyName].fields.map((f) => f.name), ...extraOutputNames(families[familyName])];
    const adopt =
        opts?.import !== undefined || opts?.importByDisplayName !== undefined
            ? { id: opts.import, displayName: opts.importByDisplayName, update: opts.updateOnImport === true }
            : undefined;
    // A derived output (endpointUrl) is secret in state exactly when what it derives from holds a secret: the
    // engine keeps an output encrypted when the input of its name was secret, so that input is a secret null
    // then, and left out otherwise (a plain null would cost every resource's state its bytes for nothing).
    const secrecy = Object.fromEntries(
        Object.entries(derivingFields(families[familyName])).map(([k, from]) => {
            const source = pulumi.output((args as Record<string, pulumi.Input<object | undefined>>)[from]);
            return [k, pulumi.output(pulumi.isSecret(source).then((secret) => (secret ? pulumi.secret(null) : undefined)))];
        }),
    );
    return {
        ...Object.fromEntries(keys.map((k) => [k, undefined])),
        ...secrecy,
        ...args,
        __secrets: secretPaths(args),
        __adopt: adopt,
        [NAMED_KEY]: namedResources(args),
    };
}

/**
 * Options every resource gets: a replacement deletes the old object first (task extension and workflow names
 * are unique, so the two cannot coexist); `import` becomes an adoption the provider
 * performs, never the engine's import, which cannot read a dynamic resource.
 */
function options(opts: EntraResourceOptions | undefined): pulumi.CustomResourceOptions {
    const { import: _adoptedById, importByDisplayName: _adoptedByName, updateOnImport: _update, ...rest } = opts ?? {};
    return { deleteBeforeReplace: true, ...rest };
}

/**
 * Gives back the outputs the state leaves out (stateShape.ts): a field's default, the whole form of a value
 * (`pickFields` does the same for the operations), a lastModifiedDateTime equal to createdDateTime, an
 * endpointUrl equal to the endpointConfiguration's URL.
 */
function restoreDerived(familyName: FamilyName, resource: object) {
    const f = families[familyName];
    const self = resource as Record<string, pulumi.Output<any> | undefined>;
    for (const field of f.fields) {
        const v = self[field.name];
        if (!v || (field.defaultValue === undefined && !field.stateForm)) continue;
        const whole = (x: unknown) => (field.stateForm && x !== null ? (field.fromInput(x, () => undefined) ?? x) : x);
        self[field.name] = v.apply((x) => (x === undefined ? field.defaultValue : whole(x)));
    }
    for (const [k, same] of Object.entries(SAME_AS)) {
        const [v, s] = [self[k], self[same]];
        if (v && s) self[k] = pulumi.all([v, s]).apply(([a, b]) => a ?? b);
    }
    for (const [k, from] of Object.entries(derivingFields(f))) {
        const [v, s] = [self[k], self[from]];
        if (v && s) self[k] = pulumi.all([v, s]).apply(([a, b]) => a ?? derivedFrom(f, from, b)[k]);
    }
}

/** A resource of the registry: its family's provider, every field and server output declared, short stack traces. */
abstract class EntraResource extends pulumi.dynamic.Resource {
    constructor(familyName: FamilyName, name: string, args: object, opts: EntraResourceOptions | undefined) {
        // Registering a resource makes four promises per property, and @pulumi/pulumi records a formatted
        // stack trace for each (for its promise-leak report): with every field declared as an output, that
        // was most of a program's CPU time at a few hundred extensions. Short traces while registering;
        // Pulumi's own source position capture sets its own limit and is unaffected.
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        // The stack Pulumi records as the resource's source position (and stores in state) starts at the
        // program's `new ...` line, not in these constructors: this file's frames are left out of it.
        const prepare = Error.prepareStackTrace;
        Error.prepareStackTrace = (error, frames) => {
            const theirs = frames.filter((frame) => frame.getFileName() !== __filename);
            return prepare ? prepare(error, theirs) : `${error}${theirs.map((frame) => `\n    at ${frame}`).join("")}`;
        };
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
            Error.prepareStackTrace = prepare;
        }
        madeHere.set(this.id, { family: familyName, name, args });
        restoreDerived(familyName, this);
    }
}

abstract class ExtensionResource extends EntraResource {
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

/**
 * An authentication event listener: makes a custom authentication extension fire for the applications it
 * names. Applications are added and removed one request each; a new eventType replaces the listener.
 */
export class AuthenticationEventListener extends EntraResource {
    declare readonly eventType: pulumi.Output<ListenerEventType>;
    declare readonly displayName: pulumi.Output<string | undefined>;
    declare readonly conditions: pulumi.Output<{ applications: { includeApplications: { appId: string }[] } }>;
    declare readonly handler: pulumi.Output<{
        customExtensionId: string;
        configuration?: { behaviorOnError?: "fallbackToMicrosoftProvider"; clientConfiguration?: ClientConfigurationArgs };
        migrationPropertyId?: string;
    }>;
    constructor(name: string, args: AuthenticationEventListenerArgs, opts?: EntraResourceOptions) {
        super("authenticationEventListener", name, args, opts);
    }
}

/**
 * A Lifecycle workflow: its tasks run custom task extensions. The basic properties change with one PATCH;
 * tasks and executionConditions with one new version (createNewVersion). Delete purges it (see keepRestorableOnDelete).
 */
export class LifecycleWorkflow extends EntraResource {
    declare readonly category: pulumi.Output<WorkflowCategory>;
    declare readonly displayName: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly isEnabled: pulumi.Output<boolean>;
    declare readonly isSchedulingEnabled: pulumi.Output<boolean>;
    declare readonly executionConditions: pulumi.Output<Record<string, unknown> | undefined>;
    declare readonly tasks: pulumi.Output<
        {
            displayName: string;
            description?: string;
            taskDefinitionId: string;
            arguments: { name: string; value: string }[];
            isEnabled: boolean;
            continueOnError: boolean;
        }[]
    >;
    declare readonly keepRestorableOnDelete: pulumi.Output<boolean>;
    /** Graph's version number: one more with each createNewVersion. */
    declare readonly version: pulumi.Output<number>;
    declare readonly createdDateTime: pulumi.Output<string | undefined>;
    declare readonly lastModifiedDateTime: pulumi.Output<string | undefined>;
    constructor(name: string, args: LifecycleWorkflowArgs, opts?: EntraResourceOptions) {
        super("lifecycleWorkflow", name, args, opts);
    }
}

/**
 * The custom extension stages of an access package assignment policy made elsewhere: this resource owns
 * that one property of the policy (read, set, PUT back whole); delete sets it to [].
 */
export class AccessPackageCustomExtensionStages extends EntraResource {
    declare readonly policyId: pulumi.Output<string>;
    declare readonly customExtensionStageSettings: pulumi.Output<{ stage: CustomExtensionStage; customExtensionId: string }[]>;
    constructor(name: string, args: AccessPackageCustomExtensionStagesArgs, opts?: EntraResourceOptions) {
        super("accessPackageCustomExtensionStages", name, args, opts);
    }
}
