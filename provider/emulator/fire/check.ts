// Entra's checks of a custom authentication extension's answer, each with the code Entra logs for it
// (Microsoft's troubleshooting page, "Error codes reference"). Where Entra documents a rule but no code
// for breaking it (a claim of the wrong type, a prefill value of another type, the nonce), the closest
// documented code is used and docs/firing.md says so.

import type { Attempt } from "./call";
import { AttributeValue, AuthenticationEvent, EVENTS, attributeValueType, otherEventOf } from "./events";
import type { Violation } from "./verdict";
import { quoted, type Json } from "../failures";

/** Entra's codes, by name (all `CustomExtension...` except 1003000). */
export const CODES = {
    InvalidHTTPStatus: 1003002,
    InvalidResponseBody: 1003003,
    TimedOut: 1003005,
    InvalidResponseContentType: 1003006,
    NullClaimsResponse: 1003007,
    EmptyResponse: 1003009,
    InvalidNumberOfActions: 1003010,
    InvalidActionType: 1003012,
    ResponseClaimsSizeExceeded: 1003025,
    NullOrEmptyClaimKeyNotSupported: 1003026,
    IncorrectTargetUrlFormat: 1003020,
    ConnectionError: 1003027,
} as const;

/** "The total size of claims (keys and values) must not exceed 3 KB" (custom claims provider reference). */
export const CLAIMS_LIMIT_BYTES = 3 * 1024;

const violation = (name: keyof typeof CODES, message: string): Violation => ({
    code: CODES[name],
    name: `CustomExtension${name}`,
    message,
});

/** What failed attempts mean: no answer in time, or no connection. */
export function attemptViolation(a: Attempt): Violation | undefined {
    if (a.failure === "timeout") return violation("TimedOut", `no answer within the extension's timeout (${a.ms} ms)`);
    if (a.failure === "connection") return violation("ConnectionError", `could not connect: ${a.detail}`);
    return undefined;
}

export interface AnswerCheck {
    action?: string;
    response?: unknown;
    violations: Violation[];
    warnings: string[];
}

export interface AnswerContext {
    /** The attributes sent (attribute collection): the answer's values must keep their types. */
    attributes: Record<string, AttributeValue>;
    /** The nonce inside the encrypted password context (onPasswordSubmit): the answer must echo it. */
    nonce?: string;
}

