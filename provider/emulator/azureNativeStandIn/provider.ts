// What the stand-in serves: the azure-native resource types and function ExtensionLogicApp and its
// examples use, with azure-native's input and output shapes, carried out against the emulator's ARM
// surface. Anything else is refused at check with a message pointing at the real plugin.

import type { Provider } from "@pulumi/pulumi/provider";
import { ArmClient, ArmError, armSettings } from "./armClient";

const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";
const WORKFLOW = "azure-native:logic:Workflow";
const CALLBACK_URL = "azure-native:logic:listWorkflowTriggerCallbackUrl";
export const SERVED = [RESOURCE_GROUP, WORKFLOW, CALLBACK_URL];

/** The API versions azure-native 3.x uses for these types by default (its azureApiVersion output). */
const API = { [RESOURCE_GROUP]: "2024-03-01", [WORKFLOW]: "2019-05-01" } as const;

// How the engine marks secrets and unknowns in the plain JSON this provider host hands over.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const secret = (value: unknown) => ({ [SECRET_SIG]: SECRET_VALUE, value });

/** Inputs with secret wrappers removed, as they go to ARM. */
function plain(v: any): any {
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === "object") {
        if (v[SECRET_SIG] === SECRET_VALUE) return plain(v.value);
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    }
    return v;
}

const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;

/** The id ARM gives: /subscriptions/{s}/resourceGroups/{rg}[/providers/Microsoft.Logic/workflows/{name}]. */
function parseId(id: string) {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)(?:\/providers\/Microsoft\.Logic\/workflows\/([^/]+))?$/i.exec(id);
    if (!m) throw new ArmError(`not an id this stand-in made: ${id}`, 0);
    return { subscriptionId: m[1], resourceGroupName: m[2], workflowName: m[3] };
}

const groupPath = (sub: string, rg: string) => `/subscriptions/${sub}/resourcegroups/${encodeURIComponent(rg)}`;
const workflowPath = (sub: string, rg: string, name: string) =>
    `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(rg)}/providers/Microsoft.Logic/workflows/${encodeURIComponent(name)}`;

const NOT_SERVED = `is not served by the offline azure-native stand-in (it serves ${SERVED.join(", ")})`;

const pathOf = (type: string, p: ReturnType<typeof parseId>) =>
    type === RESOURCE_GROUP
        ? groupPath(p.subscriptionId, p.resourceGroupName)
        : workflowPath(p.subscriptionId, p.resourceGroupName, p.workflowName!);

const answered = (method: string, path: string, r: { status: number; body: any }) =>
    new ArmError(`ARM ${method} ${path} answered ${r.status} ${r.body?.error?.code ?? ""}: ${r.body?.error?.message ?? ""}`, r.status);

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** ARM's resource group JSON in azure-native's output shape. */
function groupOutputs(b: any) {
    return defined({
        azureApiVersion: API[RESOURCE_GROUP],
        location: b.location,
        managedBy: b.managedBy,
        name: b.name,
        properties: b.properties,
        tags: b.tags,
        type: b.type,
    });
}

/** ARM's workflow JSON in azure-native's output shape: the properties flattened, identity as ARM gives it. */
function workflowOutputs(b: any) {
    const p = b.properties ?? {};
    return defined({
        accessControl: p.accessControl,
        accessEndpoint: p.accessEndpoint,
        azureApiVersion: API[WORKFLOW],
        changedTime: p.changedTime,
        createdTime: p.createdTime,
        definition: p.definition,
        endpointsConfiguration: p.endpointsConfiguration,
        identity: b.identity,
        integrationAccount: p.integrationAccount,
        integrationServiceEnvironment: p.integrationServiceEnvironment,
        location: b.location,
        name: b.name,
        parameters: p.parameters,
        provisioningState: p.provisioningState,
        sku: p.sku,
        state: p.state,
        tags: b.tags,
        type: b.type,
        version: p.version,
    });
}

/** The inputs that, given to azure-native, would produce this workflow (for refresh and import). */
function workflowInputs(rg: string, b: any) {
    const p = b.properties ?? {};
    return defined({
        accessControl: p.accessControl,
        definition: p.definition,
        identity: b.identity ? { type: b.identity.type } : undefined,
        location: b.location,
        parameters: p.parameters && Object.keys(p.parameters).length ? p.parameters : undefined,
        resourceGroupName: rg,
        state: p.state,
        tags: b.tags,
        workflowName: b.name,
    });
}

/** Deep equality of JSON values; an unknown (preview) value equals nothing. */
function same(a: unknown, b: unknown): boolean {
    if (a === UNKNOWN || b === UNKNOWN) return false;
    if (Array.isArray(a) || Array.isArray(b))
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
    if (a && b && typeof a === "object" && typeof b === "object") {
        const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
        const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
        return ka.length === kb.length && ka.every((k) => same((a as any)[k], (b as any)[k]));
    }
    return a === b;
}

const squashed = (l: string) => l.replace(/\s+/g, "").toLowerCase();
const sameLocation = (a: unknown, b: unknown) =>
    typeof a === "string" && typeof b === "string" ? squashed(a) === squashed(b) : same(a, b);

interface TypeSpec {
    required: string[];
    /** Inputs that name the resource: a change replaces it (deleted first, since the name stays taken). */
    replaceOn: string[];
    /** Inputs compared with the old outputs of the same name to find an update. */
    updatable: string[];
    /** Of those, the ones the service fills in when they are not given: left out, they are no change. */
    defaulted: string[];
}

