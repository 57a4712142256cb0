// The claims API's own test, as a user writes it: Entra's call fired at the API in process by
// pulumi-entra-extensions/testing, its token signed by a local emulator the API takes as its authority.
import http from "node:http";
import { GraphEmulator, startEmulator } from "pulumi-entra-extensions/emulator";
import { assertPasses, fireEvent } from "pulumi-entra-extensions/testing";
import { claimsApi } from "./claimsApi";

const API_APP = "11111111-2222-4333-8444-555555555555";
const CASEY = "00aa00aa-bb11-cc22-dd33-44ee44ee44ee";
let emu: GraphEmulator;
let api: http.RequestListener;

beforeAll(async () => {
    emu = await startEmulator();
    const hr: Record<string, { employeeId: string; costCenter: string }> = { [CASEY]: { employeeId: "E1234", costCenter: "CC-42" } };
    api = claimsApi({ authority: `${emu.url}/${emu.tenantId}/v2.0`, apiAppId: API_APP, claimsOf: async (id) => hr[id] });
});
afterAll(() => emu.close());

test("Entra's token issuance call gets the user's claims, in the answer Entra takes", async () => {
    const v = assertPasses(await fireEvent(api, { event: "onTokenIssuanceStart", emulator: emu, apiAppId: API_APP, user: { id: CASEY } }));
    expect(v.action).toBe("microsoft.graph.tokenIssuanceStart.provideClaimsForToken");
    expect((v.response as any).data.actions[0].claims).toEqual({ employeeId: "E1234", costCenter: "CC-42" });
});

test("a token for another API is refused, which Entra reports as 1003002", async () => {
    const v = await fireEvent(api, { event: "onTokenIssuanceStart", emulator: emu, apiAppId: "99999999-2222-4333-8444-555555555555" });
    expect(v.ok).toBe(false);
    expect(v.violations[0].code).toBe(1003002);
    expect(v.response).toEqual({ error: "token refused: audience 99999999-2222-4333-8444-555555555555" });
});

test("a token signed by another authority is refused", async () => {
    const v = await fireEvent(api, { event: "onTokenIssuanceStart", apiAppId: API_APP });
    expect(v.response).toEqual({ error: "token refused: unknown signing key" });
});

test("a malformed token is refused with 401, and the API keeps answering", async () => {
    const server = http.createServer(api).listen(0, "127.0.0.1");
    await new Promise((ok) => server.once("listening", ok));
    try {
        const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
        const res = await fetch(url, { method: "POST", headers: { Authorization: "Bearer %%%.%%%.%%%" }, body: "{}" });
        expect([res.status, await res.json()]).toEqual([401, { error: "token refused: not a JWT" }]);
        const v = await fireEvent(url, { event: "onTokenIssuanceStart", emulator: emu, apiAppId: API_APP, user: { id: CASEY } });
        assertPasses(v);
    } finally {
        server.close();
    }
});
