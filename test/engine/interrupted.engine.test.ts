// A `pulumi up` killed while its creates are in flight (a cancelled CI job, a closed laptop) leaves the
// objects in the tenant and nothing in state. The next `pulumi up`, with no manual step, takes each of
// them over: exactly one object per resource. An object made by hand that only shares a name is not taken.
import { GraphEmulator } from "../../provider/emulator";
import { seedObject } from "../../provider/export/measure";
import { diagnostics } from "../../scripts/pulumiCli";
import { fixtures } from "../support/fixtures";
import { DeclaredResource, Stack, describeEngine, stackOnEmulator, succeeded, writesSince } from "./harness";

const resources: DeclaredResource[] = [
    { type: "CustomTaskExtension", name: "task", args: fixtures[0].inputs },
    { type: "AccessPackageWorkflowExtension", name: "ap", args: fixtures[1].inputs },
    { type: "CustomAuthenticationExtension", name: "auth", args: fixtures[2].inputs },
    {
        type: "CustomAuthenticationExtension",
        name: "auth-otp",
        args: { ...fixtures[2].inputs, displayName: "OTP by SMS", extensionType: "onOtpSend", claimsForTokenConfiguration: undefined },
    },
];

describeEngine("an interrupted up through the Pulumi CLI", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;

    stackOnEmulator(engine, "interrupted", {}, async (e, s) => {
        [emu, stack] = [e, s];
        await stack.declare(resources);
    });

    test("killed with four creates in flight, the next up takes the four objects over: one object per resource", async () => {
        // Each create is held for 3 s by the emulator: the window in which the CLI is killed.
        emu.injectFault({ kind: "slow", method: "POST", delayMs: 3000, times: 4 });
        let seen = 0;
        const killed = await stack.interruptWhen(
            ["up", "--yes", "--skip-preview"],
            // once the four creates are under way, and their POSTs sent (they are held 3 s)
            (out) => (out.match(/ creating \(/g) ?? []).length >= 4 && (seen ||= Date.now()) + 1500 < Date.now(),
            ["SIGINT", "SIGINT"],
        );
        expect(killed.code).not.toBe(0);
        expect(killed.out.match(/creating \(interrupted\)/g)).toHaveLength(4);
        // The emulator stores what it was sent, as Graph would.
        const deadline = Date.now() + 10_000;
        while (emu.objects().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(emu.objects()).toHaveLength(4);
        expect(emu.log.filter((e) => e.method === "POST")).toHaveLength(4);

        const again = succeeded(await stack.up());
        expect(emu.objects()).toHaveLength(4);
        expect(emu.log.filter((e) => e.method === "POST")).toHaveLength(4);
        expect(diagnostics(again.out).match(/taking it over instead of creating a second/g)).toHaveLength(4);
        const state = await stack.resources();
        for (const o of emu.objects()) expect(state.some((r) => r.id === o.id)).toBe(true);
        succeeded(await stack.preview("--refresh", "--expect-no-changes"));
    }, 180_000);

    test("an object made by hand that only shares the name is not duplicated or overwritten: refused, with its id", async () => {
        const byHand = { ...fixtures[2].inputs, displayName: "Made by hand", description: "in the admin center" };
        const madeId = seedObject(emu, "customAuthenticationExtension", byHand);
        await stack.declare([...resources, { ...resources[2], name: "by-hand", args: { ...byHand, description: "the program's" } }]);
        const from = emu.log.length;
        const r = await stack.up();
        await stack.declare(resources);
        expect(r.code).not.toBe(0);
        expect(r.out).toContain(
            `Graph already holds ${madeId} with this name and other settings. Adopt it with the resource option { import: "<id>" }`,
        );
        expect(writesSince(emu, from)).toEqual([]);
        expect(emu.objects().find((o) => o.id === madeId)?.body.description).toBe("in the admin center");
    }, 120_000);
});
