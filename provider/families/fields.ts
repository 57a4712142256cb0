// Field codecs shared by the families: the properties every customCalloutExtension has, and the
// building blocks (strings, enums, durations) the family files assemble.

import type * as MSGraph from "@microsoft/microsoft-graph-types";
import { resourcePathProblem } from "../azure/resourcePath";
import { Fail, Field, GraphBody } from "./family";
import { bool, choice, Enumeration, int, IntegerShape, object, Shape, str, StringShape } from "./shape";
import { GUID, bareType, compact, deepEqual, durationSeconds, formatDuration, own, pathTo, shown } from "./values";

export function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Unknown keys are refused by name: a typo must not silently configure nothing. */
export function objectWithKeys(v: unknown, allowed: string[], fail: Fail): Record<string, unknown> | undefined {
    if (!isPlainObject(v)) {
        fail(`must be an object with ${allowed.join(", ")}`);
        return undefined;
    }
    for (const k of Object.keys(v))
        if (!allowed.includes(k) && k !== "@odata.type") fail(`unknown property; expected one of ${allowed.join(", ")}`, pathTo("", k));
    return v;
}

export function nonEmptyString(v: unknown, fail: Fail, sub?: string): string | undefined {
    if (typeof v !== "string" || v.trim() === "") {
        fail("must be a non-empty string", sub);
        return undefined;
    }
    return v;
}

/** Null, empty string and absent all mean "not set" in Graph's answers. */
export function graphString(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}

export function stringField(
    name: string,
    description: Field["description"],
    opts: { required?: boolean; replaceOnChange?: boolean; inGraph?: boolean } = {},
): Field {
    return {
        name,
        description,
        shape: str(typeof description === "string" ? description : name),
        graphKey: opts.inGraph === false ? undefined : name,
        required: opts.required,
        replaceOnChange: opts.replaceOnChange,
        fromInput: (v, fail) => {
            if (typeof v !== "string") return fail("must be a string");
            if (opts.required && v.trim() === "") return fail("must not be empty");
            return v === "" ? undefined : v;
        },
        fromGraph: (body, previous) => (opts.inGraph === false ? previous : graphString(body[name])),
        toGraph: (v) => v ?? null,
    };
}

/** A choice among names (`choices.values`), each of which Graph spells as a concrete `@odata.type`. */
export function typeChoiceField(
    name: string,
    description: string,
    choices: Enumeration,
    odataTypes: Record<string, string>,
    defaultValue?: string,
): Field {
    const names = Object.keys(odataTypes);
    if (JSON.stringify(names) !== JSON.stringify(choices.values)) throw new Error(`${name}: the choices are not the @odata.types' names`);
    return {
        name,
        description,
        shape: choice(choices),
        required: defaultValue === undefined,
        replaceOnChange: true,
        defaultValue,
        choices: odataTypes,
        fromInput: (v, fail) => (typeof v === "string" && names.includes(v) ? v : fail(`must be one of ${names.join(", ")}`)),
        fromGraph: (body) => names.find((n) => bareType(odataTypes[n]) === bareType(body["@odata.type"])),
    };
}

/** A boolean Graph always reports; `defaultValue` is what Graph assumes when it is not sent. */
export function booleanField(name: string, description: string, defaultValue: boolean): Field {
    return {
        name,
        description,
        shape: bool(description),
        graphKey: name,
        defaultValue,
        fromInput: (v, fail) => (typeof v === "boolean" ? v : fail("must be true or false")),
        fromGraph: (body, previous) => (typeof body[name] === "boolean" ? body[name] : (previous ?? defaultValue)),
        toGraph: (v) => v,
    };
}

