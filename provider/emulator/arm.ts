// The few Azure Resource Manager operations ExtensionLogicApp needs, served by the emulator beside
// Graph: resource groups (deleted asynchronously: 202, Location, Retry-After, polling) and
// Microsoft.Logic/workflows (definition, access control policies, system-assigned identity, trigger
// callback URL). Status codes, error codes and shapes are ARM's where they are documented; where
// they are not (the policy type refusal, the emulator's own 404 for unserved types) they are ours.

import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { CLOUDS, CloudName } from "../graph/settings";
import { GraphFailure, Json } from "./collections";

export interface ArmOptions {
    /** The tenant of the managed identities the emulator creates (and the PoP issuer it expects). */
    tenantId: string;
    /** The cloud whose ARM this stands for: its Logic Apps domain in endpoints, its hosts in the wiring check (AzureCloud by default). */
    cloud?: CloudName;
    /** Retry-After of an asynchronous operation's 202 answers: 1 by default (ARM says 15; a local run need not wait that long). */
    asyncRetryAfterSeconds?: number;
    /** How many polls of an asynchronous operation answer 202 before it is done. */
    asyncPolls?: number;
}

export interface ArmAnswer {
    status: number;
    body?: Json;
    headers?: Record<string, string>;
}

export interface ResourceGroupState {
    subscriptionId: string;
    name: string;
    location: string;
    tags?: Record<string, string>;
    managedBy?: string;
    /** Set while an asynchronous delete runs: the group answers "Deleting" and refuses new resources. */
    deletingOperation?: string;
}

export interface WorkflowState {
    subscriptionId: string;
    resourceGroupName: string;
    name: string;
    location: string;
    tags?: Record<string, string>;
    identity?: { type: "SystemAssigned"; principalId: string; tenantId: string };
    /** The workflow's properties as stored: state, definition, parameters, accessControl, ... */
    properties: Json;
    createdTime: string;
    changedTime: string;
    version: string;
    /** The id in the workflow's access endpoint (Logic Apps' own, not the ARM id). */
    accessId: string;
}

interface Operation {
    subscriptionId: string;
    groupKey: string;
    pollsLeft: number;
}

const SEGMENT = "([^/]+)";
const GROUP = `^/subscriptions/${SEGMENT}/resourcegroups/${SEGMENT}`;
const WORKFLOW = `${GROUP}/providers/microsoft\\.logic/workflows/${SEGMENT}`;
const PATTERNS = {
    operation: new RegExp(`^/subscriptions/${SEGMENT}/operationresults/${SEGMENT}$`, "i"),
    group: new RegExp(`${GROUP}$`, "i"),
    workflow: new RegExp(`${WORKFLOW}$`, "i"),
    callbackUrl: new RegExp(`${WORKFLOW}/triggers/${SEGMENT}/listcallbackurl$`, "i"),
};

/** Paths the ARM surface answers (everything under /subscriptions/). */
export function isArmPath(path: string): boolean {
    return /^\/subscriptions\//i.test(path);
}

export const groupKey = (subscriptionId: string, group: string) => `${subscriptionId}/${group}`.toLowerCase();
export const workflowKey = (subscriptionId: string, group: string, name: string) => `${subscriptionId}/${group}/${name}`.toLowerCase();

const groupId = (g: { subscriptionId: string; name: string }) => `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`;
export const workflowId = (w: { subscriptionId: string; resourceGroupName: string; name: string }) =>
    `/subscriptions/${w.subscriptionId}/resourceGroups/${w.resourceGroupName}/providers/Microsoft.Logic/workflows/${w.name}`;

const API_VERSION_REQUIRED = "The api-version query parameter (?api-version=) is required for all requests.";
const LOCATION_REQUIRED = "The location property is required for this definition.";
const beingDeleted = (group: string) =>
    armError(
        409,
        "ResourceGroupBeingDeleted",
        `The resource group '${group}' is in deprovisioning state and cannot perform this operation.`,
    );

const armError = (status: number, code: string, message: string, headers?: Record<string, string>) =>
    new GraphFailure(status, code, message, headers);

/** Logic Apps' `version` is an opaque, ever-changing number-like string. */
const newVersion = () => `0858${BigInt(Date.now()) * 10000n + BigInt(Math.floor(Math.random() * 10000))}`;

