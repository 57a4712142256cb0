// Where the exported program gets pulumi-entra-extensions from: where the running package came from, so that the
// program's `npm install` works on the machine that exported it (the package is not on the npm registry yet).

import fs from "node:fs";
import path from "node:path";

export interface OwnPackage {
    version: string;
    /** The @pulumi/pulumi it is built against (the program must use the same). */
    pulumiVersion: string;
    /** The dependency spec for the program's package.json. */
    spec: string;
    /** Why the spec may not install elsewhere, when it may not. */
    warning?: string;
}

/** This package's root: the directory of its package.json, above this file (dist/provider/export or provider/export). */
function packageRoot(from = __dirname): string | undefined {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).name === "pulumi-entra-extensions") return dir;
        if (path.dirname(dir) === dir) return undefined;
    }
}

/**
 * What npm installed this copy from, as a spec another `npm install` on this machine takes: the `resolved` of the
 * lock file of the project (or npx cache) whose node_modules hold it. A registry download is the registry's range.
 */
function installedFrom(root: string, version: string): string | undefined {
    for (let dir = path.dirname(root); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        if (path.basename(dir) !== "node_modules") continue;
        const project = path.dirname(dir);
        const lock = path.join(dir, ".package-lock.json");
        if (!fs.existsSync(lock)) continue;
        const key = path.relative(project, root).split(path.sep).join("/");
        const resolved: unknown = JSON.parse(fs.readFileSync(lock, "utf8")).packages?.[key]?.resolved;
        if (typeof resolved !== "string") return undefined;
        if (resolved.startsWith("file:")) return `file:${path.resolve(project, resolved.slice("file:".length))}`;
        if (/^https?:\/\//.test(resolved)) return `^${version}`;
        return resolved; // git+..., github:...: as npm recorded it
    }
    return undefined;
}

/** A spec that names a file or directory: resolved from where export runs, as the program lives elsewhere. */
const localPath = (spec: string) => /^(file:|\.{1,2}\/|\/)/.test(spec) || (/\.(tgz|tar\.gz)$/.test(spec) && !/^[a-z+]+:/i.test(spec));

/** This package's version, @pulumi/pulumi range, and the spec the exported program depends on it by. */
export function ownPackage(packageSpec?: string, from?: string): OwnPackage {
    const root = packageRoot(from);
    const pkg = root ? JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) : { version: "0.1.0" };
    const own = { version: String(pkg.version), pulumiVersion: String(pkg.dependencies?.["@pulumi/pulumi"] ?? "^3") };
    if (packageSpec)
        return { ...own, spec: localPath(packageSpec) ? `file:${path.resolve(packageSpec.replace(/^file:/, ""))}` : packageSpec };
    const spec = root && installedFrom(root, own.version);
    if (spec) return { ...own, spec };
    if (root && !root.split(path.sep).includes("node_modules"))
        return {
            ...own,
            spec: `file:${root}`,
            warning:
                `package.json depends on pulumi-entra-extensions as file:${root}, the clone this export ran from (npm links it); ` +
                "give --package-spec <the packed .tgz, or a git URL> for a copy of its own (README, Install)",
        };
    return { ...own, spec: `^${own.version}` };
}
