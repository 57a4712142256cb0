// Leaves nothing behind: the packed package, the installed program, stacks' state and PULUMI_HOME; repeats what was skipped.
import fs from "node:fs";

export default async function globalTeardown(): Promise<void> {
    // What was skipped and why, again after jest's summary, where it is seen (globalSetup wrote it first).
    if (process.env.ENTRA_TEST_SKIPS) process.stderr.write(process.env.ENTRA_TEST_SKIPS);
    const work = process.env.ENTRA_ENGINE_WORK;
    if (work && !process.env.ENTRA_ENGINE_KEEP) fs.rmSync(work, { recursive: true, force: true });
}
