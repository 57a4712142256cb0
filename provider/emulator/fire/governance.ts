// The calls Lifecycle Workflows and entitlement management make to a Logic App: the bodies (what
// Microsoft's published trigger schemas and Logic App samples read), the answer each service expects, and
// the resume path a launch-and-wait Logic App calls back on.

import { randomUUID } from "node:crypto";
import type { Json } from "../failures";
import { STAGE_RUNS } from "../graphFacts";

export const LCW_CALLOUT_TYPE = "microsoft.graph.identityGovernance.customTaskExtensionCalloutData";

export interface LifecycleInput {
    workflow: { id: string; displayName: string; workflowVersion: number };
    task: { id: string; displayName: string };
    subject: { id: string; displayName: string; email?: string; userPrincipalName: string; manager?: Json };
    taskProcessingResultId: string;
    tenantId: string;
}

export const lifecycleResumePath = (i: { workflowId: string; taskId: string; resultId: string }) =>
    `/identityGovernance/lifecycleWorkflows/workflows/${i.workflowId}/tasks/${i.taskId}/taskProcessingResults/${i.resultId}/resume`;

/** The Lifecycle Workflows task call (the data of Microsoft's trigger schema; `source` and `type` are ours, undocumented). */
export function lifecycleRequest(i: LifecycleInput): Json {
    return {
        source: `/tenants/${i.tenantId}/workflows/${i.workflow.id}`,
        type: "lifecycleEvent",
        data: {
            "@odata.type": LCW_CALLOUT_TYPE,
            callbackUriPath: lifecycleResumePath({ workflowId: i.workflow.id, taskId: i.task.id, resultId: i.taskProcessingResultId }),
            subject: i.subject,
            task: i.task,
            taskProcessingResult: { id: i.taskProcessingResultId, createdDateTime: new Date().toISOString() },
            workflow: i.workflow,
        },
    };
}

/** The stages a request workflow extension runs at, those a pre-expiration one runs at (graphFacts.ts), and the connection test. */
export const REQUEST_STAGES = Object.keys(STAGE_RUNS).filter((s) => STAGE_RUNS[s] === "assignmentRequest");
export const EXPIRATION_STAGES = Object.keys(STAGE_RUNS).filter((s) => STAGE_RUNS[s] === "assignment");
export const CONNECTION_TEST = "CustomExtensionConnectionTest";
/** The stages at which a resume may deny or cancel the request (the Learn how-to's rule; docs/firing.md, "Choices"). */
export const DENIABLE_STAGES = ["assignmentRequestCreated", "assignmentRequestApproved"];

export interface AccessPackageInput {
    stage: string;
    requestId: string;
    stageInstanceId: string;
    /** Set for launch-and-wait (a request workflow extension with a callbackConfiguration). */
    timeoutDuration?: string;
    accessPackage: { Id: string; DisplayName: string; Description: string };
    catalog: { Id: string; DisplayName: string; Description: string };
    policy: { Id: string; DisplayName: string };
    target: { ObjectId: string; DisplayName: string; Email?: string };
}

export const accessPackageResumePath = (requestId: string) =>
    `/identityGovernance/entitlementManagement/assignmentRequests/${requestId}/resume`;

/**
 * The entitlement management call: the flat PascalCase body every Microsoft Logic App sample reads, not the
 * enveloped camelCase model of Graph's reference (docs/firing.md, "Choices").
 */
export function accessPackageRequest(i: AccessPackageInput): Json {
    if (i.stage === CONNECTION_TEST) return { Stage: CONNECTION_TEST, AccessPackageCatalog: i.catalog };
    const subject = { Id: randomUUID(), ObjectId: i.target.ObjectId, DisplayName: i.target.DisplayName, Email: i.target.Email };
    const expiring = EXPIRATION_STAGES.includes(i.stage);
    return {
        AccessPackageAssignmentRequestId: i.requestId,
        ...(i.timeoutDuration
            ? { CallbackUriPath: accessPackageResumePath(i.requestId), CallbackConfiguration: { DurationBeforeTimeout: i.timeoutDuration } }
            : {}),
        CustomExtensionStageInstanceId: i.stageInstanceId,
        Stage: i.stage,
        ...(expiring ? {} : { RequestType: "userAdd", Answers: [], State: STATE[i.stage], Status: STATUS[i.stage] }),
        AccessPackage: i.accessPackage,
        AccessPackageCatalog: i.catalog,
        Assignment: {
            Id: randomUUID(),
            State: expiring || i.stage === "assignmentRequestGranted" ? "delivered" : "undelivered",
            Status: expiring || i.stage === "assignmentRequestGranted" ? "Delivered" : "PendingApproval",
            Target: subject,
            ...(expiring ? {} : { AssignmentPolicy: i.policy }),
        },
        Requestor: subject,
    };
}

const STATE: Record<string, string> = {
    assignmentRequestCreated: "submitted",
    assignmentRequestApproved: "pendingApproval",
    assignmentRequestGranted: "delivered",
    assignmentRequestRemoved: "delivered",
};
const STATUS: Record<string, string> = {
    assignmentRequestCreated: "Accepted",
    assignmentRequestApproved: "Approved",
    assignmentRequestGranted: "Delivered",
    assignmentRequestRemoved: "Delivered",
};
