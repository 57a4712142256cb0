// Field codecs shared by the families: the properties every customCalloutExtension has, and the
// building blocks (strings, enums, durations) the family files assemble.

import type * as MSGraph from "@microsoft/microsoft-graph-types";
import { resourcePathProblem } from "../azure/resourcePath";
import { Fail, Field, GraphBody } from "./family";
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

export function stringField(name: string, opts: { required?: boolean; replaceOnChange?: boolean; inGraph?: boolean } = {}): Field {
    return {
        name,
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

/** A choice among names, each of which Graph spells as a concrete `@odata.type`. */
export function typeChoiceField(name: string, odataTypes: Record<string, string>, defaultValue?: string): Field {
    const names = Object.keys(odataTypes);
    return {
        name,
        required: defaultValue === undefined,
        replaceOnChange: true,
        defaultValue,
        choices: odataTypes,
        fromInput: (v, fail) => (typeof v === "string" && names.includes(v) ? v : fail(`must be one of ${names.join(", ")}`)),
        fromGraph: (body) => names.find((n) => bareType(odataTypes[n]) === bareType(body["@odata.type"])),
    };
}

/** A boolean Graph always reports; `defaultValue` is what Graph assumes when it is not sent. */
export function booleanField(name: string, defaultValue: boolean): Field {
    return {
        name,
        graphKey: name,
        defaultValue,
        fromInput: (v, fail) => (typeof v === "boolean" ? v : fail("must be true or false")),
        fromGraph: (body, previous) => (typeof body[name] === "boolean" ? body[name] : (previous ?? defaultValue)),
        toGraph: (v) => v,
    };
}

/** One of the members of a Graph enum (the metadata's), sent as it is. */
export function enumField(name: string, members: string[], opts: { required?: boolean; replaceOnChange?: boolean } = {}): Field {
    return {
        name,
        graphKey: name,
        required: opts.required,
        replaceOnChange: opts.replaceOnChange,
        fromInput: (v, fail) => (typeof v === "string" && members.includes(v) ? v : fail(`must be one of ${members.join(", ")}`)),
        fromGraph: (body) => graphString(body[name]),
        toGraph: (v) => v ?? null,
    };
}

export const displayName = stringField("displayName", { required: true });
export const description = stringField("description");

export interface LogicAppEndpoint {
    subscriptionId: string;
    resourceGroupName: string;
    logicAppWorkflowName: string;
    url?: string;
}

/** `logicAppTriggerEndpointConfiguration`; Graph fills `url` itself, so it is compared only when the user set it. */
export const logicAppEndpoint: Field = {
    name: "endpointConfiguration",
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
};

/** `httpRequestEndpoint`: the API a custom authentication extension calls. */
export const httpEndpoint: Field = {
    name: "endpointConfiguration",
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
            if (type !== "azureAdToken") return fail("must be azureAdPopToken or azureAdToken", "type");
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
        const t = o.timeoutInMilliseconds;
        const r = o.maximumRetries;
        if (t !== undefined && t !== null && (!Number.isInteger(t) || (t as number) < 200 || (t as number) > 2000))
            fail(`must be a whole number from 200 to 2000 (got ${shown(t)})`, "timeoutInMilliseconds");
        if (r !== undefined && r !== null && r !== 0 && r !== 1) fail(`must be 0 or 1 (got ${shown(r)})`, "maximumRetries");
    }
    const c = v as MSGraph.CustomExtensionClientConfiguration;
    return emptyToUndefined(
        compact({ timeoutInMilliseconds: c.timeoutInMilliseconds ?? undefined, maximumRetries: c.maximumRetries ?? undefined }),
    );
}

/** `customExtensionClientConfiguration` as a field of an extension. */
export const clientConfiguration: Field = {
    name: "clientConfiguration",
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
    fail('must be "fallbackToMicrosoftProvider" or "default"');
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

/** Validates an ISO 8601 duration within [min, max] and returns its one canonical spelling. */
export function duration(v: unknown, range: [string, string], fail: Fail, sub: string): string | undefined {
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

export type { GraphBody };