export class ArmSurface {
    readonly groups = new Map<string, ResourceGroupState>();
    readonly workflows = new Map<string, WorkflowState>();
    private readonly operations = new Map<string, Operation>();
    /** Signs the trigger callback URLs; per emulator, never logged. */
    private readonly signingKey = randomBytes(32);

    readonly cloud: CloudName;

    constructor(private readonly options: ArmOptions) {
        this.cloud = options.cloud ?? "AzureCloud";
    }

    /** Whether the surface holds anything in this subscription: the Graph side then checks Logic App wiring against it. */
    holdsSubscription(subscriptionId: string): boolean {
        const prefix = `${subscriptionId}/`.toLowerCase();
        return [...this.groups.keys()].some((k) => k.startsWith(prefix));
    }

    group(subscriptionId: string, name: string): ResourceGroupState | undefined {
        return this.groups.get(groupKey(subscriptionId, name));
    }

    workflow(subscriptionId: string, group: string, name: string): WorkflowState | undefined {
        return this.workflows.get(workflowKey(subscriptionId, group, name));
    }

    reset() {
        this.groups.clear();
        this.workflows.clear();
        this.operations.clear();
    }

    handle(method: string, path: string, query: URLSearchParams, body: Json | undefined): ArmAnswer {
        const p = path.replace(/\/+$/, "");
        if (!query.get("api-version")) throw armError(400, "MissingApiVersionParameter", API_VERSION_REQUIRED);
        const dec = (m: RegExpExecArray) => m.slice(1).map((s) => decodeURIComponent(s));
        let m = PATTERNS.callbackUrl.exec(p);
        if (m) {
            if (method !== "POST") throw notAllowed(method);
            const [sub, rg, name, trigger] = dec(m);
            return this.callbackUrl(sub, rg, name, trigger);
        }
        if ((m = PATTERNS.workflow.exec(p))) {
            const [sub, rg, name] = dec(m);
            if (method === "PUT") return this.putWorkflow(sub, rg, name, body ?? {});
            if (method === "GET") return { status: 200, body: this.workflowBody(this.existingWorkflow(sub, rg, name)) };
            if (method === "DELETE") return this.deleteWorkflow(sub, rg, name);
            throw notAllowed(method);
        }
        if ((m = PATTERNS.group.exec(p))) {
            const [sub, rg] = dec(m);
            if (method === "PUT") return this.putGroup(sub, rg, body ?? {});
            if (method === "GET") return { status: 200, body: this.groupBody(this.existingGroup(sub, rg)) };
            if (method === "HEAD") return { status: this.group(sub, rg) ? 204 : 404 };
            if (method === "DELETE") return this.deleteGroup(sub, rg);
            throw notAllowed(method);
        }
        if ((m = PATTERNS.operation.exec(p))) {
            if (method !== "GET") throw notAllowed(method);
            return this.poll(dec(m)[1]);
        }
        // Ours: the real ARM would name the namespace and api-version it lacks.
        throw armError(404, "InvalidResourceType", `The emulator's ARM surface serves groups and Logic Apps workflows only, not '${p}'.`);
    }

    // ---- resource groups ----
    private existingGroup(sub: string, rg: string): ResourceGroupState {
        const g = this.group(sub, rg);
        if (!g) throw armError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
        return g;
    }

