// The emulator's Azure Resource Manager surface over real HTTP: ARM's status codes, error shape,
// the asynchronous resource group delete, workflows with identity and callback URL, faults and log.
import { DEFAULT_TENANT_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { popAccessControl, workflowDefinition } from "../provider/logicApp/workflowDefinition";

const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const RG = `/subscriptions/${SUB}/resourcegroups/rg-arm`;
const WF = `/subscriptions/${SUB}/resourceGroups/rg-arm/providers/Microsoft.Logic/workflows/la-arm`;
const HOST = "https://prod-00\\.westeurope\\.logic\\.azure\\.com:443";
let emu: GraphEmulator;

beforeAll(async () => {
    emu = await startEmulator({ armRetryAfterSeconds: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function arm(method: string, path: string, body?: unknown, apiVersion: string | null = "2024-03-01") {
    const url = `${emu.url}${path}${apiVersion ? `${path.includes("?") ? "&" : "?"}api-version=${apiVersion}` : ""}`;
    const r = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
}

const workflowBody = (extra: Record<string, unknown> = {}) => ({
    location: "westeurope",
    identity: { type: "SystemAssigned" },
    properties: {
        state: "Enabled",
        definition: workflowDefinition({ kind: "customTaskExtension" }),
        accessControl: popAccessControl("customTaskExtension", DEFAULT_TENANT_ID, WF),
    },
    ...extra,
});

describe("resource groups", () => {
    test("PUT creates (201) then updates (200); GET and HEAD see it; ids and names keep the casing given", async () => {
        const created = await arm("PUT", RG, { location: "westeurope", tags: { team: "identity" } });
        expect(created.status).toBe(201);
        expect(created.body).toEqual({
            id: `/subscriptions/${SUB}/resourceGroups/rg-arm`,
            name: "rg-arm",
            type: "Microsoft.Resources/resourceGroups",
            location: "westeurope",
            tags: { team: "identity" },
            properties: { provisioningState: "Succeeded" },
        });
        expect((await arm("PUT", RG.replace("rg-arm", "RG-ARM"), { location: "West Europe" })).status).toBe(200);
        expect((await arm("GET", RG)).body.name).toBe("rg-arm");
        expect((await arm("HEAD", RG)).status).toBe(204);
        expect((await arm("HEAD", `${RG}-none`)).status).toBe(404);
    });

    test("ARM's refusals, in ARM's error shape (no innerError)", async () => {
        expect(await arm("GET", RG)).toMatchObject({
            status: 404,
            body: { error: { code: "ResourceGroupNotFound", message: "Resource group 'rg-arm' could not be found." } },
        });
        expect((await arm("GET", RG)).body.error.innerError).toBeUndefined();
        expect((await arm("PUT", RG, {})).body.error.code).toBe("LocationRequired");
        expect((await arm("GET", RG, undefined, null)).body.error.code).toBe("MissingApiVersionParameter");
        await arm("PUT", RG, { location: "westeurope" });
        const moved = await arm("PUT", RG, { location: "northeurope" });
        expect(moved).toMatchObject({ status: 409, body: { error: { code: "InvalidResourceGroupLocation" } } });
        expect((await arm("GET", `/subscriptions/${SUB}/providers/Microsoft.Storage/storageAccounts`)).status).toBe(404);
    });

    test("DELETE is asynchronous: 202, Location, Retry-After; no new workflow meanwhile; the poll ends it and its workflows", async () => {
        await arm("PUT", RG, { location: "westeurope" });
        await arm("PUT", WF, workflowBody(), "2019-05-01");
        const accepted = await arm("DELETE", RG);
        expect(accepted.status).toBe(202);
        expect(accepted.headers.get("retry-after")).toBe("0");
        const location = accepted.headers.get("location")!;
        expect(location).toMatch(new RegExp(`^/subscriptions/${SUB}/operationresults/[0-9a-f-]{36}\\?api-version=`));
        expect((await arm("GET", RG)).body.properties.provisioningState).toBe("Deleting");
        expect((await arm("PUT", WF, workflowBody(), "2019-05-01")).body.error.code).toBe("ResourceGroupBeingDeleted");
        expect((await arm("GET", location, undefined, null)).status).toBe(202);
        expect((await arm("GET", location, undefined, null)).status).toBe(200);
        expect((await arm("GET", RG)).status).toBe(404);
        expect(emu.arm.workflows.size).toBe(0);
    });
});

describe("workflows", () => {
    test("PUT needs the group; creates (201) with a system-assigned identity in the emulator's tenant; updates (200) keep it", async () => {
        expect((await arm("PUT", WF, workflowBody(), "2019-05-01")).body.error.code).toBe("ResourceGroupNotFound");
        await arm("PUT", RG, { location: "westeurope" });
        const created = await arm("PUT", WF, workflowBody(), "2019-05-01");
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
            id: WF,
            name: "la-arm",
            type: "Microsoft.Logic/workflows",
            location: "westeurope",
            identity: { type: "SystemAssigned", tenantId: DEFAULT_TENANT_ID },
            properties: { provisioningState: "Succeeded", state: "Enabled", accessControl: workflowBody().properties.accessControl },
        });
        expect(created.body.identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
        expect(created.body.properties.accessEndpoint).toMatch(new RegExp(`^${HOST}/workflows/[0-9a-f]{32}$`));
        const updated = await arm("PUT", WF, workflowBody({ tags: { a: "b" } }), "2019-05-01");
        expect(updated.status).toBe(200);
        expect(updated.body.identity.principalId).toBe(created.body.identity.principalId);
        expect(updated.body.properties.createdTime).toBe(created.body.properties.createdTime);
        expect(updated.body.properties.version).not.toBe(created.body.properties.version);
        expect((await arm("GET", WF, undefined, "2019-05-01")).body.tags).toEqual({ a: "b" });
    });

    test("definitions and policies are checked: a trigger without type, a policy type other than AAD/AADPOP", async () => {
        await arm("PUT", RG, { location: "westeurope" });
        const def = workflowDefinition({ kind: "customTaskExtension" }) as any;
        const noType = { ...def, triggers: { manual: { kind: "Http" } } };
        const untyped = await arm("PUT", WF, workflowBody({ properties: { definition: noType } }), "2019-05-01");
        expect(untyped.body.error.code).toBe("InvalidWorkflowDefinition");
        const badPolicy = { triggers: { openAuthenticationPolicies: { policies: { p: { type: "Basic", claims: [] } } } } };
        const basic = await arm("PUT", WF, workflowBody({ properties: { definition: def, accessControl: badPolicy } }), "2019-05-01");
        expect(basic.body.error.code).toBe("InvalidAuthenticationPolicyType");
    });

    test("listCallbackUrl gives the Request trigger's signed URL; unknown triggers 404; DELETE answers 200 then 204", async () => {
        await arm("PUT", RG, { location: "westeurope" });
        await arm("PUT", WF, workflowBody(), "2019-05-01");
        const cb = await arm("POST", `${WF}/triggers/manual/listCallbackUrl`, undefined, "2019-05-01");
        expect(cb.status).toBe(200);
        expect(cb.body.method).toBe("POST");
        const invoke = `^${HOST}/workflows/[0-9a-f]{32}/triggers/manual/paths/invoke\\?api-version=2016-10-01&sp=.*&sig=[\\w-]{43}$`;
        expect(cb.body.value).toMatch(new RegExp(invoke));
        expect(cb.body.queries).toMatchObject({ "api-version": "2016-10-01", sv: "1.0", sp: "/triggers/manual/run" });
        const other = await arm("POST", `${WF}/triggers/other/listCallbackUrl`, undefined, "2019-05-01");
        expect(other.body.error.code).toBe("WorkflowTriggerNotFound");
        expect((await arm("DELETE", WF, undefined, "2019-05-01")).status).toBe(200);
        expect((await arm("DELETE", WF, undefined, "2019-05-01")).status).toBe(204);
        expect((await arm("GET", WF, undefined, "2019-05-01")).body.error.code).toBe("ResourceNotFound");
    });
});

test("faults and the request log cover ARM paths like Graph's", async () => {
    emu.injectFault({ kind: "throttle", pathContains: "/resourcegroups/", retryAfterSeconds: 3 });
    const throttled = await arm("PUT", RG, { location: "westeurope" });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect(emu.arm.groups.size).toBe(0);
    emu.injectFault({ kind: "timeoutAfterStore", method: "PUT" });
    expect((await arm("PUT", RG, { location: "westeurope" })).status).toBe(504);
    expect(emu.arm.groups.size).toBe(1);
    expect(emu.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([`PUT ${RG} 429`, `PUT ${RG} 504`]);
});
