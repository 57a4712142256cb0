// Graph's bad days, injected by the emulator: throttling storms, 5xx, lost answers, lagging replicas.
import net from "node:net";
import os from "node:os";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { makeProvider } from "../provider/dynamic/makeProvider";
import { fixtures } from "./support/fixtures";
import { Providers, providersFor } from "./support/setup";
import { joined } from "./support/regex";

let emu: GraphEmulator;
beforeAll(async () => {
    emu = await startEmulator();
    P = providersFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

let P: Providers;

/** A port on `host` that nothing listens on (a server's, just closed). */
async function closedPort(host = "127.0.0.1"): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, host, r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    return port;
}

/** Check, then create: the log holds the create's requests only (check's listing, ownership.ts, is cleared). */
async function create(fx = fixtures[0], providers = P, afterCheck = () => undefined as void) {
    const p = providers[fx.family];
    const { inputs } = await p.check({}, fx.inputs);
    emu.clearLog();
    afterCheck();
    return { p, inputs, ...(await p.create(inputs)) };
}

test("a throttled request waits for Retry-After and then succeeds", async () => {
    emu.injectFault({ kind: "throttle", method: "POST", retryAfterSeconds: 1 });
    const started = Date.now();
    await create();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    // the look-up by name, then the create
    expect(emu.log.map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200", "POST 429", "POST 201"]);
    expect(emu.objects()).toHaveLength(1);
});

test("a throttling storm (30% of answers 429) still converges for every family and operation", async () => {
    emu.throttleStorm({ rate: 0.3, retryAfterSeconds: 0, seed: 42 });
    for (const fx of fixtures) {
        const { p, id, outs } = await create(fx);
        const r = await p.read(id, outs);
        const { inputs: next } = await p.check(outs, { ...fx.inputs, ...fx.change });
        await p.update(id, r.props, next);
        await p.delete(id, outs);
    }
    expect(emu.objects()).toHaveLength(0);
    const throttled = emu.log.filter((e) => e.status === 429).length;
    expect(throttled).toBeGreaterThan(0);
});

test("503 with Retry-After is retried", async () => {
    const { p, id, outs } = await create();
    emu.injectFault({ kind: "unavailable", method: "GET", retryAfterSeconds: 0, times: 2 });
    const r = await p.read(id, outs);
    expect(r.id).toBe(id);
    expect(emu.log.slice(-3).map((e) => e.status)).toEqual([503, 503, 200]);
});

test.each(["dropAfterStore", "timeoutAfterStore"] as const)(
    "a create whose answer is lost (%s) leaves exactly one object and adopts it",
    async (kind) => {
        for (const fx of fixtures) {
            emu.reset();
            emu.injectFault({ kind, method: "POST" });
            const { id } = await create(fx);
            expect(emu.objects().map((o) => o.id)).toEqual([id]);
            expect(emu.writes().map((e) => e.method)).toEqual(["POST"]);
        }
    },
);

test("a create lost before it was stored is looked up, not found, and sent again: one object", async () => {
    emu.injectFault({ kind: "dropBeforeStore", method: "POST" });
    const { id } = await create();
    expect(emu.objects().map((o) => o.id)).toEqual([id]);
    // Not found at once, nor after 0.5 and 1.5 s (a replica may lag): then sent again.
    expect(emu.log.map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200", "POST 0", "GET 200", "GET 200", "GET 200", "POST 201"]);
});

test("a 404 on the first read after create is a lagging replica, not a deletion", async () => {
    emu.injectFault({ kind: "notFoundAfterCreate", method: "POST" });
    const { p, id, outs } = await create();
    const r = await p.read(id, outs);
    expect(r.id).toBe(id);
    expect(emu.log.filter((e) => e.method === "GET").map((e) => e.status)).toEqual([200, 404, 200]);
});

test("a slow answer past the request timeout counts as transient for reads", async () => {
    const { id, outs } = await create();
    const impatient = providersFor(emu, { ENTRA_REQUEST_TIMEOUT_MS: "300" }).customTaskExtension;
    emu.injectFault({ kind: "slow", method: "GET", delayMs: 800 });
    const r = await impatient.read!(id, outs);
    expect(r.id).toBe(id);
});

test("errors carry what was being done, Graph's status, code and message, and the request-id", async () => {
    const fx = fixtures[1];
    const p = P[fx.family];
    const { inputs } = await p.check({}, { ...fx.inputs, catalogId: "no-such-catalog" });
    await expect(p.create(inputs)).rejects.toThrow(
        joined(
            /^creating access package workflow extension "Request: check licence" failed: /,
            /Graph answered 404 ResourceNotFound: Catalog 'no-such-catalog' does not exist\. \(request-id: [0-9a-f-]{36}\)$/,
        ),
    );
});

test("a wrong token is reported as Graph's 401, not retried", async () => {
    await expect(create(fixtures[0], providersFor(emu, { ENTRA_ACCESS_TOKEN: "wrong" }))).rejects.toThrow(/401 InvalidAuthenticationToken/);
    expect(emu.log).toHaveLength(1);
});

test("when no credential can get a token, the error says how to sign in, nothing reaches Graph and nothing is retried", async () => {
    let calls = 0;
    const credential = {
        getToken: async () => {
            calls++;
            throw Object.assign(new Error("Please run 'az login' to set up an account."), { name: "CredentialUnavailableError" });
        },
    };
    const signedOut = providersFor(emu, { ENTRA_ACCESS_TOKEN: "" }, { credential });
    await expect(create(fixtures[0], signedOut, () => void (calls = 0))).rejects.toThrow(
        joined(
            /^creating custom task extension "Onboarding: provision badge" failed: signing in to Microsoft Graph: /,
            /no credential could get a token \(CredentialUnavailableError: Please run 'az login'.*\)\. Sign in with `az login`/,
        ),
    );
    expect(calls).toBe(1);
    expect(emu.log).toEqual([]);
});

describe("one retry policy, bounded in sends and in time (counted in the emulator's log)", () => {
    const threeRetries = () => providersFor(emu, { ENTRA_MAX_RETRIES: "3" });
    const sends = (method: string) => emu.log.filter((e) => e.method === method).map((e) => e.status);

    test.each([
        ["persistent 429", { kind: "throttle", retryAfterSeconds: 0 }, 429],
        ["persistent 503", { kind: "unavailable", retryAfterSeconds: 0 }, 503],
        ["persistent 504", { kind: "timeoutAfterStore" }, 504],
        ["no answer at all", { kind: "dropBeforeStore" }, 0],
    ] as const)("%s on a read: 1 + maxRetries sends, then Graph's error", async (_name, fault, status) => {
        const { id, outs } = await create();
        emu.clearLog();
        emu.injectFault({ ...fault, method: "GET", times: 100 } as never);
        await expect(threeRetries().customTaskExtension.read!(id, outs)).rejects.toThrow(/^reading custom task extension/);
        emu.clearFaults();
        expect(sends("GET")).toEqual([status, status, status, status]);
    });

    test("persistent 504 on a create: one POST, then a look-up by name that adopts the stored object; no blind resend", async () => {
        emu.injectFault({ kind: "timeoutAfterStore", method: "POST", times: 100 });
        await create(fixtures[0], threeRetries()).catch(() => undefined);
        emu.clearFaults();
        // The first POST stored the object; the look-up finds and adopts it.
        expect(emu.log.map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200", "POST 504", "GET 200"]);
        expect(emu.objects()).toHaveLength(1);
    });

    test.each([
        [
            "a refused connection on loopback",
            () => closedPort().then((port) => `http://127.0.0.1:${port}`),
            "nothing listens on that loopback port",
        ],
        ["a host name that does not resolve", async () => "http://graph.entra-emulator.invalid", "the host name does not resolve"],
    ])("%s is not tried again; the error names the endpoint and the setting that named it", async (_name, endpoint, why) => {
        const url = await endpoint();
        const retries: string[] = [];
        const p = makeProvider("customTaskExtension", {
            env: { ENTRA_GRAPH_ENDPOINT: url, ENTRA_ACCESS_TOKEN: "t" },
            progress: (m) => retries.push(m),
        });
        await expect(p.read!("00000000-0000-4000-8000-000000000001", {})).rejects.toThrow(
            new RegExp(
                `^reading custom task extension \\(00000000-0000-4000-8000-000000000001\\) failed: no answer from Graph at ${url} ` +
                    `\\(TypeError: fetch failed, E[A-Z]+\\): ${why}, so it was not tried again\\. ` +
                    "That address is ENTRA_GRAPH_ENDPOINT in the provider's environment: no entra:graphEndpoint is set; " +
                    'see docs/troubleshooting.md, "No answer from Graph"$',
            ),
        );
        expect(retries).toEqual([]);
    });

    test("the endpoint named by the settings the engine handed over says so, and when they are those of the last up", async () => {
        const url = `http://127.0.0.1:${await closedPort()}`;
        const p = makeProvider("customTaskExtension", { env: { ENTRA_ACCESS_TOKEN: "t" } });
        await p.configure!({ config: { get: (k: string) => (k === "entra:graphEndpoint" ? url : undefined) } } as never);
        await expect(p.read!("00000000-0000-4000-8000-000000000001", {})).rejects.toThrow(
            "That address is entra:graphEndpoint of the settings the engine handed to the provider " +
                "(on a refresh without --run-program: those of the last `pulumi up`)",
        );
    });

    test("a refused connection elsewhere than loopback is still tried again (a server restarting)", async () => {
        const own = Object.values(os.networkInterfaces())
            .flat()
            .find((a) => a && a.family === "IPv4" && !a.internal);
        if (!own) return; // no address but loopback on this machine: nothing to tell apart
        const retries: string[] = [];
        const env = {
            ENTRA_GRAPH_ENDPOINT: `http://${own.address}:${await closedPort(own.address)}`,
            ENTRA_ACCESS_TOKEN: "t",
            ENTRA_MAX_RETRIES: "1",
        };
        const p = makeProvider("customTaskExtension", { env, progress: (m) => retries.push(m) });
        await expect(p.read!("00000000-0000-4000-8000-000000000001", {})).rejects.toThrow(
            /no answer from Graph at http:\/\/\S+ \(TypeError: fetch failed, ECONNREFUSED\)\. That address/,
        );
        expect(retries).toEqual([expect.stringMatching(/retry 1 of 1 in 500 ms$/)]);
    });

    test("a Retry-After that would end past the 60 s budget is not waited for: Graph's 429 at once", async () => {
        emu.injectFault({ kind: "throttle", method: "POST", retryAfterSeconds: 120 });
        const started = Date.now();
        await expect(create()).rejects.toThrow(/Graph answered 429 TooManyRequests/);
        expect(Date.now() - started).toBeLessThan(5000);
        expect(sends("POST")).toEqual([429]);
    });
});

test("an object deleted moments after its create is reported gone after 3 GETs within about 2 s; an older one after 1 GET", async () => {
    const { p, id, outs } = await create();
    emu.remove(id);
    emu.clearLog();
    let started = Date.now();
    expect((await p.read(id, outs)).id).toBe("");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(emu.log.map((e) => `${e.method} ${e.status}`)).toEqual(["GET 404", "GET 404", "GET 404"]);
    emu.clearLog();
    started = Date.now();
    expect((await p.read(id, { ...outs, createdDateTime: new Date(Date.now() - 3600_000).toISOString() })).id).toBe("");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(emu.log.map((e) => `${e.method} ${e.status}`)).toEqual(["GET 404"]);
});
