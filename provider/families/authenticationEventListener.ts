// Authentication event listeners (microsoft.graph.authenticationEventListener): what makes a custom
// authentication extension fire, for the applications its conditions name. One listener type per
// extension type, each with its own handler type (Graph's metadata; `onOtpSend` listens as
// `onEmailOtpSendListener`). Applications are added and removed one request each on the
// `includeApplications` navigation, never by replacing the listener.

import type * as MSGraph from "@microsoft/microsoft-graph-types";
import {
    AUTHENTICATION_EXTENSION_TYPE,
    AUTHENTICATION_EXTENSION_TYPES,
    customAuthenticationExtension,
} from "./customAuthenticationExtension";
import { choice, object, list, str } from "./shape";
import { Canonical, Family, Field, NamedObject, NavigationSet, ReferenceSite, ReferenceVerdict } from "./family";
import { BEHAVIOR_ON_ERROR, behaviorOnErrorFromGraph, behaviorOnErrorInput, behaviorOnErrorToGraph } from "./fields";
import { CLIENT_CONFIGURATION, clientConfigurationOf, EXTENSION_REFERENCE } from "./fields";
import { graphString, isPlainObject, nonEmptyString, objectWithKeys, stringField, typeChoiceField } from "./fields";
import { GraphRequestError } from "../graph/errors";
import { CheckFailure, compact, containsUnknown, joinPath, shown, typeKeyOf } from "./values";

type EventType = keyof typeof AUTHENTICATION_EXTENSION_TYPES;

