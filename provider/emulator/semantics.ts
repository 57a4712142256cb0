// What Graph does with the objects that make extensions fire, beyond storing them: what each names
// (an extension is in use while a listener, a workflow task or a policy stage names it), what it must
// name to be saved, what the server fills in, and how a read answers ($expand, Prefer). Documented
// behaviour where there is some; where Graph's documentation is silent the safe reading is taken and
// marked "(ours)".

import { randomUUID } from "node:crypto";
import { GraphFailure, Json, withHash } from "./failures";
import {
    ACCESS_PACKAGE_EXTENSIONS as ACCESS_PACKAGE_TYPES,
    AUTHENTICATION_EVENT_EXTENSIONS as AUTHENTICATION_EXTENSION_TYPES,
    CUSTOM_TASK_EXTENSION_ARGUMENT_NAME as CUSTOM_TASK_EXTENSION_ARGUMENT,
    EVENT_LISTENERS as LISTENER_TYPES,
    MAX_POLICY_STAGES as MAX_STAGES,
    MAX_WORKFLOW_TASKS as MAX_TASKS,
    RUN_CUSTOM_TASK_EXTENSION_TASK as RUN_CUSTOM_TASK_EXTENSION,
    STAGE_RUNS as STAGES,
} from "./graphFacts";

/** What these rules read of the store they check against (collections.ts's Collections). */
export interface Store {
    readonly objects: Map<string, { collection: string; catalogId?: string; body: Json; deleted?: boolean }>;
    readonly catalogs: Set<string>;
    listCatalogs(): Json[];
}

export interface ReadOptions {
    /** `$expand` as given. */
    expand?: string;
    /** Whether the request carried `Prefer: include-unknown-enum-members`. */
    unknownEnumMembers: boolean;
}

export interface Semantics {
    /** The ids of the extensions an object names. */
    names?(body: Json): string[];
    /** Refuses a body that names what does not exist, or breaks a documented rule. */
    validate?(body: Json, store: Store, where: { catalogId?: string; previous?: Json }): void;
    /** What the server sets on create, update and new version. */
    fill?(body: Json, how: { previous?: Json; newVersion: boolean }): Json;
    /** The answer to a read: navigations only when expanded, evolvable enum members only when asked for. */
    render?(body: Json, store: Store, read: ReadOptions): Json;
    /** A write is refused without `Prefer: include-unknown-enum-members` when it holds such a member. */
    needsUnknownEnumMembers?(body: Json): string | undefined;
}

const bad = (message: string) => new GraphFailure(400, "BadRequest", message);
const byType = (types: Record<string, string>, odata: unknown) => Object.keys(types).find((k) => withHash(types[k]) === withHash(odata));

/** The extension an id names in a collection, or a 400 as Graph refuses a reference to nothing (ours). */
function extension(store: Store, collection: string, id: unknown, catalogId?: string): Json {
    const o = typeof id === "string" ? store.objects.get(id) : undefined;
    if (!o || o.collection !== collection || o.deleted || (catalogId !== undefined && o.catalogId !== catalogId))
        throw bad(`The custom extension '${String(id)}' was not found${catalogId ? ` in catalog '${catalogId}'` : ""}.`);
    return o.body;
}

const listeners: Semantics = {
    names: (body) => [body.handler?.customExtension?.id].filter((x): x is string => typeof x === "string"),
    validate: (body) => {
        const event = byType(Object.fromEntries(Object.entries(LISTENER_TYPES).map(([k, v]) => [k, v.listener])), body["@odata.type"]);
        const handlerType = body.handler?.["@odata.type"];
        if (event && handlerType && withHash(handlerType) !== LISTENER_TYPES[event as keyof typeof LISTENER_TYPES].handler)
            throw bad(`A ${event} listener takes a handler of type ${LISTENER_TYPES[event as keyof typeof LISTENER_TYPES].handler}.`);
    },
    fill: (body) => {
        body.conditions ??= { applications: { includeApplications: [] } };
        body.conditions.applications ??= { includeApplications: [] };
        body.conditions.applications.includeApplications = (body.conditions.applications.includeApplications ?? []).map(
            ({ "@odata.type": _t, ...app }: Json) => app,
        );
        body.authenticationEventsFlowId ??= null;
        return body;
    },
};