/** One of the members of a Graph enum (the metadata's), sent as it is. */
export function enumField(
    name: string,
    description: string,
    members: Enumeration,
    opts: { required?: boolean; replaceOnChange?: boolean } = {},
): Field {
    const values = members.values;
    return {
        name,
        description,
        shape: choice(members),
        graphKey: name,
        required: opts.required,
        replaceOnChange: opts.replaceOnChange,
        fromInput: (v, fail) => (typeof v === "string" && values.includes(v) ? v : fail(`must be one of ${values.join(", ")}`)),
        fromGraph: (body) => graphString(body[name]),
        toGraph: (v) => v ?? null,
    };
}

export const displayName = stringField("displayName", (title) => `Display name of the ${title}.`, { required: true });
export const description = stringField("description", (title) => `Description of the ${title}.`);

const GUID_SOURCE = { source: "D: ids in Graph and Azure Resource Manager are GUIDs" } as const;

/** `logicAppTriggerEndpointConfiguration` (Graph v1.0). */
export const LOGIC_APP_ENDPOINT = object("LogicAppEndpoint", "A Logic App trigger (logicAppTriggerEndpointConfiguration).", {
    subscriptionId: { shape: str("Subscription id.", { guid: GUID_SOURCE }), required: true },
    resourceGroupName: { shape: str("Resource group."), required: true },
    logicAppWorkflowName: { shape: str("Workflow name."), required: true },
    url: str("Only for app-only creates; Graph fills it."),
});

/** `httpRequestEndpoint` (Graph v1.0). */
export const HTTP_ENDPOINT = object("HttpEndpoint", "An HTTPS API (httpRequestEndpoint).", {
    targetUrl: { shape: str("Absolute https URL."), required: true },
});

export const AUTHENTICATION_TYPE: Enumeration = {
    name: "AuthenticationType",
    description: "How Entra authenticates: a PoP token (azureAdPopToken) or an Azure AD token for resourceId (azureAdToken).",
    values: ["azureAdPopToken", "azureAdToken"],
    source: "M: the two types derived from customExtensionAuthenticationConfiguration",
};

/** `customExtensionAuthenticationConfiguration`, as users write it. */
export const AUTHENTICATION = object("Authentication", "How Entra authenticates to the endpoint.", {
    type: { shape: choice(AUTHENTICATION_TYPE), description: "azureAdPopToken or azureAdToken; inferred when left out.", always: true },
    resourceId: str("App id URI for an Azure AD token."),
});

/** `customExtensionClientConfiguration` (Graph v1.0), its ranges the documented ones. */
export const CLIENT_CONFIGURATION = object("ClientConfiguration", "Connection settings.", {
    timeoutInMilliseconds: int("How long Entra waits for an answer, in milliseconds; service default 1000.", {
        min: 200,
        max: 2000,
        source: 'D: customExtensionClientConfiguration, "valid range is between 200 and 2000"',
    }),
    maximumRetries: int("How often Entra tries again.", {
        min: 0,
        max: 1,
        source: 'D: customExtensionClientConfiguration, "Values of 0 or 1 are supported"',
    }),
});

/** A reference to another object by id, as Graph spells it (`customExtension: {id}`). */
export const EXTENSION_REFERENCE = object("ExtensionReference", "A custom extension by id.", {
    id: { shape: str("The extension's id."), required: true },
});

export const BEHAVIOR_ON_ERROR: Enumeration = {
    name: "BehaviorOnError",
    description: "Behaviour when the API fails.",
    values: ["fallbackToMicrosoftProvider", "default"],
    source: "M: fallbackToMicrosoftProviderOnError, the one concrete customExtensionBehaviorOnError; default leaves it out",
};

export interface LogicAppEndpoint {
    subscriptionId: string;
    resourceGroupName: string;
    logicAppWorkflowName: string;
    url?: string;
}

