// Two stacks of one program in one tenant (a pull request's review stack beside `dev`), through the real CLI: the
// second stack never takes over, changes or deletes the first one's objects. With the same names its `up` stops on
// each, naming it and the ways on, and writes nothing; its `destroy` deletes nothing of the first. With names that
// carry the stack's name (and its own applications and policy), each stack makes and removes only its own. The same
// for a listener and a policy's stages. And a resource renamed without aliases: adopted by its new name under
// `up --refresh`, a stop that names aliases without it.
import { GraphEmulator, startEmulator } from "../../provider/emulator";
import { attachmentWorld, AttachmentWorld } from "../support/attachments";
import { fixtures } from "../support/fixtures";
import { diagnostics } from "../../scripts/pulumiCli";
import { DeclaredResource, Stack, describeEngine, succeeded, writesSince } from "./harness";

const APPS = { dev: "aaaaaaaa-0000-4000-8000-0000000000d1", review: "aaaaaaaa-0000-4000-8000-0000000000e1" };

/** The program: three extensions, a listener running the tenant's claims extension, the stages of a policy. */
function program(w: AttachmentWorld, opts: { suffix?: string; app: string; policy: string }): DeclaredResource[] {
    const name = (n: string) => `${n}${opts.suffix ? ` (${opts.suffix})` : ""}`;
    const [task, ap, auth] = fixtures;
    return [
        { type: "CustomTaskExtension", name: "task", args: { ...task.inputs, displayName: name("Onboarding") } },
        { type: "AccessPackageWorkflowExtension", name: "ap", args: { ...ap.inputs, displayName: name("Request: check licence") } },
        { type: "CustomAuthenticationExtension", name: "auth", args: { ...auth.inputs, displayName: name("Claims") } },
        {
            type: "AuthenticationEventListener",
            name: "listener",
            args: {
                eventType: "onTokenIssuanceStart",
                displayName: name("Claims for the portal"),
                conditions: { applications: { includeApplications: [opts.app] } },
                handler: { customExtensionId: w.claimsExtension },
            },
        },
        {
            type: "AccessPackageCustomExtensionStages",
            name: "stages",
            args: {
                policyId: opts.policy,
                customExtensionStageSettings: [{ stage: "assignmentRequestCreated", customExtensionId: w.requestExtension }],
            },
        },
    ];
}

