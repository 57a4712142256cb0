// Lifecycle workflows (microsoft.graph.identityGovernance.workflow): what makes a custom task extension
// run, as a task of a workflow. The four basic properties change with one PATCH; `tasks` and
// `executionConditions` change only through `createNewVersion`, which makes version N+1 of the whole
// workflow. A DELETE only moves a workflow to `deletedItems` (restorable for 30 days): it is purged too,
// unless `keepRestorableOnDelete` is set.

import type { IdentityGovernanceNamespace } from "@microsoft/microsoft-graph-types";
import { customTaskExtension } from "./customTaskExtension";
import { Canonical, Family, Field, NamedObject, ReferenceSite } from "./family";
import { booleanField, description, displayName, enumField, isPlainObject, nonEmptyString, objectWithKeys } from "./fields";
import { bool, Enumeration, list, object, str } from "./shape";
import { CheckFailure, GUID, bareType, compact, containsUnknown, deepEqual, joinPath } from "./values";

/** The task definition "Run a custom task extension", and the argument that names the extension. */
export const RUN_CUSTOM_TASK_EXTENSION = "4262b724-8dba-4fad-afc3-43fcbb497a0e";
export const CUSTOM_TASK_EXTENSION_ARGUMENT = "customTaskExtensionID";
/** The id an entra-docs page still prints for that task: a retired preview id Graph does not know. */
const RETIRED_RUN_EXTENSION_ID = "d79d1fcc-16be-490c-a865-f4533b1639ee";

/** `lifecycleWorkflowCategory` (Graph's metadata; `mover` comes after `unknownFutureValue`). */
export const WORKFLOW_CATEGORY: Enumeration = {
    name: "WorkflowCategory",
    description: "Lifecycle workflow category.",
    values: ["joiner", "leaver", "mover"],
    source: "M: lifecycleWorkflowCategory (mover after unknownFutureValue)",
};

/** A task of a workflow as Graph's JSON (`microsoft.graph.identityGovernance.task`, what a program writes of it). */
export const WORKFLOW_TASK = object("WorkflowTask", "A task of a workflow, as Graph's JSON.", {
    taskDefinitionId: {
        shape: str("The task definition (4262b724-8dba-4fad-afc3-43fcbb497a0e runs a custom task extension)."),
        required: true,
    },
    displayName: { shape: str("Display name of the task."), required: true },
    description: str("Description of the task."),
    arguments: {
        shape: list(
            "The task's arguments.",
            object("WorkflowTaskArgument", "A task argument.", {
                name: { shape: str("Its name."), required: true },
                value: { shape: str("Its value."), required: true },
            }),
        ),
        always: true,
    },
    isEnabled: { shape: bool("true when left out."), always: true },
    continueOnError: { shape: bool("false when left out."), always: true },
});

const TASKS = list("The tasks in order.", WORKFLOW_TASK, { count: 25, source: "D: Lifecycle Workflows limits, 25 tasks per workflow" });
/** Graph's documented limit of tasks per workflow. */
export const MAX_TASKS = TASKS.maxItems!.count;

export interface Task {
    displayName: string;
    description?: string;
    taskDefinitionId: string;
    arguments: { name: string; value: string }[];
    isEnabled: boolean;
    continueOnError: boolean;
}

/** Fields of a task Graph sets itself: never compared, never sent. */
const SERVER_TASK_FIELDS = ["id", "executionSequence", "category", "@odata.type", "taskProcessingResults"];
const TASK_FIELDS = ["displayName", "description", "taskDefinitionId", "arguments", "isEnabled", "continueOnError"];

function taskOf(v: unknown, fail: (reason: string, sub?: string) => void): Task | undefined {
    const o = objectWithKeys(v, [...TASK_FIELDS, ...SERVER_TASK_FIELDS], fail);
    if (!o) return undefined;
    const displayName = nonEmptyString(o.displayName, fail, "displayName");
    const taskDefinitionId = nonEmptyString(o.taskDefinitionId, fail, "taskDefinitionId");
    if (o.description !== undefined && o.description !== null && typeof o.description !== "string") fail("must be a string", "description");
    for (const flag of ["isEnabled", "continueOnError"])
        if (o[flag] !== undefined && typeof o[flag] !== "boolean") fail("must be true or false", flag);
    const args = o.arguments ?? [];
    if (!Array.isArray(args)) fail("must be a list of {name, value}", "arguments");
    const argumentsOf = (Array.isArray(args) ? args : []).map((a, i) => {
        if (!isPlainObject(a) || typeof a.name !== "string" || typeof a.value !== "string")
            fail("must be {name, value} with string values", `arguments[${i}]`);
        // Strings only: String() of an object whose own `toString` is not a function throws.
        const text = (x: unknown) => (typeof x === "string" ? x : "");
        return { name: text((a as any)?.name), value: text((a as any)?.value) };
    });
    if (!displayName || !taskDefinitionId) return undefined;
    return compact({
        displayName,
        description: typeof o.description === "string" && o.description !== "" ? o.description : undefined,
        taskDefinitionId,
        arguments: argumentsOf,
        isEnabled: o.isEnabled === undefined ? true : (o.isEnabled as boolean),
        continueOnError: o.continueOnError === undefined ? false : (o.continueOnError as boolean),
    }) as Task;
}