/** Per event type (named as the extensions name it): the listener's and its handler's `@odata.type`. */
export const LISTENER_TYPES: Record<EventType, { listener: string; handler: string }> = {
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

const EVENT_CHOICES = Object.fromEntries(Object.entries(LISTENER_TYPES).map(([k, v]) => [k, v.listener])) as Record<EventType, string>;
const APPLICATION = "#microsoft.graph.authenticationConditionApplication";
const OVERWRITE = "#microsoft.graph.customExtensionOverwriteConfiguration";

export interface Conditions {
    applications: { includeApplications: { appId: string }[] };
}

/** The appIds of canonical conditions. */
const appIds = (v: unknown): string[] => ((v as Conditions | undefined)?.applications?.includeApplications ?? []).map((a) => a.appId);

/** Canonical conditions: the set of appIds, sorted, in Graph's own shape. */
const conditionsOf = (ids: string[]): Conditions => ({
    applications: { includeApplications: [...new Set(ids)].sort().map((appId) => ({ appId })) },
});

const includeApplications: NavigationSet = {
    path: "conditions/applications/includeApplications",
    items: (v) => appIds(v),
    key: (appId) => String(appId),
    body: (appId) => ({ "@odata.type": APPLICATION, appId }),
};

const APPLICATIONS = object("ListenerApplications", "Applications by appId.", {
    includeApplications: {
        shape: list(
            "The applications.",
            object(
                "ListenerApplication",
                "An application (authenticationConditionApplication).",
                { appId: { shape: str("Its appId."), required: true } },
                { orString: "appId" },
            ),
        ),
        always: true,
    },
});

/** `authenticationConditions` as a listener holds them: the applications it fires for. */
export const LISTENER_CONDITIONS = object("ListenerConditions", "The applications a listener fires for.", {
    applications: { shape: APPLICATIONS, description: "The applications, by appId.", always: true },
});

/** A listener's handler (the custom extension handler types of Graph v1.0, one per event). */
export const LISTENER_HANDLER = object("ListenerHandler", "The custom extension handler of a listener.", {
    customExtensionId: { shape: str("The extension it runs, of the listener's event type."), always: true },
    customExtension: { shape: EXTENSION_REFERENCE, description: "Graph's spelling of customExtensionId.", inputOnly: true },
    configuration: {
        shape: object("ListenerConfiguration", "Settings that override the extension's.", {
            behaviorOnError: { shape: choice(BEHAVIOR_ON_ERROR), description: "Fall back to Microsoft's behaviour when the API fails." },
            clientConfiguration: { shape: CLIENT_CONFIGURATION, description: "Timeout and retries." },
        }),
        description: "Overrides the extension's own settings.",
    },
    migrationPropertyId: str(
        "onPasswordSubmit only, and required there: the directory extension attribute that marks users still to migrate.",
    ),
});

/**
 * `conditions.applications.includeApplications`: the applications (by appId) the listener fires for, as
 * Graph writes them (`[{appId}]`) or as plain strings, compared as a set.
 */
const conditions: Field = {
    name: "conditions",
    description: "The applications (appIds) it fires for, compared as a set; added and removed one request each.",
    shape: LISTENER_CONDITIONS,
    graphKey: "conditions",
    defaultValue: conditionsOf([]),
    updateThrough: includeApplications,
    fromInput: (v, fail) => {
        const o = objectWithKeys(v, ["applications"], fail);
        if (!o) return undefined;
        const apps =
            o.applications === undefined
                ? {}
                : objectWithKeys(o.applications, ["includeApplications"], (r, sub) => fail(r, joinPath("applications", sub)));
        if (!apps) return undefined;
        const list = apps.includeApplications ?? [];
        if (!Array.isArray(list)) return fail("must be a list of appIds or {appId}", "applications.includeApplications");
        const ids = list.map((a, i) => {
            const id = typeof a === "string" ? a : isPlainObject(a) ? a.appId : undefined;
            if (typeof id !== "string" || id.trim() === "")
                fail("must be an application's appId or {appId}", `applications.includeApplications[${i}]`);
            return typeof id === "string" ? id : "";
        });
        return conditionsOf(ids);
    },
    // A listener read without its applications (a navigation Graph may leave out) keeps the set held before.
    fromGraph: (body, previous) => {
        const list = body.conditions?.applications?.includeApplications as MSGraph.AuthenticationConditionApplication[] | undefined;
        if (!Array.isArray(list)) return previous ?? conditionsOf([]);
        return conditionsOf(list.map((a) => a.appId).filter((a): a is string => typeof a === "string"));
    },
    // Sent whole only on create (Graph's create examples); afterwards each change is one request on the navigation.
    toGraph: (v) => ({
        applications: { includeApplications: appIds(v).map((appId) => ({ "@odata.type": APPLICATION, appId })) },
    }),
};

export interface Handler {
    customExtensionId: string;
    configuration?: { behaviorOnError?: string; clientConfiguration?: { timeoutInMilliseconds?: number; maximumRetries?: number } };
    migrationPropertyId?: string;
}

/**
 * `handler`: the extension it runs (`customExtensionId`, or Graph's `customExtension: {id}`), the
 * configuration that overrides the extension's (`behaviorOnError`, `clientConfiguration`, written as the
 * extensions write them), and, for password submit, `migrationPropertyId`. Its `@odata.type` follows the event type.
 */
const handler: Field = {
    name: "handler",
    description: "The extension it runs and the settings that override the extension's.",
    shape: LISTENER_HANDLER,
    graphKey: "handler",
    required: true,
    namesReplaceable: true,
    fromInput: (v, fail) => {
        const o = objectWithKeys(v, ["customExtensionId", "customExtension", "configuration", "migrationPropertyId"], fail);
        if (!o) return undefined;
        const ref = o.customExtensionId ?? (isPlainObject(o.customExtension) ? o.customExtension.id : undefined);
        const customExtensionId = nonEmptyString(ref, fail, "customExtensionId");
        let configuration: Handler["configuration"];
        if (o.configuration !== undefined && o.configuration !== null) {
            const cfg = objectWithKeys(o.configuration, ["behaviorOnError", "clientConfiguration"], (r, sub) =>
                fail(r, joinPath("configuration", sub)),
            );
            if (cfg) {
                const behaviorOnError = behaviorOnErrorInput(cfg.behaviorOnError, (r) => fail(r, "configuration.behaviorOnError"));
                const clientConfiguration = clientConfigurationOf(cfg.clientConfiguration, (r, sub) =>
                    fail(r, joinPath("configuration.clientConfiguration", sub)),
                );
                configuration = compact({ behaviorOnError, clientConfiguration });
                if (!Object.keys(configuration).length) configuration = undefined;
            }
        }
        const migrationPropertyId =
            o.migrationPropertyId === undefined ? undefined : nonEmptyString(o.migrationPropertyId, fail, "migrationPropertyId");
        return customExtensionId ? compact({ customExtensionId, configuration, migrationPropertyId }) : undefined;
    },
    fromGraph: (body, previous) => {
        const h = body.handler as Record<string, any> | null | undefined;
        const held = previous as Handler | undefined;
        // Graph may leave the handler, or its customExtension navigation, out of an answer: not reported is not removed.
        if (!h) return held;
        const customExtensionId = graphString(h.customExtension?.id) ?? held?.customExtensionId;
        const c = h.configuration as Record<string, any> | null | undefined;
        const configuration = c
            ? compact({
                  behaviorOnError: behaviorOnErrorFromGraph(c.behaviorOnError),
                  clientConfiguration: clientConfigurationOf(c.clientConfiguration),
              })
            : undefined;
        return compact({
            customExtensionId,
            configuration: configuration && Object.keys(configuration).length ? configuration : undefined,
            migrationPropertyId: graphString(h.migrationPropertyId),
        });
    },
    toGraph: (v, c) => {
        const h = v as Handler;
        const type = LISTENER_TYPES[c.eventType as EventType]?.handler;
        const cfg = h.configuration;
        return compact({
            "@odata.type": type,
            customExtension: { id: h.customExtensionId },
            configuration: cfg
                ? compact({
                      "@odata.type": OVERWRITE,
                      behaviorOnError: cfg.behaviorOnError ? behaviorOnErrorToGraph(cfg.behaviorOnError) : undefined,
                      clientConfiguration: cfg.clientConfiguration,
                  })
                : undefined,
            migrationPropertyId: h.migrationPropertyId,
        });
    },
};

function crossRules(c: Canonical): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const h = c.handler as Handler | undefined;
    if (typeof c.eventType !== "string" || containsUnknown(c.eventType) || !h || typeof h !== "object") return failures;
    // The metadata: only onPasswordMigrationCustomExtensionHandler has migrationPropertyId, and there it is not nullable.
    if (c.eventType === "onPasswordSubmit" && h.migrationPropertyId === undefined)
        failures.push({
            property: "handler.migrationPropertyId",
            reason: "is required for eventType onPasswordSubmit (the directory extension attribute that marks users still to migrate)",
        });
    if (c.eventType !== "onPasswordSubmit" && h.migrationPropertyId !== undefined)
        failures.push({
            property: "handler.migrationPropertyId",
            reason: `is only for eventType onPasswordSubmit (this one is ${c.eventType})`,
        });
    return failures;
}

