// Leaves nothing behind: the packed package, the installed program, stacks' state and PULUMI_HOME.
import fs from "node:fs";

export default async function globalTeardown(): Promise<void> {
    const work = process.env.ENTRA_ENGINE_WORK;
    if (work && !process.env.ENTRA_ENGINE_KEEP) fs.rmSync(work, { recursive: true, force: true });
}
