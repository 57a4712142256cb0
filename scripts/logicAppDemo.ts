// The Logic App part of `npm run demo`, for scripts/demo.ts to call: under the real Pulumi CLI and
// offline, examples/lifecycle-workflow-logic-app provisions its Logic App, the extension and the workflow
// that runs it through the azure-native stand-in, the emulator's wiring check passes, a second preview
// finds nothing, then a program whose Logic App path is too long is refused at preview with one line;
// everything is destroyed at the end. The caller brings the emulator, the CLI and a scratch directory.
import fs from "node:fs";
import path from "node:path";
import type { GraphEmulator } from "../provider/emulator";
import { installProgram } from "./installProgram";
import { RunResult, errorLines, expectExit, offlineEnv, runPulumi } from "./pulumiCli";
import { repoRoot as root } from "./repoRoot";

export interface LogicAppDemoOptions {
    /** The emulator, started by the caller in this process (its ARM surface and Graph side). */
    emulator: GraphEmulator;
    /** The directory holding `pulumi` (provideCli()). */
    cli: string;
    /** Scratch space: the packed package, the installed example, state and PULUMI_HOME. */
    work: string;
    say: (text: string) => void;
}

const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";

const LONG_NAME_PROGRAM = `import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { CustomTaskExtension, ExtensionLogicApp } from "pulumi-entra-extensions";

const config = new pulumi.Config();
const resourceGroupName = "rg-identity-governance-lifecycle-workflows-prod";
const rg = new resources.ResourceGroup("identity", { resourceGroupName, location: "westeurope" });
const app = new ExtensionLogicApp("onboarding", {
    kind: "customTaskExtension",
    resourceGroupName,
    location: rg.location,
    workflowName: "la-lifecycle-workflows-onboarding-badge",
    subscriptionId: config.require("subscriptionId"),
    tenantId: config.require("tenantId"),
}, { dependsOn: [rg] });
new CustomTaskExtension("onboarding", { displayName: "Onboarding", endpointConfiguration: app.endpointConfiguration });
`;

/** The lines of a run worth showing: resource steps, outputs, diagnostics and the summary, without the spinner. */
function shown(r: RunResult): string {
    return r.out
        .split("\n")
        .filter((l) => l.trim() && !/^@ /.test(l))
        .map((l) => `    ${l}`)
        .join("\n");
}

export async function logicAppDemo(o: LogicAppDemoOptions): Promise<void> {
    const emu = o.emulator;
    // The example as users install it: the packed package and @pulumi/azure-native (from its package.json).
    const example = path.join(root, "examples/lifecycle-workflow-logic-app");
    const programDir = installProgram(example, path.join(o.work, "logic-app"), { packDir: o.work });
    // The installed package's own helper: its launcher first on PATH, the emulator as ARM and Graph.
    const installed = require(path.join(programDir, "node_modules/pulumi-entra-extensions/dist/provider/emulator"));
    const base = offlineEnv(o.cli, o.work, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
    const standIn: Record<string, string> = installed.azureNativeStandInEnv(emu, SUB, base.PATH ?? "");
    const env = { ...base, ...standIn };
    const run = async (args: string[], cwd: string, expect: "ok" | "fail" = "ok") =>
        expectExit(await runPulumi(o.cli, cwd, args, env), expect);
    const configure = async (cwd: string, stack: string) => {
        await run(["stack", "init", stack], cwd);
        await run(["config", "set", "tenantId", emu.tenantId, "--stack", stack], cwd);
        await run(["config", "set", "subscriptionId", SUB, "--stack", stack], cwd);
    };

    o.say(`A Logic App, its extension and the workflow that runs it, in one stack: examples/lifecycle-workflow-logic-app`);
    o.say(`  under the real CLI, offline.`);
    o.say(`  azure-native is served by the stand-in first on PATH, against the emulator's ARM surface:`);
    o.say(`  ${standIn.PATH.split(path.delimiter)[0]}`);
    const stack = "demo-logic-app";
    await configure(programDir, stack);
    emu.clearLog();
    const up = await run(["up", "--yes", "--skip-preview", "--stack", stack], programDir);
    o.say(`\n$ pulumi up\n${shown(up)}`);

    const wf = emu.arm.workflow(SUB, "rg-lcw-extensions", "la-lcw-onboarding");
    const policy: any = Object.values(wf?.properties.accessControl?.triggers?.openAuthenticationPolicies?.policies ?? {})[0];
    o.say(`\nThe emulator's wiring check (as Entra's connection check) passed when the extension was saved:`);
    for (const e of emu.log.filter((x) => x.method !== "GET")) o.say(`    ${e.method} ${e.path} -> ${e.status}`);
    o.say(`  trigger 'manual': ${JSON.stringify(wf?.properties.definition?.triggers?.manual?.conditions)}`);
    for (const c of policy?.claims ?? []) o.say(`  AADPOP claim ${c.name} = ${c.value}`);
    const extension = emu.objects().find((x) => x.collection === "customTaskExtensions");
    const workflow = emu.objects().find((x) => x.collection === "workflows");
    const runs = (workflow?.body.tasks ?? []).find((t: any) => t.arguments?.some((a: any) => a.value === extension?.id));
    o.say(`\nThe whole chain, as Graph holds it:`);
    const version = `version ${workflow?.body.version}`;
    o.say(`  workflow "${workflow?.body.displayName}" (${version}), task ${runs?.executionSequence} "${runs?.displayName}"`);
    o.say(`  -> custom task extension "${extension?.body.displayName}" (${extension?.id})`);
    const endpoint = extension?.body.endpointConfiguration;
    o.say(`  -> Logic App ${endpoint?.logicAppWorkflowName} in ${endpoint?.resourceGroupName}`);

    const again = await run(["preview", "--expect-no-changes", "--stack", stack], programDir);
    o.say(
        `\n$ pulumi preview --expect-no-changes\n    ${again.out
            .split("\n")
            .filter((l) => /unchanged/.test(l))
            .join(" ")
            .trim()}`,
    );

    const longDir = path.join(programDir, "demo-long-name");
    fs.mkdirSync(longDir, { recursive: true });
    fs.writeFileSync(path.join(longDir, "Pulumi.yaml"), "name: demo-long-name\nruntime: nodejs\n");
    fs.writeFileSync(path.join(longDir, "package.json"), JSON.stringify({ name: "demo-long-name", private: true, main: "index.ts" }));
    fs.writeFileSync(path.join(longDir, "index.ts"), LONG_NAME_PROGRAM);
    await configure(longDir, stack);
    emu.clearLog();
    const refused = await run(["preview", "--stack", stack], longDir, "fail");
    const [error] = errorLines(refused.out);
    o.say(`\nA resource group declared first, then a Logic App whose path is too long: \`pulumi preview\` stops with one line.`);
    o.say(`$ pulumi preview\n    ${error?.trim()}`);
    o.say(`  ARM and Graph requests it made: ${emu.writes().length}`);

    await run(["stack", "rm", "--yes", stack], longDir);
    const destroy = await run(["destroy", "--yes", "--skip-preview", "--stack", stack], programDir);
    await run(["stack", "rm", "--yes", stack], programDir);
    const summary = destroy.out.split("\n").filter((l) => /^\s*- \d+ deleted$/.test(l));
    o.say(`\n$ pulumi destroy\n    ${summary.join(" ").trim()}`);
}
