// What a firing found, in one shape for code (`--json`) and in a person's words for the terminal.

import type { Attempt } from "./call";

/** One way the answer breaks the contract, with the code Entra logs for it (or ours, marked, where Entra documents none). */
export interface Violation {
    /** Entra's error code (10030xx for authentication extensions), or a name of ours for Logic App calls and callbacks. */
    code: number | string;
    name: string;
    message: string;
}

export type CallbackOutcome = "completed" | "failed" | "denied" | "canceled" | "timedOut";

export interface CallbackReport {
    /** What the resume said, or that none came in time. */
    outcome: CallbackOutcome;
    /** The path the resume must be POSTed to, on the emulator's Graph surface. */
    callbackUriPath: string;
    /** How long the emulator waited, and what it stood for (the extension's timeoutDuration). */
    waitedMs: number;
    timeoutDuration: string;
    /** Resume calls refused on the way (wrong body, a caller without the right), with Graph's answer and the right to grant. */
    refused: { status: number; code: string; message: string; remedy?: string }[];
    /** Who resumed (the token's app id) and what detail it gave. */
    caller?: string;
    detail?: string;
}

export interface Verdict {
    ok: boolean;
    extension: { id?: string; displayName?: string; type: string };
    /** The authentication event, or the Logic App stage, fired. */
    event: string;
    url: string;
    attempts: Attempt[];
    /** The answer's action type (authentication events). */
    action?: string;
    violations: Violation[];
    /** Accepted, but worth changing (a different letter case than the docs, attributes Entra ignores). */
    warnings: string[];
    /** What Entra does next, with the answer or on the error (behaviorOnError): "Entra then <consequence>". */
    consequence: string;
    callback?: CallbackReport;
    /** The request body sent (the token is never part of it). */
    request: unknown;
    /** The answer's body, parsed when it is JSON. */
    response?: unknown;
}

const attemptLine = (a: Attempt, i: number) =>
    `  attempt ${i + 1}: ` +
    (a.failure === "timeout"
        ? `no answer within the timeout (${a.ms} ms)`
        : a.failure === "connection"
          ? `connection failed (${a.detail}) after ${a.ms} ms`
          : `HTTP ${a.status}${a.contentType ? ` ${a.contentType}` : ""} in ${a.ms} ms`);

/**
 * The endpoint as a verdict shows it: every query value replaced by [secret], since a function key (`code=`)
 * or a Logic App signature (`sig=`) rides there, and verdicts go to terminals and CI logs.
 */
export function shownUrl(url: string): string {
    const q = url.indexOf("?");
    if (q < 0) return url;
    const query = url
        .slice(q + 1)
        .split("&")
        .map((pair) => (pair.includes("=") ? `${pair.slice(0, pair.indexOf("="))}=[secret]` : pair));
    return `${url.slice(0, q)}?${query.join("&")}`;
}

/** The verdict as a person reads it. */
export function describe(v: Verdict): string {
    const name = v.extension.displayName ? `"${v.extension.displayName}"` : v.extension.type;
    const lines = [`${v.ok ? "PASS" : "FAIL"}  ${name} (${v.event}) -> ${v.url}`, ...v.attempts.map(attemptLine)];
    if (v.action) lines.push(`  action: ${v.action}`);
    for (const x of v.violations) lines.push(`  violation ${x.code} ${x.name}: ${x.message}`);
    for (const w of v.warnings) lines.push(`  warning: ${w}`);
    const c = v.callback;
    if (c) {
        lines.push(`  callback: ${c.outcome}${c.caller ? ` (resumed by app ${c.caller})` : ""}${c.detail ? `: ${c.detail}` : ""}`);
        for (const r of c.refused) {
            lines.push(`    refused resume: HTTP ${r.status} ${r.code}: ${r.message}`);
            if (r.remedy) lines.push(`      missing right: ${r.remedy}`);
        }
    }
    lines.push(`  Entra then: ${v.consequence}`);
    return lines.join("\n");
}
