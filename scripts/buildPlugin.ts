// `npm run build:plugin`: the plugin archives `pulumi-resource-entra-v<version>-<os>-<arch>.tar.gz`, the executable at
// the archive's root (`.exe` on Windows), which `pulumi plugin install resource entra <version> --file <archive>`
// installs offline and the engine downloads from the schema's pluginDownloadURL. provider/plugin/main.ts is bundled by
// esbuild into one script, then made into one executable with the target's runtime (scripts/pluginRuntimes.ts):
// a Node 22 single executable application (the script injected into a copy of Node with postject), or
// `bun build --compile` with Bun's runtime for the target (macOS), then signed ad hoc (scripts/macho.ts): Apple
// silicon runs no unsigned executable, and Bun leaves its Intel output with Bun's own signature, which no longer
// matches. The machine that runs it
// needs no Node and no npm install (a PulumiPlugin.yaml plugin would run `npm install` at every use).
//
//   npm run build:plugin                          this machine's target
//   npm run build:plugin -- --all                 the five release targets
//   npm run build:plugin -- --target darwin-arm64 [--target ...] [--runtime node|bun] [--out dir]
//
// Runtimes come from the npm registry, pinned, cached in ~/.cache/pulumi-entra-extensions/runtimes (about 50 MB each).
// Prints each archive, its size and its build time.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { adHocSign } from "./macho";
import { repoRoot } from "./repoRoot";
import { PACKAGE_VERSION } from "../provider/plugin/schema";
import { BUN_VERSION, DEFAULT_RUNTIME, fetchRuntime, hostTarget, RuntimeKind, runtimePackage, Target, TARGETS } from "./pluginRuntimes";

/** Node's fuse for single executable applications (nodejs.org/api/single-executable-applications.html). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export interface BuiltPlugin {
    tarball: string;
    bytes: number;
    version: string;
    target: Target;
    runtime: string;
    seconds: number;
}

export const executableName = (target: Target) => (target.startsWith("windows") ? "pulumi-resource-entra.exe" : "pulumi-resource-entra");
export const archiveName = (target: Target, version = PACKAGE_VERSION) => `pulumi-resource-entra-v${version}-${target}.tar.gz`;

/** One script with every dependency: a single executable application can require only the runtime's own modules. */
async function bundle(out: string): Promise<string> {
    const esbuild: typeof import("esbuild") = require("esbuild");
    const file = path.join(out, "plugin.js");
    await esbuild.build({
        entryPoints: [path.join(repoRoot, "provider/plugin/main.ts")],
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        outfile: file,
        minify: true,
        legalComments: "none",
        logLevel: "warning",
    });
    return file;
}

function nodeExecutable(script: string, runtime: string, exe: string, target: Target, work: string): void {
    const blob = path.join(work, "sea-prep.blob");
    const config = path.join(work, "sea-config.json");
    fs.writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false }));
    execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "pipe" });
    fs.copyFileSync(runtime, exe);
    fs.chmodSync(exe, 0o755);
    const postject = require.resolve("postject/dist/cli.js");
    execFileSync(
        process.execPath,
        [
            postject,
            exe,
            "NODE_SEA_BLOB",
            blob,
            "--sentinel-fuse",
            SEA_FUSE,
            ...(target.startsWith("darwin") ? ["--macho-segment-name", "NODE_SEA"] : []),
        ],
        // Its warnings about ELF notes are noise; a failure throws with them.
        { stdio: "pipe" },
    );
}

function bunExecutable(script: string, runtime: string, exe: string, target: Target, work: string): void {
    // The Bun that compiles runs here; the one whose copy becomes the executable is the target's.
    const bun = fetchRuntime(runtimePackage(hostTarget(), "bun"));
    const bunTarget = `bun-${target.replace("amd64", "x64")}`;
    execFileSync(bun, ["build", "--compile", `--target=${bunTarget}`, `--compile-executable-path=${runtime}`, script, "--outfile", exe], {
        cwd: work,
        stdio: "pipe",
    });
}

export async function buildPlugin(
    opts: { target?: Target; runtime?: RuntimeKind; out?: string; script?: string } = {},
): Promise<BuiltPlugin> {
    const started = Date.now();
    const target = opts.target ?? hostTarget();
    if (!TARGETS.includes(target)) throw new Error(`unknown target ${target}: one of ${TARGETS.join(", ")}`);
    const kind = opts.runtime ?? DEFAULT_RUNTIME[target];
    const pkg = runtimePackage(target, kind);
    const runtime = fetchRuntime(pkg);
    const out = path.resolve(opts.out ?? path.join(repoRoot, "dist/plugin"));
    const work = path.join(out, `build-${target}-${kind}`);
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    const script = opts.script ?? (await bundle(work));
    const exe = path.join(work, executableName(target));
    (kind === "node" ? nodeExecutable : bunExecutable)(script, runtime, exe, target, work);
    if (target.startsWith("darwin")) adHocSign(exe, "pulumi-resource-entra");
    // The executable at the archive's root, as `pulumi plugin install --file` and the engine's download expect it.
    const tarball = path.join(out, archiveName(target));
    execFileSync("tar", ["-czf", tarball, "-C", work, path.basename(exe)]);
    fs.rmSync(work, { recursive: true, force: true });
    return {
        tarball,
        bytes: fs.statSync(tarball).size,
        version: PACKAGE_VERSION,
        target,
        runtime: `${kind === "bun" ? "Bun" : "Node"} ${kind === "bun" ? BUN_VERSION : pkg.version}`,
        seconds: (Date.now() - started) / 1000,
    };
}

/** Every target (or those named), one after another; the bundle is made once. */
export async function buildPlugins(targets: readonly Target[], opts: { runtime?: RuntimeKind; out?: string } = {}): Promise<BuiltPlugin[]> {
    const out = path.resolve(opts.out ?? path.join(repoRoot, "dist/plugin"));
    fs.mkdirSync(out, { recursive: true });
    const script = await bundle(fs.mkdtempSync(path.join(out, "bundle-")));
    try {
        const built: BuiltPlugin[] = [];
        for (const target of targets) built.push(await buildPlugin({ ...opts, target, out, script }));
        return built;
    } finally {
        fs.rmSync(path.dirname(script), { recursive: true, force: true });
    }
}

if (require.main === module) {
    const { values } = parseArgs({
        options: {
            all: { type: "boolean" },
            target: { type: "string", multiple: true },
            runtime: { type: "string" },
            out: { type: "string" },
        },
    });
    if (values.runtime && values.runtime !== "node" && values.runtime !== "bun") throw new Error("--runtime is node or bun");
    const targets = values.all ? TARGETS : ((values.target as Target[] | undefined) ?? [hostTarget()]);
    const started = Date.now();
    buildPlugins(targets, { runtime: values.runtime as RuntimeKind | undefined, out: values.out }).then(
        (built) => {
            for (const p of built) {
                const mb = (p.bytes / 1024 / 1024).toFixed(1);
                process.stdout.write(`${p.tarball}\n  ${p.runtime}, ${mb} MB (${p.bytes} bytes), built in ${p.seconds.toFixed(1)} s\n`);
            }
            process.stdout.write(`${built.length} archive(s) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
            const local = built.find((p) => p.target === hostTarget());
            if (local) process.stdout.write(`install: pulumi plugin install resource entra ${local.version} --file ${local.tarball}\n`);
        },
        (e) => {
            process.stderr.write(`build:plugin: ${(e as Error).message}\n`);
            process.exit(1);
        },
    );
}