    private putGroup(sub: string, rg: string, body: Json): ArmAnswer {
        const location = body.location;
        if (typeof location !== "string" || !location) throw armError(400, "LocationRequired", LOCATION_REQUIRED);
        const existing = this.group(sub, rg);
        if (existing?.deletingOperation) throw beingDeleted(existing.name);
        if (existing && normalizeLocation(existing.location) !== normalizeLocation(location))
            throw armError(
                409,
                "InvalidResourceGroupLocation",
                `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
            );
        const name = existing?.name ?? rg;
        const g: ResourceGroupState = { subscriptionId: sub, name, location, tags: body.tags, managedBy: body.managedBy };
        this.groups.set(groupKey(sub, rg), g);
        return { status: existing ? 200 : 201, body: this.groupBody(g) };
    }

    private groupBody(g: ResourceGroupState): Json {
        return {
            id: groupId(g),
            name: g.name,
            type: "Microsoft.Resources/resourceGroups",
            location: g.location,
            ...(g.tags ? { tags: g.tags } : {}),
            ...(g.managedBy ? { managedBy: g.managedBy } : {}),
            properties: { provisioningState: g.deletingOperation ? "Deleting" : "Succeeded" },
        };
    }

    /** ARM deletes a group asynchronously: 202 with a Location to poll; the group and what it holds go when the operation ends. */
    private deleteGroup(sub: string, rg: string): ArmAnswer {
        const g = this.existingGroup(sub, rg);
        const key = groupKey(sub, rg);
        let id = g.deletingOperation;
        if (!id) {
            id = randomUUID();
            g.deletingOperation = id;
            this.operations.set(id, { subscriptionId: sub, groupKey: key, pollsLeft: this.options.asyncPolls ?? 1 });
        }
        return { status: 202, headers: this.asyncHeaders(sub, id) };
    }

    private asyncHeaders(sub: string, id: string): Record<string, string> {
        return {
            Location: `/subscriptions/${sub}/operationresults/${id}?api-version=2024-03-01`,
            "Retry-After": String(this.options.asyncRetryAfterSeconds ?? 1),
        };
    }

    private poll(id: string): ArmAnswer {
        const op = this.operations.get(id);
        if (!op) throw armError(404, "OperationNotFound", `The operation '${id}' could not be found.`);
        if (op.pollsLeft > 0) {
            op.pollsLeft--;
            return { status: 202, headers: this.asyncHeaders(op.subscriptionId, id) };
        }
        this.groups.delete(op.groupKey);
        for (const [k] of this.workflows) if (k.startsWith(`${op.groupKey}/`)) this.workflows.delete(k);
        this.operations.delete(id);
        return { status: 200 };
    }

    // ---- workflows ----
    private existingWorkflow(sub: string, rg: string, name: string): WorkflowState {
        const w = this.workflow(sub, rg, name);
        if (!w) {
            if (!this.group(sub, rg)) throw armError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
            throw armError(
                404,
                "ResourceNotFound",
                `The Resource 'Microsoft.Logic/workflows/${name}' under resource group '${rg}' was not found. ` +
                    "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
            );
        }
        return w;
    }

    private putWorkflow(sub: string, rg: string, name: string, body: Json): ArmAnswer {
        const g = this.existingGroup(sub, rg);
        if (g.deletingOperation) throw beingDeleted(g.name);
        if (typeof body.location !== "string" || !body.location) throw armError(400, "LocationRequired", LOCATION_REQUIRED);
        const props: Json = body.properties ?? {};
        validateDefinition(props.definition);
        validateAccessControl(props.accessControl);
        const existing = this.workflow(sub, rg, name);
        if (existing && normalizeLocation(existing.location) !== normalizeLocation(body.location))
            throw armError(
                400,
                "LocationNotAvailableForResourceUpdate",
                `The location of the workflow '${name}' cannot be changed from '${existing.location}'.`,
            );
        const identityType = body.identity?.type ?? "None";
        if (!["None", "SystemAssigned"].includes(identityType))
            // Ours: Logic Apps takes user-assigned identities too; ExtensionLogicApp never asks for one.
            throw armError(400, "UnsupportedIdentityType", `Workflows here take identity SystemAssigned or None (got '${identityType}').`);
        const now = new Date().toISOString();
        const w: WorkflowState = {
            subscriptionId: sub,
            resourceGroupName: g.name,
            name: existing?.name ?? name,
            location: body.location,
            tags: body.tags,
            identity:
                identityType === "SystemAssigned"
                    ? {
                          type: "SystemAssigned",
                          principalId: existing?.identity?.principalId ?? randomUUID(),
                          tenantId: this.options.tenantId,
                      }
                    : undefined,
            properties: { ...props, state: props.state ?? "Enabled" },
            createdTime: existing?.createdTime ?? now,
            changedTime: now,
            version: newVersion(),
            accessId: existing?.accessId ?? randomUUID().replace(/-/g, ""),
        };
        this.workflows.set(workflowKey(sub, rg, name), w);
        return { status: existing ? 200 : 201, body: this.workflowBody(w) };
    }

    private deleteWorkflow(sub: string, rg: string, name: string): ArmAnswer {
        this.existingGroup(sub, rg);
        // Logic Apps answers 204 for a workflow that is already gone.
        return { status: this.workflows.delete(workflowKey(sub, rg, name)) ? 200 : 204 };
    }

    private host(w: WorkflowState) {
        return `prod-00.${normalizeLocation(w.location)}.${CLOUDS[this.cloud].logicApps}`;
    }

    workflowBody(w: WorkflowState): Json {
        const { state, definition, parameters, accessControl, integrationAccount, integrationServiceEnvironment } = w.properties;
        return {
            id: workflowId(w),
            name: w.name,
            type: "Microsoft.Logic/workflows",
            location: w.location,
            ...(w.tags ? { tags: w.tags } : {}),
            ...(w.identity ? { identity: w.identity } : {}),
            properties: {
                provisioningState: "Succeeded",
                createdTime: w.createdTime,
                changedTime: w.changedTime,
                state,
                version: w.version,
                accessEndpoint: `https://${this.host(w)}:443/workflows/${w.accessId}`,
                endpointsConfiguration: {
                    workflow: { outgoingIpAddresses: [{ address: "192.0.2.10" }], accessEndpointIpAddresses: [{ address: "192.0.2.20" }] },
                    connector: { outgoingIpAddresses: [{ address: "192.0.2.30" }] },
                },
                ...(accessControl ? { accessControl } : {}),
                ...(integrationAccount ? { integrationAccount } : {}),
                ...(integrationServiceEnvironment ? { integrationServiceEnvironment } : {}),
                definition: definition ?? {},
                parameters: parameters ?? {},
            },
        };
    }

    /** POST .../triggers/{name}/listCallbackUrl: the trigger's SAS URL. Only Request triggers have one. */
    private callbackUrl(sub: string, rg: string, name: string, trigger: string): ArmAnswer {
        const w = this.existingWorkflow(sub, rg, name);
        const t = w.properties.definition?.triggers?.[trigger];
        if (!t) throw armError(404, "WorkflowTriggerNotFound", `The workflow '${w.name}' trigger '${trigger}' could not be found.`);
        if (t.type !== "Request")
            throw armError(400, "WorkflowTriggerCallbackUrlNotSupported", `Trigger '${trigger}' (${t.type}) has no callback URL.`);
        const sp = `/triggers/${trigger}/run`;
        const sig = createHmac("sha256", this.signingKey).update(`${w.accessId}${sp}`).digest("base64url");
        const basePath = `https://${this.host(w)}/workflows/${w.accessId}/triggers/${trigger}/paths/invoke`;
        const queries = { "api-version": "2016-10-01", sp, sv: "1.0", sig };
        const qs = new URLSearchParams(queries).toString();
        const value = `https://${this.host(w)}:443/workflows/${w.accessId}/triggers/${trigger}/paths/invoke?${qs}`;
        return { status: 200, body: { value, method: "POST", basePath, queries } };
    }
}

