// What each suite that `npm test` may skip needs, checked once before the run (globalSetup prints what will be skipped
// and what to set, and globalTeardown repeats it after jest's summary) and again by the suite itself (describePlugin).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type Need = "python" | "yaml" | "go";

/** Whether `cmd args` runs and exits 0 here. */
export const has = (cmd: string, args: string[]) => {
    try {
        execFileSync(cmd, args, { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
};

const SET_LANGUAGES =
    "set PULUMI_LANGUAGE_PLUGINS_ARCHIVE to Pulumi's language plugins archive (pulumi-language-plugins-v<version>-linux-x64.tar.xz; " +
    "`.ci/run` does when ../shared/tools/pulumi holds it), or put an official Pulumi CLI release on PATH, which carries them";

/** Why the tests that need `needs` cannot run with the CLI in `cli`, with what to set; undefined when they can. */
export function missing(cli: string, needs: Need[]): string | undefined {
    const lacks: string[] = [];
    const plugins = needs.map((n) => (n === "python" ? "pulumi-language-python-exec" : `pulumi-language-${n}`));
    const absent = plugins.filter((p) => !fs.existsSync(path.join(cli, p)));
    if (absent.length) lacks.push(`${absent.join(" and ")} beside the CLI in ${cli} (${SET_LANGUAGES})`);
    if (needs.includes("python") && !has("python3", ["-m", "venv", "--help"])) lacks.push("python3 with venv");
    if (needs.includes("go") && !has("go", ["version"])) lacks.push("the Go toolchain (go on PATH)");
    return lacks.length ? `needs ${lacks.join("; ")}` : undefined;
}

/** The suites that skip without some tool or file, and what each needs. */
export const SKIPPABLE: { file: string; what: string; needs: Need[] }[] = [
    { file: "test/engine/pluginPython.engine.test.ts", what: "the plugin from a Python program", needs: ["python"] },
    { file: "test/engine/pluginYaml.engine.test.ts", what: "the plugin from a YAML program, and pulumi import", needs: ["yaml"] },
    { file: "test/engine/pluginSdks.engine.test.ts", what: "the generated SDKs, and a Go program", needs: ["go"] },
    { file: "test/engine/pluginPackageAdd.engine.test.ts", what: "pulumi package add of the plugin's archive", needs: ["python"] },
];

/** The metadata check that needs Microsoft's files: why it skips, or undefined when it runs. */
export const metadataMissing = (): string | undefined =>
    process.env.ENTRA_GRAPH_METADATA_DIR
        ? undefined
        : "needs ENTRA_GRAPH_METADATA_DIR, the directory of Microsoft's Graph metadata files " +
          "(`.ci/run` sets it from ../shared/graph-metadata)";