describeEngine("two stacks of one program in one tenant", (engine) => {
    let emu: GraphEmulator;
    let w: AttachmentWorld;
    let reviewPolicy: string;
    const stacks: Stack[] = [];
    const stack = async (name: string) => {
        const s = await new Stack(engine, name, { emulator: emu }).init();
        stacks.push(s);
        return s;
    };
    const ids = async (s: Stack) => (await s.resources()).filter((r) => r.custom && r.id && !r.type.startsWith("pulumi:")).map((r) => r.id);

    beforeAll(async () => {
        emu = await startEmulator();
        w = await attachmentWorld(emu);
        reviewPolicy = emu.create("assignmentPolicies", {
            displayName: "Review: direct assignment",
            allowedTargetScope: "notSpecified",
            specificAllowedTargets: [],
            expiration: { type: "noExpiration" },
            accessPackage: { id: w.accessPackage },
        }).id;
    }, 60_000);
    afterAll(async () => {
        for (const s of stacks.reverse()) await s.destroy();
        await emu?.close();
    }, 180_000);

    test("the same names: the review stack stops on each of dev's objects, writes nothing, and its destroy deletes none", async () => {
        const dev = await stack("dev");
        await dev.declare(program(w, { app: APPS.dev, policy: w.policy }));
        succeeded(await dev.up());
        const devIds = await ids(dev);
        expect(devIds).toHaveLength(5);
        const objects = emu.objects().length;

        // The whole program: its preview warns, and the first create stops before any write, naming dev's object and the ways on.
        const review = await stack("review");
        await review.declare(program(w, { app: APPS.dev, policy: w.policy }));
        const from = emu.log.length;
        const up = await review.up();
        expect(up.code).not.toBe(0);
        const said = diagnostics(up.out);
        expect(said).toMatch(new RegExp(`stopped before any write: [^]*\\n\\s+- (${devIds.join("|")}) `));
        expect(said).toContain("npx pulumi-entra-extensions recover");
        expect(writesSince(emu, from)).toEqual([]);
        expect(await ids(review)).toEqual([]);
        // Each resource alone, the listener and the policy's stages among them: each stops on its dev counterpart.
        const stops: Record<string, RegExp> = {
            task: /a custom task extension named "Onboarding" \(Graph keeps these names unique\)/,
            ap: /an access package workflow extension with the same extensionType, name and settings/,
            auth: /a custom authentication extension with the same extensionType, name and settings/,
            listener: /an authentication event listener with the same eventType, handler, conditions/,
            stages: /already holds access package policy's custom extension stages/,
        };
        const devOutputs = (await dev.outputs()).resources;
        for (const r of program(w, { app: APPS.dev, policy: w.policy })) {
            await review.declare([r]);
            const alone = await review.up();
            expect(alone.code).not.toBe(0);
            expect(diagnostics(alone.out)).toMatch(stops[r.name]);
            expect(diagnostics(alone.out)).toContain(devOutputs[r.name].id);
            if (["task", "ap", "auth"].includes(r.name))
                expect(diagnostics(alone.out)).toContain("another displayName, e.g. with the stack's name in it (`${pulumi.getStack()}`)");
        }
        expect(writesSince(emu, from)).toEqual([]);
        expect(await ids(review)).toEqual([]);

        succeeded(await review.destroy());
        expect(writesSince(emu, from)).toEqual([]);
        expect(emu.objects()).toHaveLength(objects);
        expect(emu.objects().find((o) => o.id === w.policy)?.body.customExtensionStageSettings).toHaveLength(1);
        succeeded(await dev.preview("--refresh", "--expect-no-changes"));
    }, 300_000);

    test("names with the stack's name, the review's own application and policy: each stack makes and removes its own", async () => {
        const [dev] = stacks;
        const devIds = await ids(dev);
        const review = await stack("review-named");
        await review.declare(program(w, { suffix: "review-named", app: APPS.review, policy: reviewPolicy }));
        succeeded(await review.up());
        const reviewIds = await ids(review);
        expect(reviewIds).toHaveLength(5);
        expect(reviewIds.filter((id) => devIds.includes(id))).toEqual([]);

        succeeded(await review.destroy());
        const left = emu.objects().map((o) => o.id);
        for (const id of devIds) expect(left).toContain(id);
        for (const id of reviewIds.filter((x) => x !== reviewPolicy)) expect(left).not.toContain(id);
        expect(emu.objects().find((o) => o.id === reviewPolicy)?.body.customExtensionStageSettings ?? []).toEqual([]);
        expect(emu.objects().find((o) => o.id === w.policy)?.body.customExtensionStageSettings).toHaveLength(1);
        succeeded(await dev.preview("--refresh", "--expect-no-changes"));
    }, 300_000);

    test("renamed without aliases: with up --refresh the new resource takes the object, the old lets go; without, a stop", async () => {
        const [dev] = stacks;
        const before = program(w, { app: APPS.dev, policy: w.policy });
        const taskId = (await dev.outputs()).resources.task.id as string;
        const renamed = before.map((r) => (r.name === "task" ? { ...r, name: "onboarding-task" } : r));
        await dev.declare(renamed);

        const from = emu.log.length;
        const plain = await dev.up();
        expect(plain.code).not.toBe(0);
        expect(diagnostics(plain.out)).toMatch(new RegExp(`\\n\\s+- ${taskId} "Onboarding"[^]*give it \`aliases\` with its old name`));
        expect(writesSince(emu, from)).toEqual([]);

        const refreshed = succeeded(await dev.up("--refresh"));
        expect(diagnostics(refreshed.out)).toContain(`${taskId} is this stack's`);
        expect(writesSince(emu, from)).toEqual([]);
        expect((await dev.outputs()).resources["onboarding-task"].id).toBe(taskId);
        expect(
            emu
                .objects()
                .filter((o) => o.body.displayName === "Onboarding")
                .map((o) => o.id),
        ).toEqual([taskId]);
        succeeded(await dev.preview("--refresh", "--expect-no-changes"));
    }, 300_000);
});
