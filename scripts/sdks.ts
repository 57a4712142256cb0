// `npm run build:sdks`: the plugin's SDKs from schema.json (`pulumi package gen-sdk`), as a release ships them.
// - Go: sdk/go/entra and sdk/go.mod, committed: Go fetches a module from its repository, so users
//   `go get github.com/<repository>/sdk@v<version>` (the release tags sdk/v<version>) with no `replace`.
//   test/engine/pluginSdks.engine.test.ts keeps sdk/ what this script makes of schema.json.
// - Python: the wheel and the sdist of pulumi_entra in dist/sdk/python (`python -m build`: the sdist is built
//   first and the wheel from it, so both are checked), for PyPI.
// The TypeScript SDK is not built: the npm package pulumi-entra-extensions is the TypeScript SDK.
//
//   npm run build:sdks [-- --language go|python]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { GO_MODULE, PACKAGE_VERSION } from "../provider/plugin/schema";
import { cacheRoot } from "./cacheRoot";
import { expectExit, offlineEnv, provideCli, runPulumi } from "./pulumiCli";
import { repoRoot } from "./repoRoot";

/** The Pulumi Go SDK the Go module requires: the version of the CLI the tests run (the minimum the docs name). */
export const PULUMI_GO_SDK = "v3.259.0";

/** `pulumi package gen-sdk schema.json --language <language>` into `out` (out/<language>). */
export async function generateSdk(cli: string, language: "go" | "python" | "nodejs", out: string): Promise<string> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "entra-gen-sdk-"));
    try {
        expectExit(
            await runPulumi(
                cli,
                work,
                ["package", "gen-sdk", path.join(repoRoot, "schema.json"), "--language", language, "--out", out],
                offlineEnv(cli, work),
            ),
        );
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
    return path.join(out, language);
}

/** The go.mod of sdk/: the module path from package.json's repository. */
export const goMod = () => `module ${GO_MODULE}\n\ngo 1.22\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${PULUMI_GO_SDK}\n`;

/** Writes sdk/go/entra and sdk/go.mod (+ go.sum by `go mod tidy`, which asks the Go module proxy). */
export async function buildGoSdk(cli: string, sdkDir = path.join(repoRoot, "sdk")): Promise<void> {
    const gen = fs.mkdtempSync(path.join(os.tmpdir(), "entra-go-sdk-"));
    try {
        await generateSdk(cli, "go", gen);
        fs.rmSync(path.join(sdkDir, "go"), { recursive: true, force: true });
        fs.mkdirSync(sdkDir, { recursive: true });
        fs.cpSync(path.join(gen, "go"), path.join(sdkDir, "go"), { recursive: true });
    } finally {
        fs.rmSync(gen, { recursive: true, force: true });
    }
    // go.mod anew each time, then `go mod tidy` adds what the Pulumi SDK needs (and go.sum): the same input, the same files.
    fs.writeFileSync(path.join(sdkDir, "go.mod"), goMod());
    execFileSync("go", ["mod", "tidy"], { cwd: sdkDir, stdio: "inherit" });
}

/** A venv with PyPA's `build`, kept in the cache. */
function buildVenv(): string {
    const venv = path.join(cacheRoot(), "python-build");
    const python = path.join(venv, "bin", "python");
    try {
        execFileSync(python, ["-c", "import build"], { stdio: "ignore" });
    } catch {
        fs.rmSync(venv, { recursive: true, force: true });
        execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
        execFileSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "build"], { stdio: "inherit" });
    }
    return python;
}

/** The wheel and sdist of pulumi_entra in `outDir`. */
export async function buildPythonSdk(
    cli: string,
    outDir = path.join(repoRoot, "dist/sdk/python"),
): Promise<{ wheel: string; sdist: string }> {
    const gen = fs.mkdtempSync(path.join(os.tmpdir(), "entra-python-sdk-"));
    try {
        const src = await generateSdk(cli, "python", gen);
        // pyproject.toml names README.md beside it; gen-sdk writes it into the package only.
        fs.copyFileSync(path.join(src, "pulumi_entra", "README.md"), path.join(src, "README.md"));
        fs.rmSync(outDir, { recursive: true, force: true });
        execFileSync(buildVenv(), ["-m", "build", "--outdir", outDir, src], { stdio: "pipe" });
    } finally {
        fs.rmSync(gen, { recursive: true, force: true });
    }
    const files = fs.readdirSync(outDir);
    const find = (suffix: string) => {
        const f = files.find((x) => x.startsWith(`pulumi_entra-${PACKAGE_VERSION}`) && x.endsWith(suffix));
        if (!f) throw new Error(`python -m build made no ${suffix} in ${outDir}: ${files.join(", ")}`);
        return path.join(outDir, f);
    };
    return { wheel: find("-py3-none-any.whl"), sdist: find(".tar.gz") };
}

if (require.main === module) {
    const { values } = parseArgs({ options: { language: { type: "string", multiple: true } } });
    const languages = values.language ?? ["go", "python"];
    (async () => {
        const cli = provideCli();
        if (languages.includes("go")) {
            await buildGoSdk(cli);
            process.stdout.write(`Go SDK: ${path.join(repoRoot, "sdk")} (module ${GO_MODULE})\n`);
        }
        if (languages.includes("python")) {
            const { wheel, sdist } = await buildPythonSdk(cli);
            process.stdout.write(`Python SDK: ${wheel}\n            ${sdist}\n`);
        }
    })().catch((e) => {
        process.stderr.write(`build:sdks: ${(e as Error).message}\n`);
        process.exit(1);
    });
}