const TYPES: Record<string, TypeSpec> = {
    [RESOURCE_GROUP]: {
        required: ["resourceGroupName", "location"],
        replaceOn: ["resourceGroupName", "location"],
        updatable: ["tags", "managedBy"],
        defaulted: [],
    },
    [WORKFLOW]: {
        required: ["resourceGroupName", "workflowName"],
        replaceOn: ["resourceGroupName", "workflowName", "location"],
        updatable: ["accessControl", "definition", "endpointsConfiguration", "integrationAccount", "parameters", "state", "tags"],
        defaulted: ["endpointsConfiguration", "parameters", "state", "definition"],
    },
};

/** What the old state says each naming input was. */
function namedBy(type: string, id: string, olds: any): Record<string, unknown> {
    const p = parseId(id);
    return type === RESOURCE_GROUP
        ? { resourceGroupName: p.resourceGroupName, location: olds.location }
        : { resourceGroupName: p.resourceGroupName, workflowName: p.workflowName, location: olds.location };
}

export function standInProvider(version: string): Provider {
    let client: ArmClient | undefined;
    const arm = () => (client ??= new ArmClient(armSettings()));

    async function put(type: string, inputs: any): Promise<{ id: string; outs: any }> {
        const i = plain(inputs);
        const sub = arm().settings.subscriptionId;
        if (type === RESOURCE_GROUP) {
            const body = defined({ location: i.location, managedBy: i.managedBy, tags: i.tags });
            const b = await arm().ok("PUT", groupPath(sub, i.resourceGroupName), API[type], body);
            return { id: b.id, outs: groupOutputs(b) };
        }
        // azure-native puts a workflow without a location in its resource group's location.
        const location = i.location ?? (await arm().ok("GET", groupPath(sub, i.resourceGroupName), API[RESOURCE_GROUP])).location;
        const properties = defined({
            state: i.state,
            definition: i.definition,
            parameters: i.parameters,
            accessControl: i.accessControl,
            endpointsConfiguration: i.endpointsConfiguration,
            integrationAccount: i.integrationAccount,
            integrationServiceEnvironment: i.integrationServiceEnvironment,
        });
        const body = defined({ location, tags: i.tags, identity: i.identity, properties });
        const b = await arm().ok("PUT", workflowPath(sub, i.resourceGroupName, i.workflowName), API[WORKFLOW], body);
        return { id: b.id, outs: workflowOutputs(b) };
    }

    return {
        version,

        async check(urn, olds, news) {
            const type = typeOf(urn);
            const spec = TYPES[type];
            if (!spec)
                return {
                    inputs: news,
                    failures: [{ property: "", reason: `${type} ${NOT_SERVED}; use the real plugin` }],
                };
            const missing = spec.required.filter((k) => news[k] === undefined || news[k] === "");
            const failures = missing.map((k) => ({ property: k, reason: `${k} is required` }));
            return { inputs: news, failures };
        },

        async diff(id, urn, olds, news) {
            const type = typeOf(urn);
            const spec = TYPES[type];
            const before = namedBy(type, id, olds);
            const replaces = spec.replaceOn.filter((k) => {
                if (news[k] === undefined && k === "location") return false; // defaulted from the group
                return k === "location" ? !sameLocation(before[k], news[k]) : !same(before[k], news[k]);
            });
            const left = (k: string) => news[k] === undefined && spec.defaulted.includes(k);
            const changed = spec.updatable.filter((k) => !left(k) && !same(plain(olds[k]), plain(news[k])));
            // identity: compare the type only; ARM adds principalId and tenantId.
            if (type === WORKFLOW && (olds.identity?.type ?? "None") !== (plain(news.identity)?.type ?? "None")) changed.push("identity");
            return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
        },

        async create(urn, inputs) {
            return put(typeOf(urn), inputs);
        },

        async update(id, urn, olds, news) {
            return { outs: (await put(typeOf(urn), news)).outs };
        },

        async read(id, urn) {
            const type = typeOf(urn);
            const p = parseId(id);
            const path = pathOf(type, p);
            const r = await arm().request("GET", path, API[type as keyof typeof API]);
            if (r.status === 404) return { id: "", props: {} };
            if (r.status !== 200) throw answered("GET", path, r);
            const b = r.body;
            if (type === RESOURCE_GROUP)
                return {
                    id,
                    props: groupOutputs(b),
                    inputs: defined({ resourceGroupName: b.name, location: b.location, tags: b.tags, managedBy: b.managedBy }),
                };
            return { id, props: workflowOutputs(r.body), inputs: workflowInputs(p.resourceGroupName, r.body) };
        },

        async delete(id, urn) {
            const type = typeOf(urn);
            const path = pathOf(type, parseId(id));
            const r = await arm().request("DELETE", path, API[type as keyof typeof API]);
            // Already gone (or its group is) counts as deleted, as azure-native has it.
            if (r.status === 404 || (r.status >= 200 && r.status < 300)) return;
            throw answered("DELETE", path, r);
        },

        async invoke(token, args) {
            if (token !== CALLBACK_URL) return { failures: [{ property: "", reason: `${token} ${NOT_SERVED}` }] };
            const a = plain(args);
            const workflow = workflowPath(arm().settings.subscriptionId, a.resourceGroupName, a.workflowName);
            const path = `${workflow}/triggers/${encodeURIComponent(a.triggerName)}/listCallbackUrl`;
            const b = await arm().ok("POST", path, API[WORKFLOW]);
            // The URL carries the trigger's SAS signature: whoever holds it can call the workflow.
            const { method, basePath, relativePath } = b;
            return { outputs: defined({ value: secret(b.value), method, basePath, relativePath, queries: secret(b.queries) }) };
        },
    };
}
