// Who owns an object (provider/operations/ownership.ts), over real HTTP to the emulator: what a create may take over
// after its own POST lost its answer (newer than the POST, not in the listing before it, stood for by nobody), what
// stops it, and a resource still declared that the engine shows after another resource took its object over.
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { seedObject } from "../scripts/tenantSeed";
import { fixtures } from "./support/fixtures";
import { providersFor } from "./support/setup";
import { joined } from "./support/regex";

let emu: GraphEmulator;
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
    emu.reset();
});

const [task, , auth] = fixtures;
const claims = (i: number) => ({ ...auth.inputs, displayName: `claims ${i}` });
const requests = () => emu.log.map((e) => `${e.method} ${e.status}`);

/** The provider of `family` configured for one run, as the engine's host makes it. */
async function oneRun(family: string) {
    const p = providersFor(emu)[family];
    await p.configure!({ config: { get: () => undefined } } as never);
    return p;
}

/** An object like the program's made outside this process `agoMs` before now (another stack's, say). */
function madeElsewhere(inputs: Record<string, unknown>, agoMs: number, family = auth.family): string {
    const id = seedObject(emu, family, inputs);
    emu.collections.objects.get(id)!.body.createdDateTime = new Date(Date.now() - agoMs).toISOString();
    return id;
}

describe("a create whose answer was lost", () => {
    test.each(["dropAfterStore", "timeoutAfterStore"] as const)(
        "%s: the object its own POST made is found and stood for: one object, no stop, no second POST",
        async (kind) => {
            const p = await oneRun(auth.family);
            await p.create((await p.check({}, claims(0))).inputs); // the run's listing is taken here
            const inputs = (await p.check({}, claims(1))).inputs;
            emu.clearLog();
            emu.injectFault({ kind, method: "POST" });
            const made = await p.create(inputs);
            expect(requests()).toEqual([kind === "dropAfterStore" ? "POST 0" : "POST 504", "GET 200"]);
            expect(emu.objects().map((o) => o.id)).toContain(made.id);
            expect(emu.objects()).toHaveLength(2);
        },
    );

    test("not stored, and an object like it made elsewhere before the POST: the create stops naming it, and sends nothing", async () => {
        const p = await oneRun(auth.family);
        await p.create((await p.check({}, claims(0))).inputs);
        const inputs = (await p.check({}, claims(1))).inputs;
        // Made by another stack after this run's listing, a minute before this POST.
        const theirs = madeElsewhere(claims(1), 60_000);
        emu.clearLog();
        emu.injectFault({ kind: "dropBeforeStore", method: "POST" });
        await expect(p.create(inputs)).rejects.toThrow(new RegExp(`stopped before any write[^]*\\n  - ${theirs} "claims 1", created `));
        expect(requests()).toEqual(["POST 0", "GET 200"]);
        expect(
            emu
                .objects()
                .filter((o) => o.body.displayName === "claims 1")
                .map((o) => o.id),
        ).toEqual([theirs]);
    });

    test("not stored, nothing like it there (looked for three times: a replica may lag): the POST is sent again, once", async () => {
        const p = await oneRun(auth.family);
        await p.create((await p.check({}, claims(0))).inputs);
        const inputs = (await p.check({}, claims(1))).inputs;
        emu.clearLog();
        emu.injectFault({ kind: "dropBeforeStore", method: "POST" });
        await p.create(inputs);
        expect(requests()).toEqual(["POST 0", "GET 200", "GET 200", "GET 200", "POST 201"]);
        expect(emu.objects()).toHaveLength(2);
    });

    test("stored, but listed only a moment later (a lagging replica): found on the look-up again, no second POST", async () => {
        const p = await oneRun(auth.family);
        const inputs = (await p.check({}, claims(1))).inputs;
        emu.clearLog();
        emu.injectFault({ kind: "dropAfterStoreUnlisted", method: "POST" });
        const made = await p.create(inputs);
        expect(requests()).toEqual(["POST 0", "GET 200", "GET 200"]);
        expect(emu.objects().map((o) => o.id)).toEqual([made.id]);
    });

    test("stored, and a second object like it made since the POST: two candidates are named, never guessed", async () => {
        const p = await oneRun(auth.family);
        await p.create((await p.check({}, claims(0))).inputs);
        const inputs = (await p.check({}, claims(1))).inputs;
        const theirs = madeElsewhere(claims(1), -5_000); // stamped after the POST: nothing tells the two apart
        emu.clearLog();
        emu.injectFault({ kind: "dropAfterStore", method: "POST" });
        const err = await p.create(inputs).then(
            () => undefined,
            (e: Error) => e,
        );
        const ours = emu.objects().find((o) => o.body.displayName === "claims 1" && o.id !== theirs)!.id;
        expect(err?.message).toContain(`\n  - ${theirs} "claims 1"`);
        expect(err?.message).toContain(`\n  - ${ours} "claims 1"`);
        expect(requests()).toEqual(["POST 0", "GET 200"]);
    });

    test("a task extension (names unique): its own object is found by name and stood for", async () => {
        const p = await oneRun(task.family);
        const inputs = (await p.check({}, task.inputs)).inputs;
        emu.injectFault({ kind: "dropAfterStore", method: "POST" });
        const made = await p.create(inputs);
        expect(emu.objects().map((o) => o.id)).toEqual([made.id]);
    });
});

test("a resource still declared, shown by the engine after another took its object over (renamed, old kept): refused", async () => {
    const before = await oneRun(task.family);
    const a = await before.create((await before.check({}, task.inputs)).inputs);
    const run2 = await oneRun(task.family);
    await run2.read!(a.id, a.outs);
    const b = await run2.create((await run2.check({}, task.inputs)).inputs);
    expect(b.id).toBe(a.id);
    await expect(run2.diff!(a.id, a.outs, a.outs)).rejects.toThrow(
        joined(
            /another resource of this stack came to stand for it in this run /,
            /\(creating custom task extension "Onboarding: provision badge"\); two resources cannot stand for one object/,
        ),
    );
    expect(emu.objects()).toHaveLength(1);
});
