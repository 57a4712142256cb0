// The plugin archives of the other release targets, as far as this machine can check them: the linux-arm64
// executable under qemu-user-static and the windows-amd64 one under wine each answer GetSchema and a Check over
// gRPC, as the engine's first calls; the linux-amd64 executable built with Bun (the macOS targets' runtime, same
// version and bundle) does the same natively; the macOS executables are Mach-O of the right architecture with a
// valid ad hoc signature (and a changed page makes it invalid). Without qemu or wine (Debian's qemu-user-static
// with the arm64 C library, and wine64; .ci/run installs them) those tests are skipped with the reason, and fail
// in CI. macOS executables cannot run here: nothing on this machine runs Mach-O.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildPlugins, executableName } from "../scripts/buildPlugin";
import { cacheRoot } from "../scripts/cacheRoot";
import { inspectMachO } from "../scripts/macho";
import { ProbeAnswers, probePlugin, startPlugin } from "../scripts/pluginProbe";
import { Target } from "../scripts/pluginRuntimes";
import { families } from "../provider/families";
import { has } from "./engine/needs";

const ARM64_ROOT = "/usr/aarch64-linux-gnu";

const qemuMissing = () =>
    !has("qemu-aarch64-static", ["--version"])
        ? "qemu-aarch64-static (apt-get install qemu-user-static)"
        : !fs.existsSync(path.join(ARM64_ROOT, "lib/ld-linux-aarch64.so.1"))
          ? `the arm64 C library in ${ARM64_ROOT} (apt-get install libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)`
          : undefined;
const wineMissing = () => (!has("wine", ["--version"]) ? "wine (apt-get install wine64)" : undefined);

/** A test that runs when `missing` is undefined; else skipped with the reason printed (and failing in CI). */
function testWith(missing: string | undefined, name: string, fn: () => Promise<void>, timeout: number) {
    if (!missing) return test(name, fn, timeout);
    if (process.env.CI) return test(name, () => expect(`needs ${missing}`).toBeUndefined());
    process.stderr.write(`pluginPlatforms: skipped "${name}": needs ${missing}\n`);
    test.skip(`${name} (skipped: needs ${missing})`, () => undefined);
}

let out: string;
const built = new Map<string, string>();
/** The executable of a target's archive, unpacked (`bun-` before the target for the Bun build of linux-amd64). */
function unpack(key: string): string {
    const dir = path.join(out, `unpacked-${key}`);
    fs.mkdirSync(dir, { recursive: true });
    const listing = execFileSync("tar", ["-tzvf", built.get(key)!], { encoding: "utf8" })
        .trim()
        .split("\n");
    execFileSync("tar", ["-xzf", built.get(key)!, "-C", dir]);
    const target = key.replace(/^bun-/, "") as Target;
    // The executable alone at the archive's root, executable: what `pulumi plugin install` and the engine expect.
    expect(listing).toHaveLength(1);
    expect(listing[0]).toMatch(new RegExp(`^-rwx.* ${executableName(target).replace(".", "\\.")}$`));
    return path.join(dir, executableName(target));
}

/** The answers every target's executable must give: the schema, the canonical inputs, the rule and the value refused. */
function expectAnswers(a: ProbeAnswers) {
    expect(a.schema.name).toBe("entra");
    expect(a.schema.version).toBe(require("../package.json").version);
    expect(a.schema.resources).toContain("entra:index:CustomTaskExtension");
    expect(a.schema.resources).toHaveLength(Object.keys(families).length);
    expect(a.checked).toMatchObject({ displayName: "probe task", authenticationConfiguration: { type: "azureAdPopToken" } });
    expect(a.failures).toEqual([
        { property: "", reason: expect.stringMatching(/callbackConfiguration\.timeoutDuration: .*\(got "PT9H"\)/) },
    ]);
}

