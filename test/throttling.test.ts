// Throttling at scale: the emulator's storm (a share of the writes answered 429 for a while, from the middle of
// a run) and the one back-off a provider process keeps for Graph's Retry-After. Real HTTP on loopback.
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { families, FamilyName } from "../provider/families";
import { fixtures } from "./support/fixtures";
import { providersFor } from "./support/setup";

let emu: GraphEmulator;
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const task = fixtures[0];
const send = (method: string, path: string, body?: unknown) =>
    fetch(`${emu.url}/v1.0${path}`, {
        method,
        headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => r.status);
const TASKS = "/identityGovernance/lifecycleWorkflows/customTaskExtensions";

describe("the emulator's storm", () => {
    test("breaks after the given number of writes, throttles writes only, and ends after its duration", async () => {
        // Over HTTP, as a CI step would steer it.
        const storm = { rate: 1, retryAfterSeconds: 1, writesOnly: true, afterWrites: 2, durationSeconds: 1 };
        expect(
            await fetch(`${emu.url}/_emulator/storm`, {
                method: "POST",
                headers: { Authorization: `Bearer ${emu.token}` },
                body: JSON.stringify(storm),
            }).then((r) => r.status),
        ).toBe(200);
        const missing = `${TASKS}/00000000-0000-4000-8000-000000000000`;
        // Two writes pass (the objects are not there: 404), then every write is throttled, reads never.
        expect([
            await send("DELETE", missing),
            await send("DELETE", missing),
            await send("DELETE", missing),
            await send("GET", TASKS),
        ]).toEqual([404, 404, 429, 200]);
        await new Promise((r) => setTimeout(r, 1100));
        expect(await send("DELETE", missing)).toBe(404);
    });

    test("at rate 0.2 a fifth of the writes, about, is throttled", async () => {
        emu.throttleStorm({ rate: 0.2, retryAfterSeconds: 1, writesOnly: true, seed: 7 });
        const missing = `${TASKS}/00000000-0000-4000-8000-000000000000`;
        const statuses = [];
        for (let i = 0; i < 200; i++) statuses.push(await send("DELETE", missing));
        const throttled = statuses.filter((s) => s === 429).length;
        expect(throttled).toBeGreaterThan(20);
        expect(throttled).toBeLessThan(60);
    });
});

describe("one back-off per process", () => {
    test("a Retry-After told to one provider object holds the requests of the others until it has passed", async () => {
        // The retry's progress line is written once the client has read the 429 and set the pause.
        let paused = false;
        const P = providersFor(emu, {}, { progress: () => void (paused = true) });
        emu.injectFault({ kind: "throttle", method: "POST", pathContains: "customTaskExtensions", retryAfterSeconds: 1 });
        const first = P.customTaskExtension.check({}, task.inputs).then(({ inputs }) => P.customTaskExtension.create(inputs));
        // Once the 429 is read, another family's create starts in the same process.
        while (!paused) await new Promise((r) => setTimeout(r, 5));
        const throttledAt = Date.parse(emu.log.find((e) => e.status === 429)!.at);
        const auth = fixtures[2];
        const second = P[auth.family].check({}, auth.inputs).then(({ inputs }) => P[auth.family].create(inputs));
        await Promise.all([first, second]);
        const authRequests = emu.log.filter((e) => e.path.includes("customAuthenticationExtensions"));
        expect(authRequests.length).toBeGreaterThan(0);
        // Each was answered after the pause Graph asked for (the log is written when the answer goes).
        for (const e of authRequests) expect(Date.parse(e.at) - throttledAt).toBeGreaterThanOrEqual(950);
        expect(emu.objects()).toHaveLength(2);
    });

    test("a storm of 429 on a fifth of the writes in the middle of 90 creates: every create succeeds, no duplicate", async () => {
        const P = providersFor(emu);
        const names = Object.keys(families).filter((f) => fixtures.some((x) => x.family === f)) as FamilyName[];
        const inputs = Array.from({ length: 90 }, (_, i) => {
            const fx = fixtures.find((x) => x.family === names[i % names.length])!;
            return { family: fx.family, inputs: { ...fx.inputs, displayName: `storm ${i}` } };
        });
        const checked = await Promise.all(inputs.map(async (x) => ({ ...x, inputs: (await P[x.family].check({}, x.inputs)).inputs })));
        emu.clearLog();
        emu.throttleStorm({ rate: 0.2, retryAfterSeconds: 1, writesOnly: true, afterWrites: 45, durationSeconds: 2, seed: 3 });
        const made = await Promise.all(checked.map((x) => P[x.family].create(x.inputs)));
        expect(new Set(made.map((m) => m.id)).size).toBe(90);
        expect(emu.objects()).toHaveLength(90);
        expect(emu.log.filter((e) => e.status === 429).length).toBeGreaterThan(0);
        expect(emu.log.filter((e) => e.status === 201)).toHaveLength(90);
    });
});