/** Checks what a listener's handler names, against the extensions held (it must be of the listener's event type). */
export function checkListenerExtension(body: Json, store: Store) {
    const id = body.handler?.customExtension?.id;
    if (id === undefined) return;
    const ext = extension(store, "customAuthenticationExtensions", id);
    const event = byType(Object.fromEntries(Object.entries(LISTENER_TYPES).map(([k, v]) => [k, v.listener])), body["@odata.type"]);
    if (event && byType(AUTHENTICATION_EXTENSION_TYPES, ext["@odata.type"]) !== event)
        throw bad(`The custom extension '${id}' is a ${ext["@odata.type"]}; a ${body["@odata.type"]} runs ${event} extensions only.`);
}

/** Members of Graph's evolvable enums that come after `unknownFutureValue` (Graph's metadata). */
const EVOLVABLE = { category: ["mover"], timeBasedAttribute: ["createdDateTime"], taskCategory: ["mover"] };

/** The run-extension tasks' extension ids. */
const namedTaskExtensions = (body: Json): string[] =>
    ((body.tasks ?? []) as Json[])
        .filter((t) => t.taskDefinitionId === RUN_CUSTOM_TASK_EXTENSION)
        .flatMap((t) => (t.arguments ?? []) as Json[])
        .filter((a) => String(a.name).toLowerCase() === CUSTOM_TASK_EXTENSION_ARGUMENT.toLowerCase())
        .map((a) => String(a.value));

const workflows: Semantics = {
    names: namedTaskExtensions,
    validate: (body, store) => {
        const tasks = (body.tasks ?? []) as Json[];
        if (tasks.length > MAX_TASKS) throw bad(`A workflow can have at most ${MAX_TASKS} tasks.`);
        if (body.isSchedulingEnabled === true && body.isEnabled === false)
            throw bad("isSchedulingEnabled cannot be true for a workflow that is not enabled.");
        for (const id of namedTaskExtensions(body)) extension(store, "customTaskExtensions", id);
    },
    fill: (body, { previous, newVersion }) => {
        body.isEnabled ??= true;
        body.isSchedulingEnabled ??= false;
        body.deletedDateTime ??= null;
        body.nextScheduleRunDateTime ??= null;
        body.version = previous ? (previous.version ?? 1) + (newVersion ? 1 : 0) : 1;
        // A new version holds new task objects; a PATCH leaves the tasks as they were.
        if (!previous || newVersion)
            body.tasks = ((body.tasks ?? []) as Json[]).map((t, i) => ({
                category: body.category,
                continueOnError: false,
                description: null,
                isEnabled: true,
                arguments: [],
                ...t,
                "@odata.type": undefined,
                id: randomUUID(),
                executionSequence: i + 1,
            }));
        for (const t of body.tasks as Json[]) delete t["@odata.type"];
        return body;
    },
    render: (body, _store, read) => {
        if (read.unknownEnumMembers) return body;
        const out = structuredClone(body);
        if (EVOLVABLE.category.includes(out.category)) out.category = "unknownFutureValue";
        const trigger = out.executionConditions?.trigger;
        if (trigger && EVOLVABLE.timeBasedAttribute.includes(trigger.timeBasedAttribute)) trigger.timeBasedAttribute = "unknownFutureValue";
        for (const t of (out.tasks ?? []) as Json[])
            if (typeof t.category === "string")
                t.category = t.category
                    .split(",")
                    .map((c: string) => (EVOLVABLE.taskCategory.includes(c) ? "unknownFutureValue" : c))
                    .join(",");
        return out;
    },
    needsUnknownEnumMembers: (body) => {
        if (EVOLVABLE.category.includes(body.category)) return `category '${body.category}'`;
        const attr = body.executionConditions?.trigger?.timeBasedAttribute;
        if (EVOLVABLE.timeBasedAttribute.includes(attr)) return `timeBasedAttribute '${attr}'`;
        return undefined;
    },
};

/** The catalog of an access package, or a 400 when the package does not exist. */
function catalogOfPackage(store: Store, accessPackageId: unknown): string {
    const p = typeof accessPackageId === "string" ? store.objects.get(accessPackageId) : undefined;
    if (!p || p.collection !== "accessPackages") throw bad(`The access package '${String(accessPackageId)}' was not found.`);
    return String(p.body.catalog?.id);
}

