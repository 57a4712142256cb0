// Starts a built plugin executable as the engine does (stdout read for the port line) and asks it what the
// engine asks first: GetSchema and a Check. For the cross-platform tests (test/plugin/platforms.test.ts: the
// linux-arm64 executable under qemu-user-static, the windows-amd64 one under wine) and the start-time figures
// (scripts/pluginBench.ts). Stdout goes to a file, not a pipe: under wine, Node's stdout as a pipe fails
// (`open EBADF`), to a file it works.
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";

export interface RunningPlugin {
    port: number;
    /** Milliseconds from spawn to the port line on stdout. */
    startMs: number;
    /** What the plugin wrote on stderr so far. */
    stderr(): string;
    stop(): Promise<void>;
}

/** Runs `command` (the executable, or a runner such as qemu or wine followed by it) and waits for the port line. */
export async function startPlugin(command: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunningPlugin> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-plugin-probe-"));
    const outFile = path.join(dir, "stdout");
    const errFile = path.join(dir, "stderr");
    const out = fs.openSync(outFile, "w");
    const err = fs.openSync(errFile, "w");
    const started = performance.now();
    // Its own process group, so that stop() ends the runner (wine, qemu) and what it started, and nothing else.
    const child: ChildProcess = spawn(command[0], command.slice(1), { stdio: ["ignore", out, err], env: opts.env, detached: true });
    fs.closeSync(out);
    fs.closeSync(err);
    let exited: number | null | undefined;
    child.on("exit", (code) => (exited = code));
    const stderr = () => fs.readFileSync(errFile, "utf8");
    const exitedPromise = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.on("exit", () => resolve())));
    const stop = async () => {
        if (exited === undefined && child.pid) {
            try {
                process.kill(-child.pid, "SIGKILL");
            } catch {
                // already gone
            }
            await exitedPromise;
        }
        fs.rmSync(dir, { recursive: true, force: true });
    };
    const deadline = started + (opts.timeoutMs ?? 60_000);
    for (;;) {
        const line = /^(\d+)\r?\n/.exec(fs.readFileSync(outFile, "utf8"));
        if (line) return { port: Number(line[1]), startMs: performance.now() - started, stderr, stop };
        if (exited !== undefined || performance.now() > deadline) {
            const why = exited !== undefined ? `exited with ${exited}` : "printed no port in time";
            const text = stderr();
            await stop();
            throw new Error(`${command.join(" ")} ${why}: ${text.trim().slice(-2000)}`);
        }
        await new Promise((r) => setTimeout(r, 20));
    }
}

export interface ProbeAnswers {
    /** The package schema's name and version, and its resource tokens (GetSchema). */
    schema: { name: string; version: string; resources: string[] };
    /** A Check of a valid custom task extension: the inputs it returned. */
    checked: Record<string, unknown>;
    /** A Check of one with a callback timeout out of range: the failures it returned. */
    failures: { property: string; reason: string }[];
}

const call = <Req, Res>(fn: (req: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void, req: Req) =>
    new Promise<Res>((resolve, reject) => fn(req, (e, res) => (e ? reject(e) : resolve(res))));

const TASK = "entra:index:CustomTaskExtension";
const taskInputs = (timeoutDuration: string) => ({
    displayName: "probe task",
    endpointConfiguration: {
        subscriptionId: "0f1e2d3c-4b5a-4697-8877-665544332211",
        resourceGroupName: "rg-identity",
        logicAppWorkflowName: "la-probe",
    },
    callbackConfiguration: { timeoutDuration },
});

/** GetSchema and two Checks against a plugin on loopback. */
export async function probePlugin(port: number): Promise<ProbeAnswers> {
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
        const schemaRes = await call<rpc.GetSchemaRequest, rpc.GetSchemaResponse>(
            client.getSchema.bind(client),
            new rpc.GetSchemaRequest(),
        );
        const schema = JSON.parse(schemaRes.getSchema());
        const check = (timeoutDuration: string) =>
            call<rpc.CheckRequest, rpc.CheckResponse>(
                client.check.bind(client),
                new rpc.CheckRequest()
                    .setUrn(`urn:pulumi:probe::probe::${TASK}::task`)
                    .setType(TASK)
                    .setOlds(Struct.fromJavaScript({}))
                    .setNews(Struct.fromJavaScript(taskInputs(timeoutDuration))),
            );
        const good = await check("PT10M");
        const bad = await check("PT9H");
        return {
            schema: { name: schema.name, version: schema.version, resources: Object.keys(schema.resources ?? {}) },
            checked: good.getInputs()?.toJavaScript() ?? {},
            failures: bad.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    } finally {
        client.close();
    }
}