function notAllowed(method: string) {
    return armError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
}

/** ARM compares locations by their name without spaces and case: "West Europe" is "westeurope". */
export function normalizeLocation(l: string): string {
    return l.replace(/\s+/g, "").toLowerCase();
}

function validateDefinition(definition: unknown) {
    if (definition === undefined) return;
    const bad = (why: string) => armError(400, "InvalidWorkflowDefinition", `The workflow definition is not valid: ${why}.`);
    if (!definition || typeof definition !== "object") throw bad("it must be an object");
    const d = definition as Json;
    if (typeof d.$schema !== "string") throw bad("'$schema' is required");
    const triggersIsObject = typeof d.triggers === "object" && !Array.isArray(d.triggers);
    if (d.triggers !== undefined && !triggersIsObject) throw bad("'triggers' must be an object");
    const untyped = (x: unknown) => !x || typeof (x as Json).type !== "string";
    for (const [n, t] of Object.entries(d.triggers ?? {})) if (untyped(t)) throw bad(`trigger '${n}' has no type`);
    for (const [n, a] of Object.entries(d.actions ?? {})) if (untyped(a)) throw bad(`action '${n}' has no type`);
}

function validateAccessControl(accessControl: unknown) {
    const policies = (accessControl as Json | undefined)?.triggers?.openAuthenticationPolicies?.policies ?? {};
    for (const [name, p] of Object.entries(policies as Json)) {
        // Ours: Logic Apps takes "AAD" and "AADPOP" and refuses other types with an error we do not know.
        if (!["AAD", "AADPOP"].includes(p?.type))
            throw armError(400, "InvalidAuthenticationPolicyType", `The policy '${name}' has type '${p?.type}'; use AAD or AADPOP.`);
        if (!Array.isArray(p.claims) || p.claims.some((c: Json) => typeof c?.name !== "string" || typeof c?.value !== "string"))
            throw armError(400, "InvalidAuthenticationPolicyClaims", `The policy '${name}' must list its claims as {name, value} strings.`);
    }
}
