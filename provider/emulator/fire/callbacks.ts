// The resume calls a launch-and-wait Logic App makes on Graph, as the emulator's Graph surface takes them:
// Lifecycle Workflows' taskProcessingResult resume and entitlement management's assignmentRequest resume.
// Each checks the caller's right (resumeRights.ts), the body and the time left, answers as Graph does (204, or
// an error), and settles the firing that waits for it: completed, failed (denied, canceled) or timed out.

import { GraphFailure, Json, quoted } from "../failures";
import { durationSeconds } from "../../families/values";
import { DENIABLE_STAGES } from "./governance";
import { Caller, Directory, refusal } from "./resumeRights";
import type { CallbackOutcome, CallbackReport } from "./verdict";

export type { Caller } from "./resumeRights";

interface Waiting {
    kind: "lifecycleWorkflows" | "entitlementManagement";
    /** The resume path without the version, lower case. */
    key: string;
    path: string;
    deadline: number;
    timeoutDuration: string;
    started: number;
    /** The apps a task extension allows without a permission (authorizedApps, the resourceId app). */
    apps?: string[];
    /** The request's catalog: its roles allow the resume. */
    catalogId?: string;
    stage?: string;
    stageInstanceId?: string;
    refused: CallbackReport["refused"];
    warnings: string[];
    settle(r: CallbackReport): void;
}

const VERSION = String.raw`^/(?:v1\.0|beta)`;
const RESUME = [
    new RegExp(`${VERSION}(/identityGovernance/lifecycleWorkflows/workflows/[^/]+/tasks/[^/]+/taskProcessingResults/[^/]+/resume)$`, "i"),
    new RegExp(
        `${VERSION}/identityGovernance/entitlementManagement/(?:assignmentRequests|accessPackageAssignmentRequests)/([^/]+)/resume$`,
        "i",
    ),
];

/** The resume path without version; the beta name of the request collection is read as v1.0's. */
export function resumeKey(path: string): string | undefined {
    const lcw = RESUME[0].exec(path);
    if (lcw) return lcw[1].toLowerCase();
    const em = RESUME[1].exec(path);
    return em ? `/identitygovernance/entitlementmanagement/assignmentrequests/${em[1]}/resume`.toLowerCase() : undefined;
}

/** The wait a firing used: the extension's timeoutDuration, or the shorter wait asked for instead (`--callback-timeout-ms`). */
export function waitUsed(timeoutDuration: string, waitMs: number): string {
    return (durationSeconds(timeoutDuration) ?? NaN) * 1000 === waitMs
        ? timeoutDuration
        : `${waitMs} ms (instead of the extension's ${timeoutDuration})`;
}

const badRequest = (m: string) => new GraphFailure(400, "BadRequest", m);

export class Callbacks {
    private readonly waiting = new Map<string, Waiting>();
    /** Resume paths whose wait is over, and how it ended: a late resume is refused with it. */
    private readonly over = new Map<string, string>();

    /** `directory`: the callers' service principals and their catalog roles (the emulator's role assignments). */
    constructor(private readonly directory: Directory) {}

    /** Waits for the resume on `path`; resolves when it comes, or when `waitMs` have passed. */
    wait(w: Omit<Waiting, "key" | "deadline" | "started" | "refused" | "warnings" | "settle">, waitMs: number): Promise<CallbackReport> {
        const key = resumeKey(`/v1.0${w.path}`)!;
        const within = waitUsed(w.timeoutDuration, waitMs);
        return new Promise((resolve) => {
            const started = Date.now();
            let timer: NodeJS.Timeout | undefined = undefined;
            const entry: Waiting = {
                ...w,
                key,
                started,
                deadline: started + waitMs,
                refused: [],
                warnings: [],
                settle: (r) => {
                    clearTimeout(timer);
                    this.waiting.delete(key);
                    this.over.set(key, r.outcome === "timedOut" ? `it timed out after ${within}` : `it was already ${r.outcome}`);
                    resolve(r);
                },
            };
            timer = setTimeout(() => entry.settle(this.report(entry, "timedOut", undefined, `no resume within ${within}`)), waitMs);
            this.waiting.set(key, entry);
        });
    }

    /** Stops waiting (the Logic App was never started): a later resume finds nothing. */
    cancel(path: string) {
        const w = this.waiting.get(resumeKey(`/v1.0${path}`)!);
        w?.settle(this.report(w, "failed", undefined, "the Logic App was not started"));
    }

