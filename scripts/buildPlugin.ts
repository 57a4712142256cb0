// `npm run build:plugin`: the plugin tarball `pulumi-resource-entra-v<version>-<os>-<arch>.tar.gz`, which
// `pulumi plugin install resource entra <version> --file <tarball>` installs offline. The plugin is a Node
// single executable application: provider/plugin/main.ts bundled by esbuild into one script, injected
// into a copy of a Node 22 binary with postject, so the machine that runs it needs no Node and no
// npm install (a PulumiPlugin.yaml plugin would run `npm install` at every use).
//
//   node dist/scripts/buildPlugin.js [--node <node binary of the target>] [--platform linux-amd64] [--out dir]
//
// By default it builds for this machine with the Node running it; for another platform, pass that
// platform's Node 22 binary and name (darwin-arm64, windows-amd64, ...). Prints the tarball and its size.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "./repoRoot";
import { PACKAGE_VERSION } from "../provider/plugin/schema";

/** Node's fuse for single executable applications (nodejs.org/api/single-executable-applications.html). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

const hostPlatform = () => {
    const os = process.platform === "win32" ? "windows" : process.platform;
    const arch = process.arch === "x64" ? "amd64" : process.arch;
    return `${os}-${arch}`;
};

export interface BuiltPlugin {
    tarball: string;
    bytes: number;
    version: string;
}

export async function buildPlugin(opts: { node?: string; platform?: string; out?: string } = {}): Promise<BuiltPlugin> {
    const platform = opts.platform ?? hostPlatform();
    const nodeBinary = opts.node ?? process.execPath;
    const out = path.resolve(opts.out ?? path.join(repoRoot, "dist/plugin"));
    const work = path.join(out, `build-${platform}`);
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });

    // One script with every dependency: a single executable application can require only Node's own modules.
    const esbuild: typeof import("esbuild") = require("esbuild");
    const bundle = path.join(work, "plugin.js");
    await esbuild.build({
        entryPoints: [path.join(repoRoot, "provider/plugin/main.ts")],
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        outfile: bundle,
        minify: true,
        legalComments: "none",
        logLevel: "warning",
    });

    const exe = path.join(work, platform.startsWith("windows") ? "pulumi-resource-entra.exe" : "pulumi-resource-entra");
    const blob = path.join(work, "sea-prep.blob");
    const config = path.join(work, "sea-config.json");
    fs.writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false }));
    execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "inherit" });
    fs.copyFileSync(nodeBinary, exe);
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
            ...(platform.startsWith("darwin") ? ["--macho-segment-name", "NODE_SEA"] : []),
        ],
        // Its warnings about ELF notes are noise; a failure throws with them.
        { stdio: "pipe" },
    );

    // The executable at the tarball's top, as `pulumi plugin install --file` expects it.
    const tarball = path.join(out, `pulumi-resource-entra-v${PACKAGE_VERSION}-${platform}.tar.gz`);
    execFileSync("tar", ["-czf", tarball, "-C", work, path.basename(exe)]);
    fs.rmSync(work, { recursive: true, force: true });
    return { tarball, bytes: fs.statSync(tarball).size, version: PACKAGE_VERSION };
}

if (require.main === module) {
    const { values } = parseArgs({ options: { node: { type: "string" }, platform: { type: "string" }, out: { type: "string" } } });
    const started = Date.now();
    buildPlugin(values).then(
        (p) => {
            const mb = (p.bytes / 1024 / 1024).toFixed(1);
            process.stdout.write(`${p.tarball}\n${mb} MB (${p.bytes} bytes), built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
            process.stdout.write(`install: pulumi plugin install resource entra ${p.version} --file ${p.tarball}\n`);
        },
        (e) => {
            process.stderr.write(`build:plugin: ${(e as Error).message}\n`);
            process.exit(1);
        },
    );
}