/** Checks an answer that arrived (status, content type, body, actions, the event's own rules). */
export function checkAnswer(event: AuthenticationEvent, a: Attempt, ctx: AnswerContext): AnswerCheck {
    const spec = EVENTS[event];
    const out: AnswerCheck = { violations: [], warnings: [] };
    const bad = (name: keyof typeof CODES, message: string) => {
        out.violations.push(violation(name, message));
        return out;
    };
    try {
        out.response = a.text ? JSON.parse(a.text) : undefined;
    } catch {
        out.response = a.text;
    }
    if (a.status !== 200) return bad("InvalidHTTPStatus", `HTTP ${a.status}; Entra takes 200 OK only`);
    const mediaType = (a.contentType ?? "").split(";")[0].trim().toLowerCase();
    if (mediaType !== "application/json")
        return bad(
            "InvalidResponseContentType",
            `Content-Type is ${a.contentType ? `'${a.contentType}'` : "missing"}; Entra takes application/json`,
        );
    if (!a.text?.trim()) return bad("EmptyResponse", "the body is empty");
    const body = out.response;
    if (typeof body !== "object" || body === null) return bad("InvalidResponseBody", "the body is not a JSON object");
    const data = (body as Json).data;
    if (typeof data !== "object" || data === null) return bad("InvalidResponseBody", "the body has no 'data' object");
    const dataType = String(data["@odata.type"] ?? "");
    if (dataType.replace(/^#/, "").toLowerCase() !== spec.response.toLowerCase())
        return bad("InvalidResponseBody", `data.@odata.type is '${dataType}'; ${event} answers with '${spec.response}'`);
    if (dataType.replace(/^#/, "") !== spec.response)
        out.warnings.push(`data.@odata.type '${dataType}' is written '${spec.response}' in the docs`);
    const actions = data.actions;
    if (!Array.isArray(actions) || actions.length !== 1)
        return bad(
            "InvalidNumberOfActions",
            `${Array.isArray(actions) ? actions.length : "no"} actions; Entra takes exactly one (data.actions with one element)`,
        );
    const action = actions[0] ?? {};
    const type = String(action["@odata.type"] ?? "").replace(/^#/, "");
    const known = spec.actions.find((t) => t.toLowerCase() === type.toLowerCase());
    if (!known) {
        const other = otherEventOf(type);
        return bad(
            "InvalidActionType",
            `'${type}' is ${other ? `an action of ${other}` : "not an action type"}; ${event} takes ${spec.actions.join(", ")}`,
        );
    }
    // Microsoft's own samples differ in letter case from its reference; Entra accepts them (docs/firing.md).
    if (known !== type) out.warnings.push(`action type '${type}' is written '${known}' in the reference`);
    out.action = known;
    actionRules(event, known, action, data, ctx, out);
    return out;
}

/** The rules of one action's payload. */
function actionRules(event: AuthenticationEvent, type: string, action: Json, data: Json, ctx: AnswerContext, out: AnswerCheck) {
    const bad = (name: keyof typeof CODES, message: string) => out.violations.push(violation(name, message));
    const name = type.slice(type.lastIndexOf(".") + 1);
    if (event === "onTokenIssuanceStart") {
        const claims = action.claims;
        if (claims === null || claims === undefined) return bad("NullClaimsResponse", "provideClaimsForToken has no 'claims'");
        if (typeof claims !== "object" || Array.isArray(claims)) return bad("InvalidResponseBody", "'claims' must be an object");
        let size = 0;
        for (const [k, v] of Object.entries(claims)) {
            if (!k.trim()) bad("NullOrEmptyClaimKeyNotSupported", "a claim has an empty name");
            const ok = typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
            if (!ok) bad("InvalidResponseBody", `claim '${k}' is ${JSON.stringify(v)}; a claim is a string or a list of strings`);
            size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === "string" ? v : JSON.stringify(v));
        }
        if (size > CLAIMS_LIMIT_BYTES)
            bad("ResponseClaimsSizeExceeded", `the claims are ${size} bytes (names and values); the limit is 3 KB (${CLAIMS_LIMIT_BYTES})`);
        return;
    }
    if (name === "setPrefillValues" || name === "modifyAttributeValues") {
        const key = name === "setPrefillValues" ? "inputs" : "attributes";
        const values = action[key];
        if (typeof values !== "object" || values === null || Array.isArray(values))
            return bad("InvalidResponseBody", `${name} needs an object '${key}'`);
        for (const [k, v] of Object.entries(values as Json)) {
            if (!Object.hasOwn(ctx.attributes, k)) {
                out.warnings.push(`'${k}' was not collected; Entra ignores it (an API cannot add attributes)`);
                continue;
            }
            const sent = attributeValueType(ctx.attributes[k]);
            // Multi-valued attributes travel as one comma-separated string; a value keeps its type otherwise.
            if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
                bad("InvalidResponseBody", `'${k}' is ${JSON.stringify(v)}; values are strings, whole numbers or booleans`);
                continue;
            }
            if (attributeValueType(v) !== sent || (typeof v === "number" && !Number.isInteger(v)))
                bad("InvalidResponseBody", `'${k}' was sent as ${sent.split(".").pop()} and answered as ${JSON.stringify(v)}`);
        }
        return;
    }
    if (name === "showValidationError") {
        const errors = action.attributeErrors;
        if (typeof action.message !== "string") bad("InvalidResponseBody", "showValidationError needs a 'message'");
        if (errors !== undefined && (typeof errors !== "object" || Object.values(errors ?? {}).some((e) => typeof e !== "string")))
            bad("InvalidResponseBody", "attributeErrors maps attribute names to texts");
        return;
    }
    if (event === "onPasswordSubmit") {
        if (data.nonce === undefined)
            return bad("InvalidResponseBody", "data.nonce is missing; it must echo the nonce of the password context");
        if (data.nonce !== ctx.nonce)
            bad("InvalidResponseBody", `data.nonce ${quoted(data.nonce)} is not the nonce of the password context`);
        return;
    }
    if (event === "onVerifiedIdClaimValidation" && name === "failed" && action.failedClaims !== undefined) {
        if (!Array.isArray(action.failedClaims) || action.failedClaims.some((c: unknown) => typeof c !== "string"))
            bad("InvalidResponseBody", "failedClaims is a list of claim names");
    }
}