async function runAndProbe(command: string[], env: NodeJS.ProcessEnv = process.env) {
    const plugin = await startPlugin(command, { env, timeoutMs: 120_000 });
    try {
        expectAnswers(await probePlugin(plugin.port));
    } catch (e) {
        throw new Error(`${(e as Error).message}\nstderr of ${command.join(" ")}:\n${plugin.stderr()}`);
    } finally {
        await plugin.stop();
    }
}

beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "entra-platforms-"));
    const started = Date.now();
    for (const p of await buildPlugins(["linux-arm64", "windows-amd64", "darwin-amd64", "darwin-arm64"], { out }))
        built.set(p.target, p.tarball);
    for (const p of await buildPlugins(["linux-amd64"], { runtime: "bun", out: path.join(out, "bun") }))
        built.set(`bun-${p.target}`, p.tarball);
    process.stderr.write(`pluginPlatforms: built ${built.size} archives in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}, 600_000);
afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
});

test("the linux-amd64 executable built with Bun (the macOS targets' runtime) answers GetSchema and Check", async () => {
    await runAndProbe([unpack("bun-linux-amd64")]);
}, 60_000);

testWith(
    qemuMissing(),
    "the linux-arm64 executable answers GetSchema and Check under qemu-user-static",
    async () => {
        const exe = unpack("linux-arm64");
        expect(execFileSync("file", ["-b", exe], { encoding: "utf8" })).toMatch(/ELF 64-bit LSB .*ARM aarch64/);
        await runAndProbe(["qemu-aarch64-static", "-L", ARM64_ROOT, exe]);
    },
    180_000,
);

testWith(
    wineMissing(),
    "the windows-amd64 executable answers GetSchema and Check under wine",
    async () => {
        const exe = unpack("windows-amd64");
        expect(execFileSync("file", ["-b", exe], { encoding: "utf8" })).toMatch(/PE32\+ executable .*x86-64/);
        // A prefix of its own, kept between runs (making one takes seconds); Node refuses Windows before 8.1, wine's default.
        const env = { ...process.env, WINEDEBUG: "-all", WINEPREFIX: path.join(cacheRoot(), "wine-prefix") };
        execFileSync("wine", ["reg", "add", "HKEY_CURRENT_USER\\Software\\Wine", "/v", "Version", "/d", "win10", "/f"], {
            env,
            stdio: "pipe",
        });
        await runAndProbe(["wine", exe], env);
    },
    300_000,
);

test.each([
    ["darwin-arm64", "arm64"],
    ["darwin-amd64", "x86_64"],
])("the %s executable is a Mach-O %s executable with a valid ad hoc signature", (target, cpu) => {
    const exe = unpack(target);
    const report = inspectMachO(exe);
    expect(report).toMatchObject({ cpu, fileType: "execute", problems: [] });
    expect(report.signature?.codeDirectories).toEqual([
        expect.objectContaining({ identifier: "pulumi-resource-entra", adhoc: true, hash: "sha256" }),
    ]);
    // A second reader of the header, where Debian's llvm is installed (it is on these machines).
    if (has("llvm-objdump", ["--version"])) {
        const headers = execFileSync("llvm-objdump", ["--macho", "--private-headers", exe], { encoding: "utf8", maxBuffer: 1 << 26 });
        expect(headers).toMatch(new RegExp(`MH_MAGIC_64\\s+${cpu === "arm64" ? "ARM64" : "X86_64"}\\s.*EXECUTE`));
        expect(headers).toContain("LC_CODE_SIGNATURE");
    }
});

test("a page changed after signing makes the macOS executable's signature invalid", () => {
    const copy = path.join(out, "changed");
    fs.copyFileSync(unpack("darwin-arm64"), copy);
    const fd = fs.openSync(copy, "r+");
    fs.writeSync(fd, Buffer.from("changed"), 0, 7, 5_000_000);
    fs.closeSync(fd);
    expect(inspectMachO(copy).problems).toEqual([expect.stringMatching(/page 1220 \(offset 4997120\) does not match its hash/)]);
});
