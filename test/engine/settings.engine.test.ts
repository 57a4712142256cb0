// Provider settings and Graph's bad days under the real CLI: invalid settings stop the preview once,
// an endpoint copied with its version works, stack config is in state but the token is not,
// throttling is waited out with progress that names the request, and a lost create answer leaves
// exactly one object.
import { GraphEmulator, startEmulator } from "../../provider/emulator";
import { fixtures } from "../support/fixtures";
import { DeclaredResource, Stack, describeEngine } from "./harness";

const TOKEN = "engine-test-token-9c1d";
const TYPES: DeclaredResource["type"][] = ["CustomTaskExtension", "AccessPackageWorkflowExtension", "CustomAuthenticationExtension"];
const resources: DeclaredResource[] = fixtures.map((fx, i) => ({ type: TYPES[i], name: fx.family, args: fx.inputs }));

describeEngine("provider settings and faults through the Pulumi CLI", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;

    beforeAll(async () => {
        emu = await startEmulator({ token: TOKEN });
        // The endpoint comes from stack config, as copied from Graph Explorer (with its version); the token
        // from the environment.
        stack = await new Stack(engine, "settings", { env: { ENTRA_ACCESS_TOKEN: TOKEN, ENTRA_REQUEST_TIMEOUT_MS: "5000" } }).init();
        await stack.config("entra:graphEndpoint", `${emu.url}/v1.0`);
        await stack.declare(resources);
    }, 60_000);
    afterAll(async () => {
        await stack?.destroy();
        await emu?.close();
    }, 120_000);

    test("an invalid setting stops the preview at the first resource, with one message naming it, and nothing is sent", async () => {
        await stack.config("entra:maxRetries", "lots");
        const r = await stack.preview();
        await stack.ok(["config", "rm", "entra:maxRetries"]);
        expect(r.code).not.toBe(0);
        const refused = new Set([...r.out.matchAll(/resource '([^']+)' has a problem: provider settings: (.*)/g)].map((m) => `${m[1]}: ${m[2]}`));
        expect([...refused]).toEqual([expect.stringMatching(/: entra:maxRetries must be a whole number, 0 or more \(got "lots"\)$/)]);
        expect(emu.log).toEqual([]);
    }, 120_000);

    test("throttling and a lost create answer: up waits, says which request it waits for, and leaves one object per resource", async () => {
        emu.injectFault({ kind: "dropAfterStore", method: "POST", pathContains: "customAuthenticationExtensions" });
        emu.throttleStorm({ rate: 0.5, retryAfterSeconds: 1, seed: 7 });
        const r = await stack.up("--refresh", { ENTRA_LOG: "1" } as never);
        emu.throttleStorm(undefined);
        expect(r.code).toBe(0);
        expect(emu.objects().map((o) => o.body.displayName).sort()).toEqual(fixtures.map((f) => f.inputs.displayName).sort());
        expect(emu.log.filter((e) => e.status === 429).length).toBeGreaterThan(0);
        // Each retry line names the operation, the object and the request.
        expect(r.out).toMatch(/entra: creating custom task extension "Onboarding: provision badge": Graph answered 429 TooManyRequests to POST \/identityGovernance\/lifecycleWorkflows\/customTaskExtensions; retry 1 of 8 in 1 s \(Retry-After\)/);
        expect(r.out).toMatch(/entra: .*custom authentication extension "Claims from HR"/);
    }, 180_000);

    test("stack config is kept in the state of the provider; the token never is", async () => {
        expect((await stack.preview("--expect-no-changes")).code).toBe(0);
        const text = stack.backendText();
        expect(text).toContain(`${emu.url}/v1.0`);
        expect(text).not.toContain(TOKEN);
        const provider = (await stack.resources()).find((x) => x.type === "pulumi:providers:pulumi-nodejs");
        expect(provider.inputs).toMatchObject({ "entra:graphEndpoint": `${emu.url}/v1.0` });
        expect(emu.log.filter((e) => e.path.includes("/v1.0/v1.0"))).toEqual([]);
    }, 120_000);
});