/** `logicAppTriggerEndpointConfiguration`; Graph fills `url` itself, so it is compared only when the user set it. */
export const logicAppEndpoint = (description: string): Field => ({
    name: "endpointConfiguration",
    description,
    shape: LOGIC_APP_ENDPOINT,
    graphKey: "endpointConfiguration",
    required: true,
    fromInput: (v, fail) => {
        const o = objectWithKeys(v, ["subscriptionId", "resourceGroupName", "logicAppWorkflowName", "url"], fail);
        if (!o) return undefined;
        const subscriptionId = nonEmptyString(o.subscriptionId, fail, "subscriptionId");
        const resourceGroupName = nonEmptyString(o.resourceGroupName, fail, "resourceGroupName");
        const logicAppWorkflowName = nonEmptyString(o.logicAppWorkflowName, fail, "logicAppWorkflowName");
        if (subscriptionId && !GUID.test(subscriptionId)) fail("must be a subscription id (a GUID)", "subscriptionId");
        if (o.url !== undefined && typeof o.url !== "string") fail("must be a string (the trigger's URL)", "url");
        return compact({ subscriptionId, resourceGroupName, logicAppWorkflowName, url: o.url as string | undefined });
    },
    fromGraph: (body, previous) => {
        const e = body.endpointConfiguration as MSGraph.LogicAppTriggerEndpointConfiguration | null | undefined;
        if (!e) return undefined;
        const keepUrl = isPlainObject(previous) && previous.url !== undefined;
        return compact({
            subscriptionId: graphString(e.subscriptionId),
            resourceGroupName: graphString(e.resourceGroupName),
            logicAppWorkflowName: graphString(e.logicAppWorkflowName),
            url: keepUrl ? graphString(e.url) : undefined,
        });
    },
    // Only the portal states the path limit, and the https form of `url` is what Graph fills, not a stated rule.
    warnings: (v) => {
        const e = v as LogicAppEndpoint;
        const problem = resourcePathProblem(e);
        return [
            ...(problem ? [`endpointConfiguration: ${problem} (the Entra admin center's limit; Graph's is not documented)`] : []),
            ...(e.url !== undefined && !isHttpsUrl(e.url) ? [`endpointConfiguration.url: is not an https URL (got ${shown(e.url)})`] : []),
        ];
    },
    toGraph: (v) => ({ "@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration", ...(v as LogicAppEndpoint) }),
    // Graph fills `url` itself: it counts only when the program sets it.
    same: (before, after) => {
        if (!isPlainObject(before) || !isPlainObject(after) || after.url !== undefined) return deepEqual(before, after);
        const { url: _filledByGraph, ...rest } = before;
        return deepEqual(rest, after);
    },
    derivedOutputs: (body) => ({ endpointUrl: graphString(body.endpointConfiguration?.url) }),
});

/** `httpRequestEndpoint`: the API a custom authentication extension calls. */
export const httpEndpoint: Field = {
    name: "endpointConfiguration",
    description: "The API the extension calls.",
    shape: HTTP_ENDPOINT,
    graphKey: "endpointConfiguration",
    required: true,
    fromInput: (v, fail) => {
        const o = objectWithKeys(v, ["targetUrl"], fail);
        if (!o) return undefined;
        const targetUrl = nonEmptyString(o.targetUrl, fail, "targetUrl");
        return compact({ targetUrl });
    },
    // Graph's pages state no scheme; an API that Entra calls with a token is https in every Microsoft guide.
    warnings: (v) => {
        const url = (v as { targetUrl?: string }).targetUrl;
        return url !== undefined && !isHttpsUrl(url)
            ? [`endpointConfiguration.targetUrl: is not an absolute https URL (got ${shown(url)})`]
            : [];
    },
    fromGraph: (body) => {
        const e = body.endpointConfiguration as MSGraph.HttpRequestEndpoint | null | undefined;
        return e ? compact({ targetUrl: graphString(e.targetUrl) }) : undefined;
    },
    toGraph: (v) => ({ "@odata.type": "#microsoft.graph.httpRequestEndpoint", ...(v as object) }),
    derivedOutputs: (body) => ({ endpointUrl: graphString(body.endpointConfiguration?.targetUrl) }),
};

export function isHttpsUrl(s: string): boolean {
    try {
        return new URL(s).protocol === "https:";
    } catch {
        return false;
    }
}

