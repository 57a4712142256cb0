// A `pulumi up` killed while its creates are in flight (a cancelled CI job, a closed laptop) leaves the objects in
// the tenant and, in the stack's checkpoint, its pending creates. The next `up` does not take those objects over on
// their names' word: it stops, naming each and `recover`. `pulumi-entra-extensions recover --yes` (run from the
// packed, installed package) records them from the checkpoint; then `up` completes with no duplicate. A create whose
// answer is lost within one run still leaves exactly one object, with no stop.
import { GraphEmulator } from "../../provider/emulator";
import { diagnostics } from "../../scripts/pulumiCli";
import { fixtures } from "../support/fixtures";
import { DeclaredResource, Stack, describeEngine, secret, stackOnEmulator, succeeded } from "./harness";

const resources: DeclaredResource[] = [
    // A secret among the inputs: recover reads it to compare, and never prints or writes it.
    { type: "CustomTaskExtension", name: "task", args: { ...fixtures[0].inputs, description: secret("SECRET-interrupted-description") } },
    { type: "AccessPackageWorkflowExtension", name: "ap", args: fixtures[1].inputs },
    { type: "CustomAuthenticationExtension", name: "auth", args: fixtures[2].inputs },
    {
        type: "CustomAuthenticationExtension",
        name: "auth-otp",
        args: { ...fixtures[2].inputs, displayName: "OTP by SMS", extensionType: "onOtpSend", claimsForTokenConfiguration: undefined },
    },
];

const posts = (emu: GraphEmulator) => emu.log.filter((e) => e.method === "POST");

describeEngine("an interrupted up through the Pulumi CLI", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;

    stackOnEmulator(engine, "interrupted", {}, async (e, s) => {
        [emu, stack] = [e, s];
        await stack.declare(resources);
    });

    test("killed with four creates in flight: the next up stops, naming recover; recover --yes, then up: one object each", async () => {
        // Each create is held for 3 s by the emulator: the window in which the CLI is killed.
        emu.injectFault({ kind: "slow", method: "POST", delayMs: 3000, times: 4 });
        let seen = 0;
        const killed = await stack.interruptWhen(
            ["up", "--yes", "--skip-preview"],
            // once the four creates are under way, and their POSTs sent (they are held 3 s)
            (out) => (out.match(/ creating \(/g) ?? []).length >= 5 && (seen ||= Date.now()) + 1500 < Date.now(),
            ["SIGINT", "SIGINT"],
        );
        expect(killed.code).not.toBe(0);
        expect(killed.out.match(/creating \(interrupted\)/g)).toHaveLength(4);
        // The emulator stores what it was sent, as Graph would.
        const deadline = Date.now() + 10_000;
        while (emu.objects().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(emu.objects()).toHaveLength(4);
        expect(posts(emu)).toHaveLength(4);

        // Nothing but the checkpoint says these are this stack's: the next up (its preview warns) stops at the create, naming the object
        // it met and recover, with no duplicate and no write.
        const writes = emu.writes().length;
        const again = await stack.up();
        expect(again.code).not.toBe(0);
        expect(emu.writes()).toHaveLength(writes);
        expect(diagnostics(again.out)).toMatch(
            new RegExp(
                `stopped before any write: [^]*\\n\\s+- (${emu
                    .objects()
                    .map((o) => o.id)
                    .join("|")}) [^]*pulumi-entra-extensions recover`,
            ),
        );

        // Without --yes, and no terminal to ask at: the plan, and no change.
        const asked = await stack.tool(["recover", "--stack", stack.name]);
        expect(asked.code).toBe(2);
        expect(asked.out).toContain("Record 4 objects as the stack's resources? Not asked: no terminal. Run again with --yes");
        expect(JSON.parse(await stack.ok(["stack", "export"])).deployment.pending_operations).toHaveLength(4);

        const recovered = await stack.tool(["recover", "--yes", "--stack", stack.name]);
        expect(recovered.code).toBe(0);
        expect(recovered.out).toContain("4 pending creates of entra resources");
        for (const o of emu.objects()) expect(recovered.out).toContain(`-> ${o.id} `);
        // The two authentication extensions carry no creation time in Graph: the plan says likeness is all it has.
        expect(recovered.out.match(/but Graph gives no creation time for custom authentication extensions/g)).toHaveLength(2);
        expect(recovered.out).toContain("2 of them are like the create's only");
        expect(recovered.out).toContain("Recorded 4, cleared 0.");
        expect(recovered.out).not.toContain("SECRET-interrupted-description");
        expect(stack.backendText()).not.toContain("SECRET-interrupted-description");

        const from = emu.log.length;
        succeeded(await stack.up());
        expect(emu.writes(from)).toEqual([]);
        expect(emu.objects()).toHaveLength(4);
        const state = await stack.resources();
        for (const o of emu.objects()) expect(state.filter((r) => r.id === o.id)).toHaveLength(1);
        expect(JSON.parse(await stack.ok(["stack", "export"])).deployment.pending_operations ?? []).toEqual([]);
        succeeded(await stack.preview("--refresh", "--expect-no-changes"));
    }, 240_000);

    test("recover with nothing pending says so and changes nothing", async () => {
        const none = await stack.tool(["recover", "--yes", "--stack", stack.name]);
        expect(none.code).toBe(0);
        expect(none.out).toContain("No pending creates of entra resources in this stack: nothing to recover.");
    }, 60_000);

    test("a create whose answer is lost within the run: exactly one object, no stop", async () => {
        const lost: DeclaredResource = { ...resources[2], name: "lost", args: { ...fixtures[2].inputs, displayName: "Lost answer" } };
        await stack.declare([...resources, lost]);
        emu.injectFault({ kind: "dropAfterStore", method: "POST", pathContains: "customAuthenticationExtensions" });
        const r = succeeded(await stack.up());
        expect(r.out).not.toContain("stopped before any write");
        expect(emu.objects().filter((o) => o.body.displayName === "Lost answer")).toHaveLength(1);
        await stack.declare(resources);
        succeeded(await stack.up());
    }, 120_000);
});
