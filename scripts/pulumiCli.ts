// Running the Pulumi CLI offline, shared by the demo, the benchmark and the engine tests: the CLI from
// scripts/pulumi-cli.sh, a local file backend and a private PULUMI_HOME in a scratch directory, no
// update checks, no plugin downloads, and this Node (22) first on PATH for the language host.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./repoRoot";

/** The directory holding `pulumi`; throws with what scripts/pulumi-cli.sh said when no CLI can be had. */
export function provideCli(): string {
    try {
        return execFileSync("bash", [path.join(repoRoot, "scripts/pulumi-cli.sh")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        }).trim();
    } catch (e) {
        throw new Error(`no Pulumi CLI could be provided:\n${String((e as { stderr?: string }).stderr ?? e).trim()}`);
    }
}

/** The environment of an offline run whose state and PULUMI_HOME live under `work`. */
export function offlineEnv(cli: string, work: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    const backend = path.join(work, "state");
    fs.mkdirSync(backend, { recursive: true });
    return {
        PATH: [cli, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR,
        PULUMI_HOME: path.join(work, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "offline-only",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        ...extra,
    };
}

export interface RunResult {
    /** `pulumi <args>`, for messages. */
    command: string;
    code: number;
    /** stdout and stderr together, as a user sees them. */
    out: string;
    ms: number;
}

/** Runs `pulumi <args>`; never throws on a non-zero exit. `echo` copies the output to this process's stdout as it comes. */
export function runPulumi(
    cli: string,
    cwd: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    opts: { echo?: (text: string) => void; onStart?: (child: ChildProcess) => void; ownProcessGroup?: boolean } = {},
): Promise<RunResult> {
    const started = Date.now();
    return new Promise((resolve) => {
        // ownProcessGroup: the caller can stop the CLI with its plugins, as a cancelled CI job does.
        const child = spawn(path.join(cli, "pulumi"), [...args, "--non-interactive", "--color", "never"], {
            cwd,
            env,
            detached: opts.ownProcessGroup,
        });
        opts.onStart?.(child);
        let out = "";
        const take = (d: Buffer) => {
            out += d;
            opts.echo?.(String(d));
        };
        child.stdout.on("data", take);
        child.stderr.on("data", take);
        child.on("close", (code) => resolve({ command: `pulumi ${args.join(" ")}`, code: code ?? 1, out, ms: Date.now() - started }));
    });
}

/** The run, when it ended as expected ("ok": exit 0, "fail": any other); else an error carrying its output. */
export function expectExit(r: RunResult, expected: "ok" | "fail" = "ok"): RunResult {
    if ((r.code === 0) !== (expected === "ok")) throw new Error(`${r.command} exited ${r.code}:\n${r.out}`);
    return r;
}

/** The Diagnostics section of a run's output: what a user reads as the run's verdict (progress lines repeat every event). */
export const diagnostics = (out: string): string => out.slice(out.indexOf("Diagnostics:"));

/** The `error:` lines of the Diagnostics section, trimmed. */
export const errorLines = (out: string): string[] =>
    diagnostics(out)
        .split("\n")
        .filter((l) => /^\s*error: /.test(l))
        .map((l) => l.trim());
