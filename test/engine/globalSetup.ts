// Once per jest run, before any engine test: the Pulumi CLI (scripts/pulumi-cli.sh), the package
// packed with `npm pack` and installed into a program directory as users install it (not linked).
// What it made is handed to the test files in ENTRA_ENGINE_* variables; globalTeardown removes it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installProgram } from "../../scripts/installProgram";
import { provideCli } from "../../scripts/pulumiCli";

/** Whether the run selects any engine test (a `jest test/check.test.ts` run needs no CLI). */
function selectsEngineTests(pattern: string | undefined): boolean {
    if (!pattern) return true;
    const re = new RegExp(pattern, "i");
    return fs.readdirSync(__dirname).some((f) => f.endsWith(".engine.test.ts") && re.test(path.join(__dirname, f)));
}

export default async function globalSetup(globalConfig: { testPathPattern?: string }): Promise<void> {
    if (!selectsEngineTests(globalConfig.testPathPattern)) return;
    let cli: string;
    try {
        cli = provideCli();
    } catch (e) {
        const why = (e as Error).message;
        // In CI the engine tests are the point: fail, never skip.
        if (process.env.CI) throw new Error(`engine tests: ${why}`);
        process.env.ENTRA_ENGINE_SKIP = `${why}; put pulumi v3.259.0+ on PATH or set PULUMI_CLI_ARCHIVE`;
        process.stderr.write(`\nengine tests skipped: ${process.env.ENTRA_ENGINE_SKIP}\n`);
        return;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "entra-engine-"));
    process.stderr.write(`\nengine tests: CLI ${cli}; packing and installing the package into ${work} ...\n`);
    const started = Date.now();
    const programDir = installProgram(path.join(__dirname, "program"), path.join(work, "program"), { packDir: work });
    process.stderr.write(`engine tests: program installed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.env.ENTRA_ENGINE_CLI = cli;
    process.env.ENTRA_ENGINE_WORK = work;
    process.env.ENTRA_ENGINE_PROGRAM = programDir;
}
