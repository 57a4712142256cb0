// The Logic App part of `npm run demo`, for scripts/demo.ts to call: under the real Pulumi CLI and
// offline, examples/lifecycle-workflow-logic-app provisions its Logic App, the extension and the workflow
// that runs it through the azure-native stand-in, the emulator's wiring check passes, a second preview
// finds nothing, then a program whose Logic App path is too long is refused at preview with one line;
// then examples/access-package-logic-app grants its Logic App's identity the least right to resume (a catalog
// role) before the extension and its policy stage, and the stage fired at a stand-in Logic App is resumed with
// that identity's own token. Everything is destroyed at the end. The caller brings the emulator, the CLI and a
// scratch directory.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { DEFAULT_CATALOG_ID, type GraphEmulator } from "../provider/emulator";
import { describe as verdictText } from "../provider/emulator/fire/verdict";
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

    await accessPackageChain(o, programDir, run, configure);
}

/**
 * examples/access-package-logic-app in the same install: up (the catalog role before the extension and its stage),
 * the stage fired at a stand-in Logic App that resumes with the identity's own token, then destroy.
 */
async function accessPackageChain(
    o: LogicAppDemoOptions,
    programDir: string,
    run: (args: string[], cwd: string) => Promise<RunResult>,
    configure: (cwd: string, stack: string) => Promise<void>,
): Promise<void> {
    const emu = o.emulator;
    const dir = path.join(programDir, "access-package");
    for (const f of ["Pulumi.yaml", "index.ts", "package.json"])
        fs.cpSync(path.join(root, "examples/access-package-logic-app", f), path.join(dir, f));
    // The access package and its assignment policy are made elsewhere (the portal): here, in the emulator.
    const accessPackage = emu.create("accessPackages", { displayName: "Licences", catalog: { id: DEFAULT_CATALOG_ID } }).id;
    const policy = emu.create("assignmentPolicies", { displayName: "Direct assignment", accessPackage: { id: accessPackage } }).id;
    const stack = "demo-access-package";
    await configure(dir, stack);
    await run(["config", "set", "catalogId", DEFAULT_CATALOG_ID, "--stack", stack], dir);
    await run(["config", "set", "policyId", policy, "--stack", stack], dir);

    o.say(`\nAn access package request extension, its Logic App and the policy stage that runs it: examples/access-package-logic-app`);
    emu.clearLog();
    const up = await run(["up", "--yes", "--skip-preview", "--stack", stack], dir);
    o.say(`$ pulumi up\n${shown(up)}`);
    o.say(`\n  In order: the Logic App, its identity's right to resume, the extension, the policy's stage:`);
    const steps = /workflows\/|roleAssignments|customWorkflowExtensions|assignmentPolicies\//;
    for (const e of emu.writes().filter((x) => steps.test(x.path))) o.say(`    ${e.method} ${e.path} -> ${e.status}`);
    const identity = emu.arm.workflow(SUB, "rg-em-extensions", "la-em-licence-check")!.identity!.principalId;
    const appId = emu.servicePrincipals.byId(identity)!.appId;
    const roles = emu.entitlementRoles.rolesOn(DEFAULT_CATALOG_ID, identity);
    o.say(`  the identity ${identity} holds ${roles.join(", ")} (Access package assignment manager) on the catalog, nothing more`);

    // The stand-in Logic App: accepts the stage's call, then resumes the request with a token of the identity's own app.
    const la = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", async () => {
            res.writeHead(202).end();
            const call = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            const form = new URLSearchParams({ grant_type: "client_credentials", client_id: appId });
            const token: any = await (await fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form })).json();
            await fetch(`${emu.url}/v1.0${call.CallbackUriPath}`, {
                method: "POST",
                headers: { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" },
                body: JSON.stringify({
                    source: "licence-check",
                    type: `microsoft.graph.accessPackageCustomExtensionStage.${call.Stage}`,
                    data: {
                        "@odata.type": "microsoft.graph.accessPackageAssignmentRequestCallbackData",
                        stage: call.Stage,
                        customExtensionStageInstanceId: call.CustomExtensionStageInstanceId,
                        customExtensionStageInstanceDetail: "licence available",
                    },
                }),
            });
        });
    });
    await new Promise<void>((r) => la.listen(0, "127.0.0.1", r));
    try {
        const extension = emu.objects().find((x) => x.collection === "customWorkflowExtensions")!;
        const url = `http://127.0.0.1:${(la.address() as AddressInfo).port}/invoke`;
        o.say(`\n  the stage fired at a stand-in Logic App on ${url}, which resumes as its identity (app ${appId}):`);
        const verdict = await emu.fire(extension.id, { url, stage: "assignmentRequestCreated" });
        o.say(verdictText(verdict).replace(/^/gm, "    "));
        if (!verdict.ok) throw new Error("the access package stage did not pass");
    } finally {
        la.closeAllConnections();
        la.close();
    }

    const destroy = await run(["destroy", "--yes", "--skip-preview", "--stack", stack], dir);
    await run(["stack", "rm", "--yes", stack], dir);
    [policy, accessPackage].forEach((id) => emu.remove(id));
    const summary = destroy.out.split("\n").filter((l) => /^\s*- \d+ deleted$/.test(l));
    o.say(`\n$ pulumi destroy\n    ${summary.join(" ").trim()}; role assignments left: ${emu.entitlementRoles.assignments.size}`);
}
