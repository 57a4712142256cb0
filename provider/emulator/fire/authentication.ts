// Firing a custom authentication event: Entra's request with its token, within the extension's timeout,
// retried as its maximumRetries allows, the answer checked, and what Entra then does.

import { Attempt, post } from "./call";
import { AnswerContext, attemptViolation, checkAnswer } from "./check";
import { AuthenticationEvent, EVENTS, EventInput, eventRequest } from "./events";
import { shownUrl, type Verdict } from "./verdict";

/** Graph's default and range for clientConfiguration.timeoutInMilliseconds. */
export const DEFAULT_TIMEOUT_MS = 1000;
/** maximumRetries when the extension leaves it null: the service default, taken as one retry (docs/firing.md). */
export const DEFAULT_RETRIES = 1;

export interface AuthenticationFiring {
    url: string;
    event: AuthenticationEvent;
    /** The bearer token sent; never part of the verdict. */
    token: string;
    timeoutMs: number;
    maximumRetries: number;
    /** behaviorOnError is fallbackToMicrosoftProviderOnError. */
    fallbackToMicrosoftProvider: boolean;
    input: EventInput;
    /** The password context's nonce (onPasswordSubmit). */
    nonce?: string;
    extension: Verdict["extension"];
}

/** What Entra does with each action. */
const DOES: Record<string, string> = {
    provideClaimsForToken: "adds the claims to the token (those a claims mapping policy with source CustomClaimsProvider maps)",
    continueWithDefaultBehavior: "goes on as if there were no extension",
    setPrefillValues: "shows the attribute page with these values filled in",
    modifyAttributeValues: "stores the changed values and goes on with the sign-up",
    showBlockPage: "shows the block page with the message; the sign-up stops",
    showValidationError: "shows the attribute page again with the messages",
    MigratePassword: "stores the password and lets the user in",
    UpdatePassword: "asks the user for a new password",
    Retry: "asks the user to enter the password again",
    Block: "shows the block page",
    pass: "lets the account recovery go on",
    failed: "halts the account recovery",
};

/** Whether an attempt is worth retrying: no answer in time, no connection, or a server error (docs/firing.md). */
const retryable = (a: Attempt) => a.failure !== undefined || (a.status !== undefined && a.status >= 500);

export async function fireAuthentication(f: AuthenticationFiring): Promise<Verdict> {
    const request = eventRequest(f.event, f.input);
    const attempts: Attempt[] = [];
    for (let i = 0; i <= f.maximumRetries; i++) {
        const a = await post(f.url, request, { Authorization: `Bearer ${f.token}` }, f.timeoutMs);
        attempts.push(a);
        if (!retryable(a)) break;
    }
    const last = attempts[attempts.length - 1];
    const ctx: AnswerContext = { attributes: f.input.attributes, nonce: f.nonce };
    const failed = attemptViolation(last);
    const check = failed ? { violations: [failed], warnings: [] } : checkAnswer(f.event, last, ctx);
    const ok = check.violations.length === 0;
    const actionName = check.action?.slice(check.action.lastIndexOf(".") + 1);
    const consequence = ok
        ? (DOES[actionName ?? ""] ?? "goes on")
        : f.fallbackToMicrosoftProvider && f.event === "onOtpSend"
          ? "sends the code with its own email provider (behaviorOnError is fallbackToMicrosoftProvider)"
          : EVENTS[f.event].onError +
            (f.fallbackToMicrosoftProvider ? " (the fallback to Microsoft's provider is for onOtpSend only)" : "");
    return {
        ok,
        extension: f.extension,
        event: f.event,
        url: shownUrl(f.url),
        attempts: attempts.map(({ text: _t, ...a }) => a),
        action: check.action,
        violations: check.violations,
        warnings: check.warnings,
        consequence,
        request,
        response: "response" in check ? check.response : undefined,
    };
}