/** Graph's task as read back: what the server sets left out, defaults as Graph reports them. */
function taskFromGraph(t: IdentityGovernanceNamespace.Task): Task {
    return compact({
        displayName: t.displayName ?? "",
        description: t.description ?? undefined,
        taskDefinitionId: t.taskDefinitionId ?? "",
        arguments: (t.arguments ?? []).map((a) => ({ name: a.name ?? "", value: a.value ?? "" })),
        isEnabled: t.isEnabled ?? true,
        continueOnError: t.continueOnError ?? false,
    }) as Task;
}

/** The docs spell the argument `customTaskExtensionID`, `customTaskExtensionId` and more: names and GUIDs compare without case. */
const comparable = (tasks: unknown) =>
    Array.isArray(tasks)
        ? (tasks as Task[]).map((t) => ({
              ...t,
              arguments: t.arguments.map((a) => ({
                  name: a.name.toLowerCase(),
                  value: GUID.test(a.value) ? a.value.toLowerCase() : a.value,
              })),
          }))
        : tasks;

/**
 * `tasks`, in order (their order is their `executionSequence`), each as Graph's JSON: `taskDefinitionId`,
 * `displayName`, `description`, `arguments: [{name, value}]`, `isEnabled`, `continueOnError`. What the
 * server sets (`id`, `executionSequence`, `category`) is accepted on input and never compared.
 */
const tasks: Field = {
    name: "tasks",
    description: "The tasks in order; a change makes a new version.",
    shape: TASKS,
    graphKey: "tasks",
    required: true,
    namesReplaceable: true,
    updateThrough: "newVersion",
    fromInput: (v, fail) => {
        if (!Array.isArray(v)) return fail("must be a list of tasks");
        const out = v.map((t, i) => taskOf(t, (reason, sub) => fail(reason, joinPath(`[${i}]`, sub))));
        return out.every((t) => t) ? out : undefined;
    },
    // Graph's create answer leaves the tasks out (they are a navigation): not reported is not removed.
    fromGraph: (body, previous) => (Array.isArray(body.tasks) ? body.tasks.map(taskFromGraph) : previous),
    toGraph: (v) => (v as Task[] | undefined)?.map((t) => compact({ ...t })) ?? [],
    same: (before, after) => deepEqual(comparable(before), comparable(after)),
};

/** Graph's JSON with every `@odata.type` spelled with `#`: the one spelling compared and sent. */
function withHashes(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(withHashes);
    if (!isPlainObject(v)) return v;
    // fromEntries defines own properties: a `__proto__` key stays a property, for the cloud check to refuse.
    return Object.fromEntries(
        Object.entries(v)
            .filter(([k, x]) => x !== undefined && (!k.includes("@") || k === "@odata.type"))
            .map(([k, x]) => [k, k === "@odata.type" && typeof x === "string" ? `#${bareType(x)}` : withHashes(x)]),
    );
}

/**
 * `executionConditions`, as Graph's JSON (`triggerAndScopeBasedConditions` with its scope and trigger, or
 * `onDemandExecutionOnly`): accepted as it is; what a cloud's metadata lacks is refused by the cloud check.
 */
const executionConditions: Field = {
    name: "executionConditions",
    description:
        "Graph's JSON: `triggerAndScopeBasedConditions` (scope, trigger) or `onDemandExecutionOnly`, " +
        "with its `@odata.type`; a change makes a new version.",
    shape: { type: "json", description: "Graph's JSON of workflowExecutionConditions." },
    graphKey: "executionConditions",
    updateThrough: "newVersion",
    fromInput: (v, fail) => {
        if (!isPlainObject(v) || typeof v["@odata.type"] !== "string")
            return fail("must be Graph's JSON of workflowExecutionConditions, with its @odata.type");
        return withHashes(v);
    },
    fromGraph: (body) => (isPlainObject(body.executionConditions) ? withHashes(body.executionConditions) : undefined),
    toGraph: (v) => v ?? null,
};

/** Not in Graph: whether delete leaves the workflow restorable in deletedItems (30 days) instead of purging it. */
const keepRestorableOnDelete: Field = {
    name: "keepRestorableOnDelete",
    description: "Leave a deleted workflow restorable in deletedItems for 30 days instead of purging it.",
    shape: bool("Leave a deleted workflow restorable in deletedItems for 30 days instead of purging it."),
    defaultValue: false,
    fromInput: (v, fail) => (typeof v === "boolean" ? v : fail("must be true or false")),
    fromGraph: (_body, previous) => previous ?? false,
};

