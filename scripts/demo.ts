// `npm run demo`: the main job with no Azure account. The real Pulumi CLI runs the quickstart stack
// (the root Pulumi.yaml, examples/quickstart) against the built-in Graph emulator: up, a preview that
// must find nothing, an edit made "in the portal", the drift shown property by property, the repair,
// destroy, and the Graph requests each step cost. Then a Logic App, its extension and the workflow that runs it in one stack,
// offline (logicAppDemo.ts). Last, the quickstart's extensions fired at a local API and a stand-in Logic App (fireDemo.ts).
// State and PULUMI_HOME live in a temporary directory that is removed at the end; the emulator stops with the demo.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { fireDemo } from "./fireDemo";
import { logicAppDemo } from "./logicAppDemo";
import { offlineEnv, provideCli, runPulumi } from "./pulumiCli";
import { repoRoot as root } from "./repoRoot";

const STACK = "demo";

const say = (s: string) => process.stdout.write(`${s}\n`);
const step = (title: string) => say(`\n=== ${title}`);
/** Echoes the CLI's output indented, line by line (chunks may end mid-line). */
function indenter(): (text: string) => void {
    let atLineStart = true;
    return (text) => {
        for (const part of text.split(/(?<=\n)/)) {
            process.stdout.write(atLineStart ? `  | ${part}` : part);
            atLineStart = part.endsWith("\n");
        }
    };
}

/** The Graph requests since `from`, counted by verb: "1 POST, 2 GET". */
function requests(emu: GraphEmulator, from: number): string {
    const counts = new Map<string, number>();
    for (const e of emu.log.slice(from)) counts.set(e.method, (counts.get(e.method) ?? 0) + 1);
    return counts.size ? [...counts].map(([m, n]) => `${n} ${m}`).join(", ") : "none";
}

async function main() {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "entra-demo-"));
    const stackConfig = path.join(root, `Pulumi.${STACK}.yaml`);
    const hadStackConfig = fs.existsSync(stackConfig);
    let emu: GraphEmulator | undefined;
    const costs: [string, string][] = [];
    try {
        step("Pulumi CLI");
        const cli = provideCli();
        emu = await startEmulator();
        const env = offlineEnv(cli, work, { ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token });
        say(`  ${cli}/pulumi; Node ${process.version}`);
        say(`  Graph emulator on ${emu.url}; state and PULUMI_HOME in ${work} (removed at the end)`);
        const pulumi = async (title: string, args: string[], expectCode = 0) => {
            step(`${title}: pulumi ${args.join(" ")}`);
            const from = emu!.log.length;
            const r = await runPulumi(cli, root, [...args, "--stack", STACK], env, { echo: indenter() });
            if (r.code !== expectCode) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}`);
            const cost = requests(emu!, from);
            costs.push([`pulumi ${args.join(" ")}`, cost]);
            say(`  -> ${(r.ms / 1000).toFixed(1)} s, Graph requests: ${cost}`);
            return r;
        };

        await pulumi("create the stack", ["stack", "init"]);
        await pulumi("create one extension of each family, and a listener and a workflow that make two of them fire", ["up", "--yes"]);
        await pulumi("a second preview finds nothing to do", ["preview", "--expect-no-changes"]);

        step("someone edits the tenant in the portal (here: straight into the emulator, not through Pulumi)");
        const byName = (n: string) => emu!.objects().find((o) => o.body.displayName === n)!;
        emu.mutate(byName("Onboarding: provision badge").id, { description: "edited in the portal" });
        emu.mutate(byName("Claims from HR").id, { clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 0 } });
        say('  task extension: description set to "edited in the portal"');
        say("  authentication extension: clientConfiguration set to 2000 ms, 0 retries");

        const drift = await pulumi("the drift, property by property", ["preview", "--refresh", "--diff"]);
        if (!/~ description\s*: "edited in the portal" => /.test(drift.out) && !/[+~] description/.test(drift.out))
            throw new Error("the preview did not name the edited description");
        await pulumi("repair: the program's values are written back", ["up", "--refresh", "--yes"]);
        await pulumi("and nothing is left to do", ["preview", "--refresh", "--expect-no-changes"]);
        await pulumi("destroy", ["destroy", "--yes"]);
        await pulumi("remove the stack", ["stack", "rm", "--yes"]);
        say(`  objects left in the emulator: ${emu.objects().length}`);

        step("Graph requests per step (from the emulator's log)");
        for (const [what, cost] of costs) say(`  ${what.padEnd(48)} ${cost}`);

        step("a Logic App, its extension and the workflow that runs it (installs examples/lifecycle-workflow-logic-app; a minute or two)");
        emu.reset();
        await logicAppDemo({ emulator: emu, cli, work, say });

        step("fire the quickstart's claims provider at a local API and its task extension at a stand-in Logic App");
        await fireDemo({ emulator: emu, cli, env, say });
    } finally {
        await emu?.close();
        fs.rmSync(work, { recursive: true, force: true });
        if (!hadStackConfig) fs.rmSync(stackConfig, { force: true });
    }
    step("done: emulator stopped, state and PULUMI_HOME removed, nothing left behind");
}

main().catch((e) => {
    process.stderr.write(`\ndemo failed: ${e?.message ?? e}\n`);
    process.exit(1);
});