const EXTENSIONS_PATH = "/identity/customAuthenticationExtensions";

/**
 * The extension a listener runs must be a custom authentication extension of the listener's event type
 * (each handler type's `customExtension` navigates to that one extension type in Graph's metadata).
 */
function sites(c: Canonical): ReferenceSite[] {
    const h = c.handler as Handler | undefined;
    if (!h || typeof h !== "object") return [];
    const rule = (named: NamedObject): string | undefined => {
        if (named.family !== customAuthenticationExtension.name)
            return `names ${named.label}, a ${named.title}; a listener runs a custom authentication extension`;
        const [type, event] = [named.fields.extensionType, c.eventType];
        if (type === undefined || typeof event !== "string" || containsUnknown(event) || type === event) return undefined;
        return `names a ${String(type)} extension (${named.label}); a listener of eventType ${event} runs only ${event} extensions`;
    };
    return [{ property: "handler.customExtensionId", id: h.customExtensionId, rule }];
}

async function checkExtension(graph: import("../graph/client").GraphClient, c: Canonical): Promise<ReferenceVerdict> {
    const h = c.handler as Handler | undefined;
    const verdict: ReferenceVerdict = { failures: [], warnings: [] };
    if (!h || containsUnknown(h.customExtensionId) || typeof c.eventType !== "string" || containsUnknown(c.eventType)) return verdict;
    let body: Record<string, any> | undefined;
    try {
        body = await graph.getIfPresent(
            `${EXTENSIONS_PATH}/${encodeURIComponent(h.customExtensionId)}`,
            `looking up extension ${shown(h.customExtensionId)}`,
        );
    } catch (e) {
        // A listener's permission (EventListener.ReadWrite.All) may not read extensions: say so, do not refuse.
        if (e instanceof GraphRequestError && (e.status === 403 || e.status === 401)) {
            verdict.warnings.push(
                `handler.customExtensionId: cannot check the extension's type (${e.status} ${e.code ?? ""}); ` +
                    "Graph will when the listener is saved",
            );
            return verdict;
        }
        throw e;
    }
    if (!body) {
        verdict.failures.push({
            property: "handler.customExtensionId",
            reason: `there is no custom authentication extension ${shown(h.customExtensionId)}`,
        });
        return verdict;
    }
    const extensionType = typeKeyOf(AUTHENTICATION_EXTENSION_TYPES, body["@odata.type"]) ?? shown(body["@odata.type"]);
    const { name: family, title } = customAuthenticationExtension;
    const named: NamedObject = { family, title, label: shown(body.displayName), fields: { extensionType } };
    for (const site of sites(c)) {
        const reason = site.rule(named);
        if (reason) verdict.failures.push({ property: site.property, reason });
    }
    return verdict;
}

export const authenticationEventListener: Family = {
    name: "authenticationEventListener",
    title: "authentication event listener",
    summary:
        "An authentication event listener: makes a custom authentication extension fire for the applications " +
        "it names. Applications are added and removed one request each; a new eventType replaces the " +
        "listener.",
    resourceType: "AuthenticationEventListener",
    shortName: "listener",
    collection: { name: "authenticationEventListeners", declaredBy: "microsoft.graph.identityContainer" },
    fields: [
        typeChoiceField(
            "eventType",
            "The event, named as CustomAuthenticationExtension.extensionType names it; a change replaces the listener.",
            AUTHENTICATION_EXTENSION_TYPE,
            EVENT_CHOICES,
        ),
        stringField("displayName", (title) => `Display name of the ${title}.`),
        stringField("authenticationEventsFlowId", "The user flow (authenticationEventsFlow) the listener belongs to, if any."),
        conditions,
        handler,
    ],
    crossRules,
    references: { of: (c) => [c.eventType, (c.handler as Handler | undefined)?.customExtensionId], check: checkExtension, sites },
    collectionPath: () => "/identity/authenticationEventListeners",
    odataType: (c) => EVENT_CHOICES[c.eventType as EventType],
    typeOnUpdate: true,
    updateVerb: "PATCH",
    serverOutputs: [],
    // The name is optional (US Government's metadata has none): what is already there is found by what it does.
    leftoverLookup: "listing",
    identifiedBy: ["eventType", "handler", "conditions"],
    inlineNavigations: ["microsoft.graph.authenticationConditionsApplications/includeApplications"],
};
