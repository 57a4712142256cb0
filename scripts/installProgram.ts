// The package as users get it: `npm pack` of this repository (dist/ compiled first), then
// `npm install` of the tarball into a program directory. No symlink: Pulumi must capture the provider
// as the one-line require an installed package gets. Shared by the engine tests, the demo and the
// benchmark.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./repoRoot";

/**
 * The tarball of the package at `source` (this repository by default) in `packDir`, packed the first time
 * it is asked for: later calls, from any process (each jest worker is one), install the same file.
 */
export function packedPackage(packDir: string, source = repoRoot): string {
    const { name, version } = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
    const tarball = path.join(packDir, `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`);
    if (fs.existsSync(tarball)) return tarball;
    if (source === repoRoot && !fs.existsSync(path.join(repoRoot, "dist/provider/index.js")))
        throw new Error("dist/ is missing: run `npm test` (it compiles first) or `npm run build`");
    execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", packDir, source], {
        cwd: repoRoot,
        encoding: "utf8",
    });
    return tarball;
}

/**
 * Copies a program (Pulumi.yaml, index.ts, package.json) into `dest` and installs its dependencies plus
 * the packed package. `dependencies` adds or overrides entries of the program's package.json.
 */
export function installProgram(source: string, dest: string, opts: { packDir: string; dependencies?: Record<string, string> }): string {
    fs.mkdirSync(dest, { recursive: true });
    for (const f of fs.readdirSync(source))
        if (!["node_modules", "package-lock.json"].includes(f)) fs.cpSync(path.join(source, f), path.join(dest, f), { recursive: true });
    const pkg = JSON.parse(fs.readFileSync(path.join(dest, "package.json"), "utf8"));
    pkg.dependencies = { ...pkg.dependencies, ...opts.dependencies, "pulumi-entra-extensions": `file:${packedPackage(opts.packDir)}` };
    fs.writeFileSync(path.join(dest, "package.json"), JSON.stringify(pkg, null, 2));
    // --prefer-offline: the packages are in npm's cache after the repository's own `npm ci`.
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
        cwd: dest,
        stdio: ["ignore", "ignore", "pipe"],
    });
    const installed = path.join(dest, "node_modules/pulumi-entra-extensions");
    if (fs.lstatSync(installed).isSymbolicLink()) throw new Error(`${installed} is a symlink; the engine tests need a real install`);
    return dest;
}
