// The look-up before a create (what is already there: never duplicated, never taken over unless this stack's own)
// costs one listing of each collection per run (per engine operation: the provider host configures a provider once
// per run), not one request per create; an unconfigured provider object shares one among the creates in flight
// together. Counted in the emulator's log, over real HTTP.
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { seedObject } from "../scripts/tenantSeed";
import { attachmentWorld, runExtensionTask } from "./support/attachments";
import { fixtures } from "./support/fixtures";
import { Providers, providersFor } from "./support/setup";

let emu: GraphEmulator;
let P: Providers;
const notices: string[] = [];
beforeAll(async () => {
    emu = await startEmulator({ latencyMs: 20 });
});
afterAll(() => emu.close());
beforeEach(() => {
    emu.reset();
    // Fresh provider objects each test: a provider process starts with nothing learned.
    P = providersFor(emu, {}, { notice: (m) => notices.push(m) });
    notices.length = 0;
});

const task = fixtures[0];
const named = (i: number) => ({ ...task.inputs, displayName: `task ${i}` });
const requests = () => emu.log.map((e) => `${e.method} ${e.status}`);

async function createAll(inputs: Record<string, unknown>[], family = task.family) {
    const p = P[family];
    const checked = await Promise.all(inputs.map(async (x) => (await p.check({}, x)).inputs));
    emu.clearLog();
    return Promise.all(checked.map((x) => p.create(x)));
}

test("30 creates in flight at once: one listing of the collection, then one POST each", async () => {
    const made = await createAll(Array.from({ length: 30 }, (_, i) => named(i)));
    expect(new Set(made.map((m) => m.id)).size).toBe(30);
    expect(requests().filter((r) => r === "GET 200")).toHaveLength(1);
    expect(requests().filter((r) => r === "POST 201")).toHaveLength(30);
    expect(emu.log).toHaveLength(31);
    expect(emu.objects()).toHaveLength(30);
});

/** A create's rejection: the stop that names the object found and the ways on. */
const stoppedOn = (id: string) =>
    expect.objectContaining({
        status: "rejected",
        reason: expect.objectContaining({
            message: expect.stringMatching(new RegExp(`stopped before any write: [^]*\\n  - ${id} [^]*pulumi-entra-extensions recover`)),
        }),
    });

