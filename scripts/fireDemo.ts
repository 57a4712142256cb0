// The last part of `npm run demo`: the quickstart's extensions fired as Entra fires them, offline. The real
// CLI brings the quickstart stack up again, then `entra-graph-emulator fire` sends "Claims from HR" its token
// issuance call at the example's claims API (examples/custom-claims-provider/api) on loopback, and the
// Lifecycle Workflows extension its task call at a local stand-in Logic App that answers 202 and resumes
// the task on the emulator's Graph with a token of an authorized app. The stack is destroyed at the end.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import type { GraphEmulator } from "../provider/emulator";
import { DEFAULT_USER } from "../provider/emulator/fire/events";
import { claimsApi } from "../examples/custom-claims-provider/api/claimsApi";
import { expectExit, runPulumi } from "./pulumiCli";
import { repoRoot as root } from "./repoRoot";

export interface FireDemoOptions {
    emulator: GraphEmulator;
    /** The directory holding `pulumi` (provideCli()). */
    cli: string;
    /** The environment the quickstart runs with (offlineEnv, pointed at the emulator). */
    env: NodeJS.ProcessEnv;
    say: (text: string) => void;
}

const STACK = "demo-fire";
/** The quickstart's apiAppId: its claims extension's resourceId and its task extension's authorized app. */
const API_APP = "11111111-2222-4333-8444-555555555555";

async function listen(listener: http.RequestListener): Promise<{ url: string; server: http.Server }> {
    const server = http.createServer(listener);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** `entra-graph-emulator fire ...` as a user types it; its output indented. */
async function fire(o: FireDemoOptions, args: string[]): Promise<void> {
    const cli = path.join(root, "dist/provider/emulator/cli.js");
    o.say(`\n$ entra-graph-emulator fire ${args.join(" ")}`);
    const r = await promisify(execFile)(process.execPath, [cli, "fire", ...args], {
        env: { ...process.env, ENTRA_GRAPH_ENDPOINT: o.emulator.url, ENTRA_ACCESS_TOKEN: o.emulator.token },
        encoding: "utf8",
    }).catch((e) => e);
    o.say(`${String(r.stdout).trimEnd().replace(/^/gm, "    ")}\n    (exit ${r.code ?? 0})`);
    if (r.code) throw new Error(`fire ${args[0]} did not pass`);
}

export async function fireDemo(o: FireDemoOptions): Promise<void> {
    const emu = o.emulator;
    const stackConfig = path.join(root, `Pulumi.${STACK}.yaml`);
    const hadStackConfig = fs.existsSync(stackConfig);
    const pulumi = async (args: string[]) => expectExit(await runPulumi(o.cli, root, [...args, "--stack", STACK], o.env));
    const hr = { [DEFAULT_USER.id]: { employeeId: "E1234", costCenter: "CC-42" } };
    const api = await listen(
        claimsApi({ authority: `${emu.url}/${emu.tenantId}/v2.0`, apiAppId: API_APP, claimsOf: async (id) => hr[id] }),
    );
    const resumes: string[] = [];
    // The stand-in Logic App: accepts the call, then resumes the task as the authorized app, as a Logic App's HTTP action does.
    const logicApp = await listen((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", async () => {
            res.writeHead(202).end();
            const { data } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            const form = new URLSearchParams({
                grant_type: "client_credentials",
                client_id: API_APP,
                scope: "https://graph.microsoft.com/.default",
            });
            const issued: any = await (await fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form })).json();
            const r = await fetch(`${emu.url}/v1.0${data.callbackUriPath}`, {
                method: "POST",
                headers: { Authorization: `Bearer ${issued.access_token}`, "Content-Type": "application/json" },
                body: JSON.stringify({ data: { operationStatus: "Completed" }, source: "sample", type: "lifecycleEvent" }),
            });
            resumes.push(`POST /v1.0${data.callbackUriPath} -> ${r.status}`);
        });
    });
    try {
        o.say("The quickstart's extensions fired as Entra fires them: the stack up again (pulumi up), then `entra-graph-emulator fire`.");
        await pulumi(["stack", "init"]);
        await pulumi(["up", "--yes", "--skip-preview"]);
        const named = (n: string) => emu.objects().find((x) => x.body.displayName === n)!.id;
        o.say(`  the claims API (examples/custom-claims-provider/api) on ${api.url}, its authority the emulator`);
        await fire(o, [named("Claims from HR"), "--url", `${api.url}/api/token`]);
        o.say(`\n  a stand-in for the Logic App on ${logicApp.url}: it answers 202, then resumes the task as app ${API_APP}`);
        await fire(o, [named("Onboarding: provision badge"), "--url", `${logicApp.url}/invoke`]);
        for (const r of resumes) o.say(`    the stand-in's resume: ${r}`);
        await pulumi(["destroy", "--yes", "--skip-preview"]);
        await pulumi(["stack", "rm", "--yes"]);
    } finally {
        api.server.closeAllConnections();
        logicApp.server.closeAllConnections();
        api.server.close();
        logicApp.server.close();
        if (!hadStackConfig) fs.rmSync(stackConfig, { force: true });
    }
}