function crossRules(c: Canonical): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const list = c.tasks as Task[] | undefined;
    if (Array.isArray(list) && list.length > MAX_TASKS)
        failures.push({ property: "tasks", reason: `a workflow holds at most ${MAX_TASKS} tasks (got ${list.length})` });
    if (c.isSchedulingEnabled === true && c.isEnabled === false)
        failures.push({ property: "isSchedulingEnabled", reason: "cannot be true on a workflow whose isEnabled is false" });
    (Array.isArray(list) ? list : []).forEach((t, i) => {
        if (!t || containsUnknown(t)) return;
        if (t.taskDefinitionId === RUN_CUSTOM_TASK_EXTENSION && !findExtensionArgument(t))
            failures.push({
                property: `tasks[${i}].arguments`,
                reason: `"Run a custom task extension" needs the argument ${CUSTOM_TASK_EXTENSION_ARGUMENT} (the extension's id)`,
            });
    });
    return failures;
}

function crossWarnings(c: Canonical): string[] {
    const list = Array.isArray(c.tasks) ? (c.tasks as Task[]) : [];
    return list
        .map((t, i) => (t?.taskDefinitionId === RETIRED_RUN_EXTENSION_ID ? i : -1))
        .filter((i) => i >= 0)
        .map(
            (i) =>
                `tasks[${i}].taskDefinitionId: ${RETIRED_RUN_EXTENSION_ID} is a retired preview id of "Run a custom task extension" ` +
                `that one Microsoft page still prints; Graph's task definition is ${RUN_CUSTOM_TASK_EXTENSION}`,
        );
}

/** Each "Run a custom task extension" task names a custom task extension (Graph refuses another id when the workflow is saved). */
function sites(c: Canonical): ReferenceSite[] {
    const list = Array.isArray(c.tasks) ? (c.tasks as Task[]) : [];
    return list.flatMap((t, i) => {
        if (!t || t.taskDefinitionId !== RUN_CUSTOM_TASK_EXTENSION || !Array.isArray(t.arguments)) return [];
        const arg = findExtensionArgument(t);
        const j = arg ? t.arguments.indexOf(arg) : -1;
        if (j < 0) return [];
        const rule = (named: NamedObject) =>
            named.family === customTaskExtension.name
                ? undefined
                : `names ${named.label}, a ${named.title}; "Run a custom task extension" runs a custom task extension`;
        return [{ property: `tasks[${i}].arguments[${j}].value`, id: t.arguments[j].value, rule }];
    });
}

/** The argument of a "Run a custom task extension" task that names the extension (any casing). */
export const findExtensionArgument = (t: Task) =>
    t.arguments.find((a) => a.name.toLowerCase() === CUSTOM_TASK_EXTENSION_ARGUMENT.toLowerCase());

export const lifecycleWorkflow: Family = {
    name: "lifecycleWorkflow",
    title: "lifecycle workflow",
    summary:
        "A Lifecycle workflow: its tasks run custom task extensions. The basic properties change with one " +
        "PATCH; tasks and executionConditions with one new version (createNewVersion). Delete purges it (see " +
        "keepRestorableOnDelete).",
    resourceType: "LifecycleWorkflow",
    shortName: "workflow",
    collection: { name: "workflows", declaredBy: "microsoft.graph.identityGovernance.lifecycleWorkflowsContainer" },
    fields: [
        enumField("category", "joiner, leaver or mover; a change replaces the workflow.", WORKFLOW_CATEGORY, {
            required: true,
            replaceOnChange: true,
        }),
        displayName,
        description,
        booleanField("isEnabled", "Whether the workflow runs; true when left out.", true),
        booleanField(
            "isSchedulingEnabled",
            "Whether it runs on its schedule; false when left out, and cannot be true on a disabled workflow.",
            false,
        ),
        executionConditions,
        tasks,
        keepRestorableOnDelete,
    ],
    crossRules,
    crossWarnings,
    // Only judged from the program: a known id is Graph's to refuse (the workflow names no object check reads).
    references: { of: (c) => c.tasks, sites },
    collectionPath: () => "/identityGovernance/lifecycleWorkflows/workflows",
    odataType: () => "#microsoft.graph.identityGovernance.workflow",
    typeOnUpdate: false,
    updateVerb: "PATCH",
    // The workflow resource page documents displayName as unique.
    uniqueNames: true,
    // Without it Graph answers `unknownFutureValue` for `mover` and a `createdDateTime` trigger.
    headers: { Prefer: "include-unknown-enum-members" },
    serverOutputs: ["createdDateTime", "lastModifiedDateTime", "version"],
    newVersion: { action: "createNewVersion", parameter: "workflow" },
    purge: {
        path: (id) => `/identityGovernance/lifecycleWorkflows/deletedItems/workflows/${encodeURIComponent(id)}`,
        unless: "keepRestorableOnDelete",
    },
    inlineNavigations: ["microsoft.graph.identityGovernance.workflowBase/tasks"],
};