export type Authentication = { type: "azureAdPopToken" } | { type: "azureAdToken"; resourceId: string };
const POP = "#microsoft.graph.azureAdPopTokenAuthentication";
const TOKEN = "#microsoft.graph.azureAdTokenAuthentication";
const TYPE_OF_ODATA: Record<string, Authentication["type"]> = { [bareType(POP)!]: "azureAdPopToken", [bareType(TOKEN)!]: "azureAdToken" };

/**
 * `authenticationConfiguration`. Users write `{resourceId}` for an Azure AD token, `{}` or nothing for PoP,
 * or `{type}` explicitly; the canonical form always names the type.
 */
export function authentication(opts: { allowPop: boolean }): Field {
    return {
        name: "authenticationConfiguration",
        description: opts.allowPop
            ? "PoP (default) or an Azure AD token for `resourceId`."
            : "An Azure AD token for `resourceId` (`api://{host of targetUrl}/{appId}`).",
        shape: AUTHENTICATION,
        graphKey: "authenticationConfiguration",
        required: !opts.allowPop,
        defaultValue: opts.allowPop ? { type: "azureAdPopToken" } : undefined,
        fromInput: (v, fail) => {
            const o = objectWithKeys(v, ["type", "resourceId"], fail);
            if (!o) return undefined;
            // Explicit type first, then Graph's @odata.type, then the shape: a resourceId means a token.
            const odata = bareType(o["@odata.type"]);
            const type =
                o.type ??
                (odata && (own(TYPE_OF_ODATA, odata) ?? odata)) ??
                (o.resourceId !== undefined ? "azureAdToken" : "azureAdPopToken");
            if (type === "azureAdPopToken") {
                if (o.resourceId !== undefined)
                    return fail("is not used with PoP authentication; remove it or set type azureAdToken", "resourceId");
                return { type };
            }
            if (type !== "azureAdToken") return fail(`must be ${AUTHENTICATION_TYPE.values.join(" or ")}`, "type");
            const resourceId = nonEmptyString(o.resourceId, fail, "resourceId");
            return resourceId ? { type, resourceId } : undefined;
        },
        fromGraph: (body) => {
            const a = body.authenticationConfiguration as
                (MSGraph.AzureAdTokenAuthentication & { "@odata.type"?: string }) | null | undefined;
            if (!a) return undefined;
            if (bareType(a["@odata.type"]) === bareType(TOKEN)) return { type: "azureAdToken", resourceId: a.resourceId ?? "" };
            return { type: "azureAdPopToken" };
        },
        // Graph's metadata allows PoP on every extension; only the custom authentication extension's pages show
        // tokens alone. A warning, so that whatever Graph holds stays adoptable.
        warnings: (v) =>
            !opts.allowPop && (v as Authentication).type === "azureAdPopToken"
                ? ["authenticationConfiguration: Microsoft documents a token ({resourceId}) for this extension, not PoP (azureAdPopToken)"]
                : [],
        toGraph: (v) => {
            const a = v as Authentication;
            return a.type === "azureAdToken" ? { "@odata.type": TOKEN, resourceId: a.resourceId } : { "@odata.type": POP };
        },
        // A resourceId alone means a token (fromInput above).
        stateForm: (v) => ((v as Authentication).type === "azureAdToken" ? { resourceId: (v as { resourceId: string }).resourceId } : v),
    };
}

type ClientConfiguration = { timeoutInMilliseconds?: number; maximumRetries?: number };

/**
 * `customExtensionClientConfiguration` in canonical form; `null`, `{}` and absent all mean the service
 * defaults. With `fail`, the value is user input and its ranges are checked (Graph's documented limits).
 */
