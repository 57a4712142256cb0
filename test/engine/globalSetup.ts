// Once per jest run, before any engine test: the Pulumi CLI (scripts/pulumi-cli.sh), the package
// packed with `npm pack` and installed into a program directory as users install it (not linked).
// What it made is handed to the test files in ENTRA_ENGINE_* variables; globalTeardown removes it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installProgram } from "../../scripts/installProgram";
import { provideCli } from "../../scripts/pulumiCli";
import { metadataMissing, missing, SKIPPABLE } from "./needs";

const root = path.resolve(__dirname, "../..");

/** Whether the run selects the test file `file` (relative to the repository): every file when no pattern is given. */
const selects = (pattern: string | undefined, file: string) => !pattern || new RegExp(pattern, "i").test(path.join(root, file));

/** Whether the run selects any engine test (a `jest test/check.test.ts` run needs no CLI). */
function selectsEngineTests(pattern: string | undefined): boolean {
    return fs.readdirSync(__dirname).some((f) => f.endsWith(".engine.test.ts") && selects(pattern, `test/engine/${f}`));
}

/**
 * The suites of this run that will be skipped, each with why and what to set: printed now and, by globalTeardown,
 * again after jest's summary (a skipped suite is one line there, without its reason, unless run with --verbose).
 */
function announceSkips(lines: string[]): void {
    if (!lines.length) return;
    const text = `\nskipped, and what to set to run them:\n${lines.map((l) => `  - ${l}`).join("\n")}\n`;
    process.env.ENTRA_TEST_SKIPS = text;
    process.stderr.write(text);
}

export default async function globalSetup(globalConfig: { testPathPattern?: string }): Promise<void> {
    const pattern = globalConfig.testPathPattern;
    const skips: string[] = [];
    const metadata = metadataMissing();
    if (metadata && selects(pattern, "test/metadata.test.ts"))
        skips.push(`test/metadata.test.ts, graphMetadata.json against Microsoft's files: ${metadata}`);
    if (!selectsEngineTests(pattern)) return announceSkips(skips);
    let cli: string;
    try {
        cli = provideCli();
    } catch (e) {
        const why = (e as Error).message;
        // In CI the engine tests are the point: fail, never skip.
        if (process.env.CI) throw new Error(`engine tests: ${why}`);
        process.env.ENTRA_ENGINE_SKIP = `${why}; put pulumi v3.259.0+ on PATH or set PULUMI_CLI_ARCHIVE`;
        process.stderr.write(`\nengine tests skipped: ${process.env.ENTRA_ENGINE_SKIP}\n`);
        return announceSkips([
            ...skips,
            "test/engine/*.engine.test.ts, the real Pulumi CLI: put pulumi v3.259.0+ on PATH or set PULUMI_CLI_ARCHIVE",
        ]);
    }
    for (const suite of SKIPPABLE) {
        const why = process.env.CI || !selects(pattern, suite.file) ? undefined : missing(cli, suite.needs);
        if (why) skips.push(`${suite.file}, ${suite.what}: ${why}`);
    }
    announceSkips(skips);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "entra-engine-"));
    process.stderr.write(`\nengine tests: CLI ${cli}; packing and installing the package into ${work} ...\n`);
    const started = Date.now();
    const programDir = installProgram(path.join(__dirname, "program"), path.join(work, "program"), { packDir: work });
    process.stderr.write(`engine tests: program installed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.env.ENTRA_ENGINE_CLI = cli;
    process.env.ENTRA_ENGINE_WORK = work;
    process.env.ENTRA_ENGINE_PROGRAM = programDir;
}
