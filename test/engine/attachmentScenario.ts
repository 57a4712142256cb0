// The life of an attachment (what makes an extension fire) under the real CLI, with the extension it
// names in the same stack: up, a no-change preview, drift made in the portal and its repair with the
// fewest requests, each kind of update with its verb, bad input refused at preview, the attachment
// replaced, the extension it names replaced in one `up` with no manual step, and destroy in order.
import { GraphEmulator } from "../../provider/emulator";
import { DeclaredResource, Engine, Stack, stackOnEmulator } from "./harness";

/** A write as "METHOD where status": the path from its collection on, ids as {id}. */
export function shortWrites(emu: GraphEmulator, since: number): string[] {
    return emu.writes(since).map((e) => {
        const path = e.path
            .replace(/^\/(v1\.0|beta)/, "")
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "{id}")
            .replace(/^\/identity(Governance)?\/(lifecycleWorkflows\/|entitlementManagement\/(catalogs\/\{id\}\/)?)?/, "");
        return `${e.method} ${path} ${e.status}`;
    });
}

export interface Step {
    /** What the step changes, for the test's name. */
    what: string;
    args: Record<string, unknown>;
    /** The writes Graph must see, in order. */
    writes: string[];
    /** What the preview must say beside the diff. */
    previewSays?: RegExp;
}

export interface AttachmentScenario {
    /** The stack's name. */
    name: string;
    type: DeclaredResource["type"];
    /** What the stack names but does not make (an access package's policy), made in the emulator first. */
    seed?(emu: GraphEmulator): Record<string, string>;
    /** The extension(s) it names, declared before it; the first is the one replaced later. */
    extensions(seeded: Record<string, string>): DeclaredResource[];
    args(seeded: Record<string, string>): Record<string, unknown>;
    createWrites: string[];
    /** A change made in the portal to the attachment's object, the property it shows under, and the repair's writes. */
    drift: { change(emu: GraphEmulator, id: string): void; property: string; repairWrites: string[]; previewSays?: RegExp };
    updates(seeded: Record<string, string>): Step[];
    badInput(seeded: Record<string, string>): { args: Record<string, unknown>; says: string };
    /** The writes of replacing the attachment itself: a change that replaces it, or `--replace` when `args` is absent. */
    replace(seeded: Record<string, string>): Omit<Step, "args"> & { args?: Record<string, unknown> };
    /** The writes of `pulumi up --replace <the extension it names>`. */
    replaceExtensionWrites: string[];
    destroyWrites: string[];
}

const NAME = "attachment";

export function attachmentScenario(engine: Engine, s: AttachmentScenario): void {
    let emu: GraphEmulator;
    let stack: Stack;
    let seeded: Record<string, string> = {};
    let args: Record<string, unknown>;
    const declare = (a: Record<string, unknown>) => stack.declare([...s.extensions(seeded), { type: s.type, name: NAME, args: a }]);
    const attachmentId = async () => (await stack.outputs()).resources[NAME].id as string;

    stackOnEmulator(engine, s.name, {}, (e, st) => {
        [emu, stack] = [e, st];
        seeded = s.seed?.(emu) ?? {};
        args = s.args(seeded);
    });

    test("up makes the extension, then what makes it fire, naming it", async () => {
        await declare(args);
        const since = emu.log.length;
        const r = await stack.up();
        expect(r.code).toBe(0);
        expect(shortWrites(emu, since)).toEqual(s.createWrites);
        const out = (await stack.outputs()).resources;
        expect(JSON.stringify(out[NAME])).toContain(out[s.extensions(seeded)[0].name].id);
    }, 180_000);

    test("a second preview, and one with --refresh, find nothing to do", async () => {
        let since = emu.log.length;
        expect((await stack.preview("--expect-no-changes")).code).toBe(0);
        expect(emu.log.length).toBe(since);
        since = emu.log.length;
        expect((await stack.preview("--refresh", "--expect-no-changes")).code).toBe(0);
        expect(emu.writes(since)).toEqual([]);
    }, 180_000);

    test("a portal edit shows by property in `preview --refresh --diff`; `up --refresh` repairs it with the fewest requests", async () => {
        s.drift.change(emu, await attachmentId());
        const p = await stack.preview("--refresh", "--diff");
        expect(p.code).toBe(0);
        expect(p.out).toMatch(new RegExp(`[~+-] ${s.drift.property}\\s*: `));
        if (s.drift.previewSays) expect(p.out).toMatch(s.drift.previewSays);
        const since = emu.log.length;
        expect((await stack.up("--refresh")).code).toBe(0);
        expect(shortWrites(emu, since)).toEqual(s.drift.repairWrites);
        expect((await stack.preview("--refresh", "--expect-no-changes")).code).toBe(0);
    }, 180_000);

    test("each kind of update is one request of its verb", async () => {
        for (const step of s.updates(seeded)) {
            await declare(step.args);
            const p = await stack.preview("--diff");
            expect(p.code).toBe(0);
            if (step.previewSays) expect(p.out).toMatch(step.previewSays);
            const since = emu.log.length;
            const r = await stack.up();
            expect(r.code).toBe(0);
            expect([step.what, ...shortWrites(emu, since)]).toEqual([step.what, ...step.writes]);
            args = step.args;
        }
        expect((await stack.preview("--refresh", "--expect-no-changes")).code).toBe(0);
    }, 300_000);

    test("bad input is refused at preview, naming the property and the value, and nothing is written", async () => {
        const bad = s.badInput(seeded);
        await declare(bad.args);
        const since = emu.log.length;
        const r = await stack.preview();
        expect(r.code).not.toBe(0);
        expect(r.out).toContain(bad.says);
        expect(emu.writes(since)).toEqual([]);
        await declare(args);
    }, 120_000);

    test("the attachment replaced: the old object goes, then the new one comes", async () => {
        const step = s.replace(seeded);
        if (step.args) await declare(step.args);
        const since = emu.log.length;
        const r = step.args ? await stack.up() : await stack.up("--replace", stack.urn(s.type, NAME));
        expect(r.out).toMatch(/replaced/);
        expect(r.code).toBe(0);
        expect(shortWrites(emu, since)).toEqual(step.writes);
        args = step.args ?? args;
        expect((await stack.preview("--refresh", "--expect-no-changes")).code).toBe(0);
    }, 180_000);

    test("the extension it names replaced, in one `up`: nothing is left naming a deleted extension, and no delete is refused", async () => {
        const ext = s.extensions(seeded)[0];
        const oldId = (await stack.outputs()).resources[ext.name].id;
        const since = emu.log.length;
        const r = await stack.up("--replace", stack.urn(ext.type, ext.name));
        expect(r.out).not.toMatch(/ResourceInUse|Graph keeps it/);
        expect(r.code).toBe(0);
        expect(shortWrites(emu, since)).toEqual(s.replaceExtensionWrites);
        const out = (await stack.outputs()).resources;
        expect(out[ext.name].id).not.toBe(oldId);
        expect(JSON.stringify(out[NAME])).toContain(out[ext.name].id);
        expect((await stack.preview("--refresh", "--expect-no-changes")).code).toBe(0);
    }, 180_000);

    test("destroy removes what makes it fire before the extension", async () => {
        const since = emu.log.length;
        expect((await stack.destroy()).code).toBe(0);
        expect(shortWrites(emu, since)).toEqual(s.destroyWrites);
    }, 180_000);
}