export function clientConfigurationOf(v: unknown, fail?: Fail): ClientConfiguration | undefined {
    if (v === undefined || v === null) return undefined;
    if (fail) {
        const o = objectWithKeys(v, ["timeoutInMilliseconds", "maximumRetries"], fail);
        if (!o) return undefined;
        for (const k of ["timeoutInMilliseconds", "maximumRetries"] as const) {
            const problem = integerProblem(CLIENT_CONFIGURATION.properties[k].shape as IntegerShape, o[k]);
            if (problem) fail(problem, k);
        }
    }
    const c = v as MSGraph.CustomExtensionClientConfiguration;
    return emptyToUndefined(
        compact({ timeoutInMilliseconds: c.timeoutInMilliseconds ?? undefined, maximumRetries: c.maximumRetries ?? undefined }),
    );
}

/** A whole number within its shape's range, or why not (null and absent are not judged). */
export function integerProblem(shape: IntegerShape, v: unknown): string | undefined {
    if (v === undefined || v === null) return undefined;
    const r = shape.range;
    const ok = Number.isInteger(v) && (!r || ((v as number) >= r.min && (v as number) <= r.max));
    if (ok) return undefined;
    if (!r) return `must be a whole number (got ${shown(v)})`;
    return r.max - r.min === 1
        ? `must be ${r.min} or ${r.max} (got ${shown(v)})`
        : `must be a whole number from ${r.min} to ${r.max} (got ${shown(v)})`;
}

/** `customExtensionClientConfiguration` as a field of an extension. */
export const clientConfiguration: Field = {
    name: "clientConfiguration",
    description: "How long Entra waits for the endpoint and how often it retries; absent means the service defaults.",
    shape: CLIENT_CONFIGURATION,
    graphKey: "clientConfiguration",
    fromInput: (v, fail) => clientConfigurationOf(v, fail),
    fromGraph: (body) => clientConfigurationOf(body.clientConfiguration),
    toGraph: (v) => v ?? null,
};

const FALLBACK = "#microsoft.graph.fallbackToMicrosoftProviderOnError";

/** `behaviorOnError` as users write it: `fallbackToMicrosoftProvider`, or `default` (the same as leaving it out). */
export function behaviorOnErrorInput(v: unknown, fail: Fail): string | undefined {
    if (v === undefined || v === null || v === "default") return undefined;
    if (v === "fallbackToMicrosoftProvider") return v;
    fail(`must be ${BEHAVIOR_ON_ERROR.values.map((x) => JSON.stringify(x)).join(" or ")}`);
    return undefined;
}

/** The fallback type, or nothing: the base type (abstract in the metadata, yet in Microsoft's examples) carries no behaviour. */
export const behaviorOnErrorFromGraph = (v: unknown): string | undefined =>
    bareType((v as { "@odata.type"?: string } | null | undefined)?.["@odata.type"]) === bareType(FALLBACK)
        ? "fallbackToMicrosoftProvider"
        : undefined;

export const behaviorOnErrorToGraph = (v: unknown) => (v ? { "@odata.type": FALLBACK } : null);

function emptyToUndefined<T extends object>(o: T): T | undefined {
    return Object.keys(o).length ? o : undefined;
}

/** Validates an ISO 8601 duration within its shape's range and returns its one canonical spelling. */
export function duration(v: unknown, shape: StringShape, fail: Fail, sub: string): string | undefined {
    const range = [shape.duration!.min, shape.duration!.max];
    const seconds = typeof v === "string" ? durationSeconds(v) : undefined;
    if (seconds === undefined) {
        fail(`must be an ISO 8601 duration such as PT1H (got ${shown(v)})`, sub);
        return undefined;
    }
    const [lo, hi] = range.map((r) => durationSeconds(r)!);
    if (seconds < lo || seconds > hi) {
        fail(`must be from ${range[0]} to ${range[1]} (got ${shown(v)})`, sub);
        return undefined;
    }
    return formatDuration(seconds);
}

/** Graph sometimes echoes a duration in another spelling; canonicalize without judging the range. */
export function graphDuration(v: unknown): string | undefined {
    const s = typeof v === "string" ? durationSeconds(v) : undefined;
    return s === undefined ? undefined : formatDuration(s);
}

export type { GraphBody, Shape };
