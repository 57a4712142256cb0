// The life of one extension under the real CLI, run for each family on a stack of its own: what a
// user does (up, preview, refresh, edits in the portal, program changes, replacement, deletion out of
// band, bad input, an extension still in use, destroy), checked against the emulator's objects and
// request log.
import { GraphEmulator } from "../../provider/emulator";
import { FamilyFixture } from "../support/fixtures";
import { nameExtension } from "../support/attachments";
import { diagnostics } from "../../scripts/pulumiCli";
import { DeclaredResource, Engine, Stack, stackOnEmulator, writesSince } from "./harness";

export interface Scenario {
    fixture: FamilyFixture;
    type: DeclaredResource["type"];
    /** Outputs a program reads although it did not pass them (defaults, server-set values). */
    defaultedOutputs: Record<string, unknown>;
    /** Every output property the class declares. */
    outputNames: string[];
}

const NAME = "ext";

export function familyScenario(engine: Engine, s: Scenario): void {
    let emu: GraphEmulator;
    let stack: Stack;
    let id: string;
    const fx = s.fixture;
    const declare = (args: Record<string, unknown>) => stack.declare([{ type: s.type, name: NAME, args }]);
    const only = () => {
        const objects = emu.objects();
        expect(objects).toHaveLength(1);
        return objects[0];
    };

    stackOnEmulator(engine, `${fx.family}-life`, {}, (e, s) => {
        [emu, stack] = [e, s];
    });

    test("up creates the extension with one POST, and every declared output exists at run time", async () => {
        await declare(fx.inputs);
        const out = await stack.up();
        expect(out.code).toBe(0);
        expect(writesSince(emu, 0)).toEqual(["POST 201"]);
        id = only().id;
        const outputs = (await stack.outputs()).resources[NAME];
        expect(Object.keys(outputs).sort()).toEqual(expect.arrayContaining([...s.outputNames, "id"].sort()));
        expect(outputs).toMatchObject({ id, ...s.defaultedOutputs });
        expect(outputs.endpointUrl).toMatch(/^https:\/\//);
    }, 120_000);

    test("a second preview finds nothing to do, and sends nothing to Graph", async () => {
        const before = emu.log.length;
        const r = await stack.preview("--expect-no-changes");
        expect(r.out).not.toMatch(/error/i);
        expect(r.code).toBe(0);
        expect(emu.log.length).toBe(before);
    }, 120_000);

    test("a refresh right after create finds no drift: Graph's echo is not a change", async () => {
        const before = emu.log.length;
        const r = await stack.preview("--refresh", "--expect-no-changes");
        expect(r.code).toBe(0);
        expect(emu.log.slice(before).map((e) => `${e.method} ${e.status}`)).toEqual(["GET 200"]);
    }, 120_000);

    test("edits made in the portal show property by property in `preview --refresh --diff`, and `up --refresh` repairs them", async () => {
        for (const d of fx.drifts) emu.mutate(id, d.graphChange);
        const r = await stack.preview("--refresh", "--diff");
        expect(r.code).toBe(0);
        for (const d of fx.drifts) expect(r.out).toMatch(new RegExp(`[~+-] ${d.property}\\s*: `));
        const before = emu.log.length;
        const repaired = await stack.up("--refresh");
        expect(repaired.code).toBe(0);
        expect(writesSince(emu, before)).toEqual([`${fx.updateVerb} ${fx.updateVerb === "PUT" ? 200 : 204}`]);
        expect((await stack.preview("--refresh", "--expect-no-changes")).code).toBe(0);
    }, 180_000);

    test(`a program change is an in-place update with ${fx.updateVerb}`, async () => {
        await declare({ ...fx.inputs, ...fx.change });
        const p = await stack.preview("--diff");
        expect(p.out).toMatch(/~ .*update|~ 1 to update|1 to update/);
        const before = emu.log.length;
        expect((await stack.up()).code).toBe(0);
        expect(writesSince(emu, before)).toEqual([`${fx.updateVerb} ${fx.updateVerb === "PUT" ? 200 : 204}`]);
        expect(only().id).toBe(id);
        for (const [k, v] of Object.entries(fx.change)) if (typeof v === "string") expect(only().body[k]).toEqual(v);
    }, 180_000);

    test("a replacement leaves exactly one object, the new one", async () => {
        const args = { ...fx.inputs, ...fx.change, ...fx.replacement };
        await declare(args);
        const r = fx.replacement ? await stack.up() : await stack.up("--replace", stack.urn(s.type, NAME));
        expect(r.out).toMatch(/replaced/);
        expect(r.code).toBe(0);
        const now = only();
        expect(now.id).not.toBe(id);
        id = now.id;
        expect((await stack.preview("--refresh", "--expect-no-changes")).code).toBe(0);
    }, 180_000);

    test("an object deleted out of band is found gone on refresh (without a long wait) and made again by `up --refresh`", async () => {
        // The read-after-create grace is for objects made moments ago; this one is made an hour old
        // (a refresh brings the date into state).
        emu.mutate(id, { createdDateTime: new Date(Date.now() - 3600_000).toISOString() });
        expect((await stack.run(["refresh", "--yes", "--skip-preview"])).code).toBe(0);
        emu.remove(id);
        const before = emu.log.length;
        const r = await stack.preview("--refresh");
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/\+ 1 to create|1 to create/);
        // The refresh's read, then the look-up of what the create would meet (one listing).
        expect(emu.log.slice(before).map((e) => `${e.method} ${e.status}`)).toEqual(["GET 404", "GET 200"]);
        expect((await stack.up("--refresh")).code).toBe(0);
        id = only().id;
    }, 180_000);

    test("bad input is refused at preview, every problem at once with its value, and nothing is written", async () => {
        const before = emu.log.length;
        await declare({ ...fx.inputs, clientConfiguration: { timeoutInMilliseconds: 5000, maximumRetries: 3 }, displayName: "" });
        const r = await stack.preview();
        expect(r.code).not.toBe(0);
        expect(r.out).toContain("clientConfiguration.timeoutInMilliseconds: must be a whole number from 200 to 2000 (got 5000)");
        expect(r.out).toContain("clientConfiguration.maximumRetries: must be 0 or 1 (got 3)");
        expect(r.out).toContain('displayName: must not be empty (got "")');
        expect(r.out).not.toMatch(/\{<nil>\}|map\[/);
        expect(writesSince(emu, before)).toEqual([]);
        await declare({ ...fx.inputs, ...fx.change, ...fx.replacement });
    }, 120_000);

    test("a delete Graph refuses (in use) is reported once, the extension stays in state; destroy works once detached", async () => {
        const namers = nameExtension(emu, fx.family, only());
        const r = await stack.destroy();
        expect(r.code).not.toBe(0);
        const reported = diagnostics(r.out);
        expect(reported.match(/Graph keeps it because/g)).toHaveLength(1);
        expect(reported).not.toMatch(/at Object\.remove|dynamic-provider/);
        expect((await stack.resources()).some((x) => x.id === id)).toBe(true);
        namers.forEach((n) => emu.remove(n));
        const before = emu.log.length;
        expect((await stack.destroy()).code).toBe(0);
        expect(writesSince(emu, before)).toEqual(["DELETE 204"]);
        expect(emu.objects()).toEqual([]);
    }, 180_000);
}
