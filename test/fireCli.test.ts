// `entra-graph-emulator fire` as a user runs it against a running emulator: a passing endpoint (exit 0), a
// failing one (exit 1, the violation in words), --json for machines, and an id the emulator does not hold.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { Endpoint, startEndpoint } from "./support/endpoint";

const cli = path.resolve(__dirname, "../dist/provider/emulator/cli.js");
let emu: GraphEmulator;
let api: Endpoint;
let id: string;

const fire = (args: string[]) =>
    promisify(execFile)(process.execPath, [cli, "fire", ...args], {
        encoding: "utf8",
        env: { ...process.env, ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token },
    }).then(
        (r) => ({ code: 0, ...r }),
        (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
    );

const claims = (actions: unknown[]) => ({
    status: 200,
    body: { data: { "@odata.type": "microsoft.graph.onTokenIssuanceStartResponseData", actions } },
});
const provide = { "@odata.type": "microsoft.graph.tokenIssuanceStart.provideClaimsForToken", claims: { employeeId: "E1234" } };

beforeAll(async () => {
    emu = await startEmulator();
    api = await startEndpoint();
    id = emu.create("customAuthenticationExtensions", {
        "@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtension",
        displayName: "Claims from HR",
        endpointConfiguration: { "@odata.type": "#microsoft.graph.httpRequestEndpoint", targetUrl: "https://claims.contoso.com/api/token" },
        authenticationConfiguration: {
            "@odata.type": "#microsoft.graph.azureAdTokenAuthentication",
            resourceId: "api://claims.contoso.com/11111111-2222-4333-8444-555555555555",
        },
    }).id;
});
afterAll(async () => {
    await api.close();
    await emu.close();
});

test("a passing endpoint: PASS, the action and what Entra does, exit 0", async () => {
    api.answer = () => claims([provide]);
    const r = await fire([id, "--url", api.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
        new RegExp(`^PASS  "Claims from HR" \\(onTokenIssuanceStart\\) -> ${api.url}\n  attempt 1: HTTP 200 application/json in \\d+ ms\n`),
    );
    expect(r.stdout).toMatch(
        /\n {2}action: microsoft.graph.tokenIssuanceStart.provideClaimsForToken\n {2}Entra then: adds the claims to the token/,
    );
});

test("a failing endpoint: FAIL, the violation with Entra's code and what Entra then does, exit 1", async () => {
    api.answer = () => claims([provide, provide]);
    const r = await fire([id, "--url", api.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}"Claims from HR"/);
    expect(r.stdout).toMatch(/\n {2}violation 1003010 CustomExtensionInvalidNumberOfActions: 2 actions; Entra takes exactly one/);
    expect(r.stdout).toMatch(/\n {2}Entra then: no token is issued/);
});

test("--json prints the verdict for machines, without the token", async () => {
    api.answer = () => claims([provide]);
    const r = await fire([id, "--url", api.url, "--json"]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v).toMatchObject({ ok: true, event: "onTokenIssuanceStart", extension: { id, displayName: "Claims from HR" } });
    expect(r.stdout).not.toContain(String(api.received.at(-1)!.headers.authorization).slice(7));
});

test("an extension whose own targetUrl is http: FAIL 1003020 with no call sent; http only for a --url one names", async () => {
    api.answer = () => claims([provide]);
    const local = emu.create("customAuthenticationExtensions", {
        "@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtension",
        displayName: "Claims over http",
        endpointConfiguration: { "@odata.type": "#microsoft.graph.httpRequestEndpoint", targetUrl: api.url },
        authenticationConfiguration: {
            "@odata.type": "#microsoft.graph.azureAdTokenAuthentication",
            resourceId: `api://${new URL(api.url).host}/11111111-2222-4333-8444-555555555555`,
        },
    }).id;
    const sent = api.received.length;
    const r = await fire([local]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}"Claims over http" \(onTokenIssuanceStart\) -> http:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout).toMatch(
        /\n {2}violation 1003020 CustomExtensionIncorrectTargetUrlFormat: endpointConfiguration.targetUrl must start with https:\/\//,
    );
    expect(r.stdout).toMatch(/\n {2}Entra then: no token is issued/);
    expect(api.received.length).toBe(sent);
    const named = await fire([local, "--url", api.url]);
    expect(named.code).toBe(0);
    expect(api.received.length).toBe(sent + 1);
});

test("an id the emulator does not hold, and no id: one line, exit 2", async () => {
    const r = await fire(["00000000-0000-4000-8000-000000000000"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^entra-graph-emulator fire: no extension 00000000-0000-4000-8000-000000000000 in the emulator\n/);
    const none = await fire([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give one extension id/);
});