const policies: Semantics = {
    names: (body) => ((body.customExtensionStageSettings ?? []) as Json[]).map((s) => s.customExtension?.id).filter(Boolean),
    validate: (body, store) => {
        const catalogId = catalogOfPackage(store, body.accessPackage?.id);
        const stages = (body.customExtensionStageSettings ?? []) as Json[];
        if (stages.length > MAX_STAGES) throw bad(`A policy can have at most ${MAX_STAGES} custom extension stage settings.`);
        for (const s of stages) {
            if (!Object.hasOwn(STAGES, s.stage)) throw bad(`'${s.stage}' is not an accessPackageCustomExtensionStage.`);
            const ext = extension(store, "customWorkflowExtensions", s.customExtension?.id, catalogId);
            if (byType(ACCESS_PACKAGE_TYPES, ext["@odata.type"]) !== STAGES[s.stage])
                throw bad(`Stage ${s.stage} cannot run the custom extension '${s.customExtension.id}' (${ext["@odata.type"]}).`);
        }
    },
    // A PUT that leaves the stages or the questions out removes them (the safe reading of an undocumented case; ours).
    fill: (body, { previous }) => {
        body.customExtensionStageSettings = ((body.customExtensionStageSettings ?? []) as Json[]).map((s) => ({
            id: randomUUID(),
            stage: s.stage,
            customExtension: { id: s.customExtension.id },
        }));
        body.questions ??= [];
        body.accessPackage = { id: body.accessPackage.id };
        body.createdDateTime = previous?.createdDateTime ?? new Date().toISOString();
        body.modifiedDateTime = new Date().toISOString();
        delete body["@odata.type"];
        return body;
    },
    // Navigations are answered only when expanded: accessPackage, catalog, questions, customExtensionStageSettings
    // (whose customExtension is the whole extension when expanded in turn).
    render: (body, store, read) => {
        const expand = expansions(read.expand);
        const out: Json = { ...body };
        for (const nav of ["accessPackage", "questions", "customExtensionStageSettings"]) if (!(nav in expand)) delete out[nav];
        if ("accessPackage" in expand) out.accessPackage = store.objects.get(body.accessPackage.id)?.body ?? body.accessPackage;
        if ("catalog" in expand) out.catalog = store.listCatalogs().find((c) => c.id === catalogOfPackage(store, body.accessPackage.id));
        if ("customExtensionStageSettings" in expand)
            out.customExtensionStageSettings = (body.customExtensionStageSettings as Json[]).map((s) => ({
                ...s,
                customExtension: /customExtension/.test(expand.customExtensionStageSettings)
                    ? (store.objects.get(s.customExtension.id)?.body ?? s.customExtension)
                    : undefined,
            }));
        return out;
    },
};

const accessPackages: Semantics = {
    validate: (body, store) => {
        if (!store.catalogs.has(String(body.catalog?.id))) throw bad(`The catalog '${String(body.catalog?.id)}' was not found.`);
    },
    fill: (body) => {
        body.catalog = { id: body.catalog.id };
        body.isHidden ??= false;
        delete body["@odata.type"];
        return body;
    },
    render: (body, _store, read) => ("catalog" in expansions(read.expand) ? body : { ...body, catalog: undefined }),
};

/** `a,b($expand=c)` -> {a: "", b: "$expand=c"}: the top-level navigations of an `$expand` and their nested options. */
export function expansions(expand: string | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (!expand) return out;
    let depth = 0;
    let start = 0;
    const parts: string[] = [];
    for (let i = 0; i <= expand.length; i++) {
        const ch = expand[i];
        if (ch === "(") depth++;
        else if (ch === ")") depth--;
        else if ((ch === "," && depth === 0) || i === expand.length) {
            parts.push(expand.slice(start, i).trim());
            start = i + 1;
        }
    }
    for (const p of parts.filter(Boolean)) {
        const m = /^([^(]+)(?:\((.*)\))?$/.exec(p);
        if (m) out[m[1].trim()] = m[2] ?? "";
    }
    return out;
}

export const SEMANTICS: Record<string, Semantics> = {
    authenticationEventListeners: {
        ...listeners,
        validate: (body, store, where) => {
            listeners.validate!(body, store, where);
            checkListenerExtension(body, store);
        },
    },
    workflows,
    assignmentPolicies: policies,
    accessPackages,
};
