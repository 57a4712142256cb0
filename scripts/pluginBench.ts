// `npm run bench:plugin`: each plugin archive's size and the plugin's start time (spawn to the port line on stdout,
// what the engine waits for before its first call), per runtime, for what this machine can run: linux-amd64 with Node
// and with Bun natively, linux-arm64 under qemu-user-static, windows-amd64 under wine. Then the first GetSchema and
// Check. Builds into dist/plugin-bench/ first. Figures only: nothing is asserted.
//
//   npm run bench:plugin [-- --runs 7]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { archiveName, buildPlugins, executableName } from "./buildPlugin";
import { cacheRoot } from "./cacheRoot";
import { probePlugin, startPlugin } from "./pluginProbe";
import { RuntimeKind, Target, TARGETS } from "./pluginRuntimes";
import { repoRoot } from "./repoRoot";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const has = (cmd: string) => {
    try {
        execFileSync(cmd, ["--version"], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
};

interface Case {
    target: Target;
    runtime: RuntimeKind;
    /** The command before the executable: an emulator, or nothing. */
    runner: string[];
    env?: NodeJS.ProcessEnv;
}

async function main() {
    const { values } = parseArgs({ options: { runs: { type: "string" } } });
    const runs = Number(values.runs ?? 7);
    const out = path.join(repoRoot, "dist/plugin-bench");
    const wine = { ...process.env, WINEDEBUG: "-all", WINEPREFIX: path.join(cacheRoot(), "wine-prefix") };
    const cases: Case[] = [
        { target: "linux-amd64", runtime: "node", runner: [] },
        { target: "linux-amd64", runtime: "bun", runner: [] },
        { target: "linux-arm64", runtime: "node", runner: ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"] },
        { target: "linux-arm64", runtime: "bun", runner: ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"] },
        { target: "windows-amd64", runtime: "node", runner: ["wine"], env: wine },
        { target: "windows-amd64", runtime: "bun", runner: ["wine"], env: wine },
    ];
    if (has("wine"))
        execFileSync("wine", ["reg", "add", "HKEY_CURRENT_USER\\Software\\Wine", "/v", "Version", "/d", "win10", "/f"], {
            env: wine,
            stdio: "pipe",
        });

    process.stdout.write(`archive sizes (release runtimes), built into ${out}:\n`);
    for (const p of await buildPlugins(TARGETS, { out }))
        process.stdout.write(`  ${path.basename(p.tarball)}  ${p.runtime}  ${(p.bytes / 1048576).toFixed(1)} MB\n`);
    for (const p of await buildPlugins(TARGETS, { out: path.join(out, "bun"), runtime: "bun" }))
        process.stdout.write(`  ${path.basename(p.tarball)}  ${p.runtime}  ${(p.bytes / 1048576).toFixed(1)} MB (with Bun)\n`);

    process.stdout.write(`\nstart time to the port line, median of ${runs} runs (min..max), then GetSchema + 2 Checks:\n`);
    for (const c of cases) {
        const label = `  ${c.target} ${c.runtime}${c.runner.length ? ` under ${c.runner[0]}` : ""}`;
        if (c.runner.length && !has(c.runner[0])) {
            process.stdout.write(`${label}: skipped, no ${c.runner[0]}\n`);
            continue;
        }
        const dir = path.join(out, `run-${c.target}-${c.runtime}`);
        fs.mkdirSync(dir, { recursive: true });
        const tarball = path.join(c.runtime === "bun" ? path.join(out, "bun") : out, archiveName(c.target));
        execFileSync("tar", ["-xzf", tarball, "-C", dir]);
        const exe = path.join(dir, executableName(c.target));
        const starts: number[] = [];
        let probeMs = 0;
        try {
            for (let i = 0; i < runs; i++) {
                const p = await startPlugin([...c.runner, exe], { env: c.env, timeoutMs: 120_000 });
                starts.push(p.startMs);
                if (i === 0) {
                    const t = performance.now();
                    await probePlugin(p.port);
                    probeMs = performance.now() - t;
                }
                await p.stop();
            }
            const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
            const spread = `${fmt(Math.min(...starts))}..${fmt(Math.max(...starts))}`;
            process.stdout.write(`${label}: ${fmt(median(starts))} (${spread}), first calls ${fmt(probeMs)}\n`);
        } catch (e) {
            process.stdout.write(`${label}: failed: ${(e as Error).message.split("\n")[0]}\n`);
        }
    }
}

main().catch((e) => {
    process.stderr.write(`bench:plugin: ${(e as Error).message}\n`);
    process.exit(1);
});
