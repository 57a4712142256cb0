// ExtensionLogicApp's `clientId` resource, its provider against the emulator over real HTTP: the app id of the
// Logic App identity's service principal, read once on create (waiting for a principal that appears late),
// again on refresh, gone with the workflow; a new principal replaces it; a principal Graph never shows fails.
import { DEFAULT_TENANT_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { makeIdentityProvider } from "../provider/dynamic/makeIdentityProvider";
import { popAccessControl, workflowDefinition } from "../provider/logicApp/workflowDefinition";
import { emulatorEnv } from "./support/setup";

const SUB = "6b1e2d3c-4b5a-4697-8877-665544332266";
const WF = `/subscriptions/${SUB}/resourceGroups/rg-idp/providers/Microsoft.Logic/workflows/la-idp`;
let emu: GraphEmulator;

beforeAll(async () => {
    emu = await startEmulator({ armRetryAfterSeconds: 0 });
});
afterAll(() => emu.close());

const arm = (method: string, path: string, body?: unknown) =>
    fetch(`${emu.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => {
        const text = await r.text();
        return text ? JSON.parse(text) : undefined;
    });

const spReads = () => emu.log.filter((e) => e.method === "GET" && e.path.startsWith("/v1.0/servicePrincipals/"));

test("create reads the identity's appId (one GET); same principal, no change; refresh reads it; gone with the workflow", async () => {
    await arm("PUT", `/subscriptions/${SUB}/resourcegroups/rg-idp?api-version=2021-04-01`, { location: "westeurope" });
    const wf = await arm("PUT", `${WF}?api-version=2019-05-01`, {
        location: "westeurope",
        identity: { type: "SystemAssigned" },
        properties: {
            definition: workflowDefinition({ kind: "customTaskExtension", launchAndWait: true }),
            accessControl: popAccessControl("customTaskExtension", DEFAULT_TENANT_ID, WF),
        },
    });
    const principalId: string = wf.identity.principalId;
    const sp = emu.servicePrincipals.byId(principalId)!;
    const p = makeIdentityProvider({ env: emulatorEnv(emu) });
    expect(await p.check!({}, { principalId })).toEqual({ inputs: { principalId } });
    emu.clearLog();
    const created = await p.create({ principalId });
    expect(created).toEqual({ id: principalId, outs: { principalId, appId: sp.appId } });
    expect(spReads().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([`GET /v1.0/servicePrincipals/${principalId} 200`]);
    expect(await p.diff!(principalId, created.outs, { principalId })).toMatchObject({ changes: false, replaces: [] });
    expect(await p.diff!(principalId, created.outs, { principalId: "0a0a0a0a-0000-4000-8000-000000000000" })).toMatchObject({
        changes: true,
        replaces: ["principalId"],
    });
    expect(await p.read!(principalId, created.outs)).toEqual({ id: principalId, props: { principalId, appId: sp.appId } });
    await arm("DELETE", `${WF}?api-version=2019-05-01`);
    expect(await p.read!(principalId, created.outs)).toEqual({ id: "", props: {} });
    emu.reset();
});

test("a principal appearing late is waited for; one that never appears fails in one line; no identity is refused at check", async () => {
    const p = makeIdentityProvider({ env: emulatorEnv(emu), appearanceWaitsMs: [150, 150] });
    const late = "1a1a1a1a-0000-4000-8000-000000000000";
    emu.clearLog();
    setTimeout(() => emu.addServicePrincipal({ appId: "2b2b2b2b-0000-4000-8000-000000000000", id: late }), 50);
    expect((await p.create({ principalId: late })).outs).toEqual({ principalId: late, appId: "2b2b2b2b-0000-4000-8000-000000000000" });
    expect(spReads().map((e) => e.status)).toEqual([404, 200]);

    const never = "3c3c3c3c-0000-4000-8000-000000000000";
    emu.clearLog();
    await expect(p.create({ principalId: never })).rejects.toThrow(
        `the Logic App's identity ${never} has no service principal in the tenant that Graph serves (none after 0.3 s): ` +
            "is the workflow in this stack's entra:tenantId?",
    );
    expect(spReads().map((e) => e.status)).toEqual([404, 404, 404]);
    expect(await p.check!({}, { principalId: "" })).toMatchObject({
        failures: [{ property: "principalId", reason: expect.stringMatching(/has the workflow an identity/) }],
    });
    emu.reset();
});