    private report(w: Waiting, outcome: CallbackOutcome, caller?: string, detail?: string): CallbackReport {
        const r: CallbackReport = {
            outcome,
            callbackUriPath: w.path,
            waitedMs: Date.now() - w.started,
            timeoutDuration: w.timeoutDuration,
            refused: w.refused,
        };
        if (caller) r.caller = caller;
        if (detail) r.detail = detail;
        if (w.warnings.length) r.detail = [r.detail, ...w.warnings].filter(Boolean).join("; ");
        return r;
    }

    /** Whether a path is a resume path the emulator serves. */
    serves(path: string): boolean {
        return resumeKey(path) !== undefined;
    }

    /** Handles a resume POST; throws Graph's failure, or returns 204. */
    resume(method: string, path: string, caller: Caller | undefined, body: Json | undefined): number {
        if (method !== "POST") throw new GraphFailure(405, "MethodNotAllowed", "Use POST.");
        const key = resumeKey(path)!;
        const w = this.waiting.get(key);
        if (!caller) throw new GraphFailure(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        if (!w) {
            const over = this.over.get(key);
            if (over) throw badRequest(`The resume came too late: nothing waits for it any more, ${over}.`);
            throw new GraphFailure(404, "ResourceNotFound", `Nothing waits for a resume at '${path}'.`);
        }
        const refuse = (e: GraphFailure, remedy?: string): never => {
            w.refused.push({ status: e.status, code: e.code, message: e.message, ...(remedy ? { remedy } : {}) });
            throw e;
        };
        const denied = refusal(w, caller, this.directory);
        if (denied) refuse(denied.failure, denied.remedy);
        const outcome =
            w.kind === "lifecycleWorkflows" ? this.lifecycleOutcome(w, body, refuse) : this.accessPackageOutcome(w, body, refuse);
        w.settle(this.report(w, outcome.outcome, caller.appId ?? "the emulator's admin token", outcome.detail));
        return 204;
    }

    private lifecycleOutcome(w: Waiting, body: Json | undefined, refuse: (e: GraphFailure) => never) {
        const status = body?.data?.operationStatus;
        if (typeof status !== "string")
            refuse(badRequest("The body needs data.operationStatus: completed or failed (customTaskExtensionCallbackData)."));
        const s = status.toLowerCase();
        if (s !== "completed" && s !== "failed")
            refuse(badRequest(`data.operationStatus ${quoted(status)} is not one of completed, failed.`));
        if (status !== s) w.warnings.push(`operationStatus '${status}' is written '${s}' in Graph's reference`);
        return { outcome: s as CallbackOutcome, detail: undefined };
    }

    private accessPackageOutcome(w: Waiting, body: Json | undefined, refuse: (e: GraphFailure) => never) {
        const data = body?.data;
        const types = [
            "microsoft.graph.accessPackageAssignmentRequestCallbackData",
            "microsoft.graph.assignmentRequestApprovalStageCallbackData",
        ];
        const type = String(data?.["@odata.type"] ?? "").replace(/^#/, "");
        if (!data || !types.some((t) => t.toLowerCase() === type.toLowerCase()))
            refuse(badRequest(`data.@odata.type must be ${types.join(" or ")}.`));
        if (String(data.customExtensionStageInstanceId ?? "") !== w.stageInstanceId)
            refuse(
                badRequest(`data.customExtensionStageInstanceId must be '${w.stageInstanceId}', the CustomExtensionStageInstanceId sent.`),
            );
        const stage = String(data.stage ?? "");
        const approval = stage.toLowerCase() === "assignmentrequestdeterminingapprovalrequirements";
        if (stage.toLowerCase() !== w.stage!.toLowerCase() && !approval)
            refuse(badRequest(`data.stage ${quoted(stage)} is not the stage that called, '${w.stage}'.`));
        if (stage !== w.stage && !approval) w.warnings.push(`stage '${stage}' is written '${w.stage}' in Graph's reference`);
        if (data.state === undefined || data.state === null)
            return { outcome: "completed" as CallbackOutcome, detail: data.customExtensionStageInstanceDetail };
        const state = String(data.state).toLowerCase();
        if (state !== "denied" && state !== "canceled")
            refuse(badRequest(`data.state ${quoted(data.state)} is not one of denied, canceled.`));
        if (!DENIABLE_STAGES.includes(w.stage!))
            refuse(badRequest(`A request can be ${state} only at ${DENIABLE_STAGES.join(" or ")}, not at ${w.stage}.`));
        return { outcome: state as CallbackOutcome, detail: data.customExtensionStageInstanceDetail };
    }
}
