// Provider settings and Graph's bad days under the real CLI: invalid settings stop the preview once,
// an endpoint copied with its version works, stack config is in state but the token is not,
// throttling is waited out with progress that names the request, and a lost create answer leaves
// exactly one object.
import net from "node:net";
import { GraphEmulator } from "../../provider/emulator";
import { family } from "../../provider/families";
import { diagnostics } from "../../scripts/pulumiCli";
import { fixtures } from "../support/fixtures";
import { DeclaredResource, Stack, describeEngine, stackOnEmulator, succeeded } from "./harness";
import { joined } from "../support/regex";

const TOKEN = "engine-test-token-9c1d";
const resources: DeclaredResource[] = fixtures.map((fx) => ({
    type: family(fx.family).resourceType as DeclaredResource["type"],
    name: fx.family,
    args: fx.inputs,
}));

describeEngine("provider settings and faults through the Pulumi CLI", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;

    // The endpoint comes from stack config, as copied from Graph Explorer (with its version); the token
    // from the environment.
    const env = { ENTRA_ACCESS_TOKEN: TOKEN, ENTRA_REQUEST_TIMEOUT_MS: "5000" };
    stackOnEmulator(engine, "settings", { emulator: { token: TOKEN }, env, connect: false }, async (e, s) => {
        [emu, stack] = [e, s];
        await stack.config("entra:graphEndpoint", `${emu.url}/v1.0`);
        await stack.declare(resources);
    });

    test("an invalid setting stops the preview at the first resource, with one message naming it, and nothing is sent", async () => {
        await stack.config("entra:maxRetries", "lots");
        const r = await stack.preview();
        await stack.ok(["config", "rm", "entra:maxRetries"]);
        expect(r.code).not.toBe(0);
        const refused = new Set(
            [...r.out.matchAll(/resource '([^']+)' has a problem: provider settings: (.*)/g)].map((m) => `${m[1]}: ${m[2]}`),
        );
        expect([...refused]).toEqual([expect.stringMatching(/: entra:maxRetries must be a whole number, 0 or more \(got "lots"\)$/)]);
        expect(emu.log).toEqual([]);
    }, 120_000);

    test("throttling and a lost create answer: up waits, says which request it waits for, and leaves one object per resource", async () => {
        emu.injectFault({ kind: "dropAfterStore", method: "POST", pathContains: "customAuthenticationExtensions" });
        emu.throttleStorm({ rate: 0.5, retryAfterSeconds: 1, seed: 7 });
        const r = await stack.run(["up", "--yes", "--skip-preview", "--refresh"], { ENTRA_LOG: "1" });
        emu.throttleStorm(undefined);
        succeeded(r);
        expect(
            emu
                .objects()
                .map((o) => o.body.displayName)
                .sort(),
        ).toEqual(fixtures.map((f) => f.inputs.displayName).sort());
        expect(emu.log.filter((e) => e.status === 429).length).toBeGreaterThan(0);
        // Each throttled request has its line, naming the operation, the object and the request.
        const lines =
            diagnostics(r.out).match(
                /entra: .*: Graph answered 429 TooManyRequests to (GET|POST) \/\S+; retry \d+ of 8 in 1 s \(Retry-After\)/g,
            ) ?? [];
        expect(lines).toHaveLength(emu.log.filter((e) => e.status === 429).length);
        for (const line of lines)
            expect(line).toMatch(
                /entra: (creating|looking for|reading) (custom task|access package workflow|custom authentication) extension "[^"]+"/,
            );
        expect(r.out).toMatch(
            joined(
                /entra: creating custom authentication extension "Claims from HR": no answer from Graph .*; /,
                /looking for the object before creating it again/,
            ),
        );
    }, 180_000);

    test("a settings change: refresh keeps the last up's settings until --run-program; no answer fails at once, named", async () => {
        const server = net.createServer();
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        const closed = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
        await new Promise((r) => server.close(r));
        await stack.config("entra:graphEndpoint", closed);
        try {
            // The engine hands the provider the settings recorded at the last up: the reads go to the old endpoint.
            emu.clearLog();
            succeeded(await stack.preview("--refresh"));
            expect(emu.log.filter((e) => e.method === "GET").length).toBeGreaterThanOrEqual(resources.length);
            // With the program run first, the new setting is used; nothing listens there, and nothing is tried again.
            const r = await stack.run(["preview", "--refresh", "--run-program"], { ENTRA_LOG: "1" });
            expect(r.code).not.toBe(0);
            expect(r.out).toContain(
                `no answer from Graph at ${closed} (TypeError: fetch failed, ECONNREFUSED): nothing listens on that loopback port`,
            );
            expect(r.out).toContain(
                "That address is entra:graphEndpoint of the settings the engine handed to the provider " +
                    "(on a refresh without --run-program: those of the last `pulumi up`)",
            );
            expect(r.out).not.toMatch(/retry \d+ of \d+/);
        } finally {
            await stack.config("entra:graphEndpoint", `${emu.url}/v1.0`);
        }
    }, 120_000);

    test("stack config is kept in the state of the provider; the token never is", async () => {
        succeeded(await stack.preview("--expect-no-changes"));
        const text = stack.backendText();
        expect(text).toContain(`${emu.url}/v1.0`);
        expect(text).not.toContain(TOKEN);
        const provider = (await stack.resources()).find((x) => x.type === "pulumi:providers:pulumi-nodejs");
        expect(provider.inputs).toMatchObject({ "entra:graphEndpoint": `${emu.url}/v1.0` });
        expect(emu.log.filter((e) => e.path.includes("/v1.0/v1.0"))).toEqual([]);
    }, 120_000);
});