test("objects there that nothing shows are this stack's stop their creates (no POST, no takeover); the others are made", async () => {
    const left = [0, 1, 2].map((i) => seedObject(emu, task.family, named(i)));
    const p = P[task.family];
    const checked = await Promise.all([0, 1, 2, 3, 4].map(async (i) => (await p.check({}, named(i))).inputs));
    emu.clearLog();
    const results = await Promise.allSettled(checked.map((x) => p.create(x)));
    expect(results.slice(0, 3)).toEqual(left.map(stoppedOn));
    expect(results.slice(3).map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(requests()).toEqual(["GET 200", "POST 201", "POST 201"]);
    expect(emu.objects()).toHaveLength(5);
});

test("an object made by hand with the name and other settings stops the create of that name (names are unique)", async () => {
    const byHand = seedObject(emu, task.family, { ...named(1), description: "made in the admin center" });
    const results = await Promise.allSettled(
        (await Promise.all([0, 1].map(async (i) => (await P[task.family].check({}, named(i))).inputs))).map((x) =>
            P[task.family].create(x),
        ),
    );
    expect(results[0].status).toBe("fulfilled");
    expect(results[1]).toEqual(stoppedOn(byHand));
    expect((results[1] as PromiseRejectedResult).reason.message).toContain(`named "task 1" (Graph keeps these names unique)`);
    expect(emu.objects()).toHaveLength(2);
});

test("unconfigured (no run boundary): a create after the others ended lists again: an object made in between is seen", async () => {
    await createAll([named(0)]);
    const between = seedObject(emu, task.family, named(1));
    await expect(createAll([named(1)])).rejects.toThrow(new RegExp(`\\n  - ${between} "task 1"`));
    expect(requests()).toEqual(["GET 200"]);
});

/** The provider of `family` as the engine's host makes it for one run: configured once, before any other call. */
async function configuredForOneRun(family = task.family) {
    await P[family].configure!({ config: { get: () => undefined } } as never);
    return P[family];
}

test("configured for a run: creates that do not overlap share the run's listing, 30 creates one after another, one GET", async () => {
    const p = await configuredForOneRun();
    const checked = await Promise.all(Array.from({ length: 30 }, async (_, i) => (await p.check({}, named(i))).inputs));
    // The checks take the run's listing (what each create would meet), and the creates use it.
    expect(requests()).toEqual(["GET 200"]);
    emu.clearLog();
    const made = [];
    for (const x of checked) made.push(await p.create(x));
    expect(new Set(made.map((m) => m.id)).size).toBe(30);
    expect(requests()).toEqual(Array(30).fill("POST 201"));
    expect(emu.objects()).toHaveLength(30);
});

test("configured for a run: an object there before the run is found by a create long after the listing was taken", async () => {
    await configuredForOneRun();
    const left = seedObject(emu, task.family, named(9));
    await createAll([named(0)]);
    expect(requests()).toEqual(["POST 201"]); // the listing was taken by the check
    await expect(createAll([named(9)])).rejects.toThrow(new RegExp(`\\n  - ${left} "task 9"`));
    expect(requests()).toEqual([]);
    expect(emu.objects()).toHaveLength(2);
});

test("configured for a run: an object made elsewhere during the run meets Graph's conflict, answered with the same stop", async () => {
    await configuredForOneRun();
    await createAll([named(0)]);
    const other = seedObject(emu, task.family, named(7));
    await expect(createAll([named(7)])).rejects.toThrow(new RegExp(`\\n  - ${other} "task 7"[^]*Ways on`));
    expect(requests()).toEqual(["POST 409", "GET 200"]);
    expect(emu.objects()).toHaveLength(2);
});

test("configured for a run: an object deleted in the run is not taken over from the kept listing", async () => {
    const p = await configuredForOneRun();
    const left = seedObject(emu, task.family, named(1));
    await createAll([named(0)]);
    await p.delete!(left, named(1));
    const [again] = await createAll([named(1)]);
    expect(again.id).not.toBe(left);
    expect(requests()).toEqual(["POST 201"]);
    expect(emu.objects().map((o) => o.id)).toEqual([expect.any(String), again.id]);
});

test("configured for a run: a lost create's look-up still asks Graph as it is then", async () => {
    await configuredForOneRun();
    await createAll([named(0)]);
    emu.injectFault({ kind: "dropAfterStore", method: "POST" });
    const [made] = await createAll([named(1)]);
    expect(requests()).toEqual(["POST 0", "GET 200"]);
    expect(emu.objects().map((o) => o.id)).toContain(made.id);
    expect(emu.objects()).toHaveLength(2);
});

test("a new run (a provider configured again) lists again: an object made after the first run's listing is seen", async () => {
    await configuredForOneRun();
    await createAll([named(0)]);
    const between = seedObject(emu, task.family, named(1));
    await configuredForOneRun();
    await expect(createAll([named(1)])).rejects.toThrow(new RegExp(`\\n  - ${between} "task 1"`));
    expect(requests()).toEqual([]); // the new run's check listed again, and found it too
});

test("a listing of several pages is read to the end: an object on the last page is found", async () => {
    const paged = await startEmulator({ pageSize: 2 });
    try {
        const left = [0, 1, 2, 3, 4].map((i) => seedObject(paged, task.family, named(i)));
        const p = providersFor(paged, {}, { notice: (m) => notices.push(m) })[task.family];
        const { inputs } = await p.check({}, named(4));
        paged.clearLog();
        await expect(p.create(inputs)).rejects.toThrow(new RegExp(`\\n  - ${left[4]} "task 4"`));
        expect(paged.log.map((e) => e.method)).toEqual(["GET", "GET", "GET"]);
    } finally {
        await paged.close();
    }
});

test("access package extensions are listed per catalog: one listing for each catalog the creates name", async () => {
    const other = "c0ffee00-0000-4000-8000-00000000ca7b";
    emu.addCatalog(other);
    const ap = fixtures[1];
    const inputs = [0, 1, 2, 3].map((i) => ({ ...ap.inputs, displayName: `ap ${i}`, catalogId: i % 2 ? other : DEFAULT_CATALOG_ID }));
    await createAll(inputs, ap.family);
    const listed = emu.log.filter((e) => e.method === "GET").map((e) => e.path);
    expect(listed.sort()).toEqual([
        `/v1.0/identityGovernance/entitlementManagement/catalogs/${DEFAULT_CATALOG_ID}/customWorkflowExtensions`,
        `/v1.0/identityGovernance/entitlementManagement/catalogs/${other}/customWorkflowExtensions`,
    ]);
    expect(requests().filter((r) => r === "POST 201")).toHaveLength(4);
});

test("a failed listing fails each create that waited for it as its own create, and the next create lists again", async () => {
    emu.injectFault({ kind: "unavailable", method: "GET", times: 100 });
    const p = providersFor(emu, { ENTRA_MAX_RETRIES: "0" })[task.family];
    const checked = await Promise.all([0, 1].map(async (i) => (await p.check({}, named(i))).inputs));
    const results = await Promise.allSettled(checked.map((x) => p.create(x)));
    expect(results.map((r) => r.status === "rejected" && String(r.reason.message))).toEqual([
        expect.stringMatching(/^creating custom task extension "task 0" failed: Graph answered 503/),
        expect.stringMatching(/^creating custom task extension "task 1" failed: Graph answered 503/),
    ]);
    emu.clearFaults();
    expect((await p.create(checked[0])).id).toBeTruthy();
    expect(emu.objects()).toHaveLength(1);
});

test("the attachments share a listing too: listeners (looked for over the listing) and workflows (by name)", async () => {
    const w = await attachmentWorld(emu);
    const listener = (i: number) => ({
        eventType: "onTokenIssuanceStart",
        displayName: `listener ${i}`,
        conditions: { applications: { includeApplications: [`aaaaaaaa-0000-4000-8000-00000000000${i}`] } },
        handler: { customExtensionId: w.claimsExtension },
    });
    const workflow = (i: number) => ({ category: "joiner", displayName: `workflow ${i}`, tasks: [runExtensionTask(w.taskExtension)] });
    const leftListener = await P.authenticationEventListener.create((await P.authenticationEventListener.check({}, listener(0))).inputs);
    const leftWorkflow = await P.lifecycleWorkflow.create((await P.lifecycleWorkflow.check({}, workflow(0))).inputs);
    // A new provider process: what the first one made is now another stack's, as far as it can tell.
    P = providersFor(emu, {}, { notice: (m) => notices.push(m) });
    // Reads of the one extension each names (checked at create) aside, one listing and a POST for each new object.
    const listsAndWrites = () => emu.log.filter((e) => e.method !== "GET" || !/\/[0-9a-f-]{36}$/.test(e.path)).map((e) => e.method);
    for (const [family, make, left] of [
        ["authenticationEventListener", listener, leftListener.id],
        ["lifecycleWorkflow", workflow, leftWorkflow.id],
    ] as const) {
        const p = P[family];
        const checked = await Promise.all([0, 1, 2, 3].map(async (i) => (await p.check({}, make(i))).inputs));
        emu.clearLog();
        const results = await Promise.allSettled(checked.map((x) => p.create(x)));
        expect(results[0]).toEqual(stoppedOn(left));
        expect(results.slice(1).map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
        expect(listsAndWrites()).toEqual(["GET", "POST", "POST", "POST"]);
    }
});

const portalListener = (emu: GraphEmulator, displayName: string, handler: Record<string, unknown>) =>
    emu.hold("authenticationEventListeners", {
        "@odata.type": "#microsoft.graph.onTokenIssuanceStartListener",
        displayName,
        conditions: { applications: { includeApplications: [] } },
        handler: { "@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler", ...handler },
    });

test("a listener is compared with what Graph holds, not the program's values for what it omits: one running nothing differs", async () => {
    const w = await attachmentWorld(emu);
    // Microsoft's examples print listeners both with and without handler.customExtension: this one names none.
    portalListener(emu, "Claims for the portal", {});
    const p = P.authenticationEventListener;
    const checked = (
        await p.check(
            {},
            { eventType: "onTokenIssuanceStart", displayName: "Claims for the portal", handler: { customExtensionId: w.claimsExtension } },
        )
    ).inputs;
    emu.clearLog();
    await p.create(checked);
    expect(requests()).toEqual(["GET 200", "POST 201"]);
});

test("a listener doing what the program's does (event, extension, applications) is already there, whatever its name", async () => {
    const w = await attachmentWorld(emu);
    const held = portalListener(emu, "Made in the portal", { customExtension: { id: w.claimsExtension } });
    const p = P.authenticationEventListener;
    const checked = (
        await p.check({}, { eventType: "onTokenIssuanceStart", displayName: "Claims", handler: { customExtensionId: w.claimsExtension } })
    ).inputs;
    emu.clearLog();
    const err = await p.create(checked).then(
        () => undefined,
        (e: Error) => e,
    );
    expect(err?.message).toMatch(new RegExp(`with the same eventType, handler, conditions[^]*\\n  - ${held} "Made in the portal"`));
    expect(err?.message).toContain("or make this stack's authentication event listener differ in eventType, handler, conditions");
    expect(requests()).toEqual(["GET 200"]); // the listing; nothing written
});

test("renamed without an alias, the old one shown by the engine (refresh): the new one takes the object, the old lets go", async () => {
    // Run 1 made the object for the resource under its old name.
    const before = P.customTaskExtension;
    const old = await before.create((await before.check({}, named(1))).inputs);
    // Run 2 (a new process, `up --refresh`): the engine reads the old resource, creates the renamed one, then deletes the old.
    const run2 = providersFor(emu, {}, { notice: (m) => notices.push(m) }).customTaskExtension;
    await run2.read!(old.id, old.outs);
    const renamed = await run2.create((await run2.check({}, named(1))).inputs);
    expect(renamed.id).toBe(old.id);
    expect(notices.at(-1)).toMatch(/is this stack's \(another of its resources stood for it[^]*taken over instead of creating a second$/);
    emu.clearLog();
    await run2.delete!(old.id, old.outs);
    expect(emu.writes()).toEqual([]);
    expect(emu.objects().map((o) => o.id)).toEqual([old.id]);
    expect(notices.at(-1)).toMatch(
        /: not deleted: another resource of this run stands for it now \(creating custom task extension "task 1"\)/,
    );
});

test("renamed and changed in one run, the old one shown: the create stops before any write (the old may still be declared)", async () => {
    const before = P.customTaskExtension;
    const old = await before.create((await before.check({}, named(1))).inputs);
    const run2 = providersFor(emu).customTaskExtension;
    // A read with the resource's state (a refresh) shows it; the program now wants another description.
    await run2.read!(old.id, old.outs);
    emu.clearLog();
    const err = await run2.create((await run2.check({}, { ...named(1), description: "changed" })).inputs).then(
        () => undefined,
        (e: Error) => e,
    );
    expect(err?.message).toMatch(
        new RegExp(`stopped before any write: ${old.id} is this stack's [^]*but differs from the program: description: [^]*aliases`),
    );
    expect(emu.writes()).toEqual([]);
});

test("a read without state (an import's, a read-only one) shows nothing: a like object is not taken over", async () => {
    const before = P.customTaskExtension;
    const old = await before.create((await before.check({}, named(1))).inputs);
    const run2 = providersFor(emu).customTaskExtension;
    await run2.read!(old.id, {});
    emu.clearLog();
    const err = await run2.create((await run2.check({}, named(1))).inputs).then(
        () => undefined,
        (e: Error) => e,
    );
    expect(err?.message).toMatch(/stopped before any write: another resource of this stack stands for the custom task extension/);
    expect(emu.writes()).toEqual([]);
});

test("renamed without an alias and not shown by the engine (no refresh): the create stops and names aliases", async () => {
    const before = P.customTaskExtension;
    const old = await before.create((await before.check({}, named(1))).inputs);
    const run2 = providersFor(emu).customTaskExtension;
    const err = await run2.create((await run2.check({}, named(1))).inputs).then(
        () => undefined,
        (e: Error) => e,
    );
    expect(err?.message).toMatch(new RegExp(`\\n  - ${old.id} "task 1"[^]*give it \`aliases\` with its old name`));
    expect(emu.objects()).toHaveLength(1);
});

test("a resource the program still declares (diff) is not taken over by another that names the same object", async () => {
    const before = P.customTaskExtension;
    const a = await before.create((await before.check({}, named(1))).inputs);
    const run2 = providersFor(emu).customTaskExtension;
    await run2.read!(a.id, a.outs);
    await run2.diff!(a.id, a.outs, (await run2.check(a.outs, named(1))).inputs);
    const err = await run2.create((await run2.check({}, named(1))).inputs).then(
        () => undefined,
        (e: Error) => e,
    );
    expect(err?.message).toMatch(
        new RegExp(`another resource of this stack stands for the custom task extension named "task 1"[^]*\\n  - ${a.id}`),
    );
    expect(emu.objects()).toHaveLength(1);
});
