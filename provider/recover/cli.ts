// `pulumi-entra-extensions recover [--stack NAME] [--yes]`: after an interrupted `pulumi up`, records the objects its
// pending creates made as the stack's resources, so that the next `up` neither duplicates them nor stops on them.
//
// Pulumi's own `pulumi refresh --import-pending-creates URN ID` is the intended tool, but the CLI (v3.259.0) drops
// the pending create without importing it (it turns it into a pending import that nothing then carries out, see
// docs/adoption-and-export.md). So recover records them itself, the way Pulumi documents repairing a checkpoint:
// `pulumi stack export`, the resource written with the id found, `pulumi stack import`; then `pulumi refresh` of
// those resources has the provider read each object, so that what the state holds is what Graph holds.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline/promises";
import { parseArgs } from "node:util";
import { createContext, type OperationContext } from "../operations/context";
import { describeFound } from "../operations/ownership";
import { Checkpoint, heldIds, pendingCreates, runBeganAfter, settingsOf, withRecovered } from "./checkpoint";
import { findMade, Found } from "./find";
import { plural } from "../text";

const COMMAND = "pulumi-entra-extensions recover";

export const USAGE = `Usage: pulumi-entra-extensions recover [--stack NAME] [--cwd DIR] [--yes]

After a \`pulumi up\` was interrupted while creating (a cancelled CI job, a closed laptop), the stack's checkpoint
holds its pending creates and the tenant may hold what they made. The next \`up\` stops on such an object rather
than take it over on a name's word. recover reads the pending creates of the stack's entra resources
(\`pulumi stack export\`), finds for each the object it made (like the inputs the checkpoint recorded, made since
the interrupted run began, held by no resource of the stack), shows the plan, and records those objects as the
stack's resources; a pending create whose object is not there is cleared (the next \`up\` creates it); one with
several candidates is left as it is and listed. An older object like it is named as passed over and never
recorded (adopt it with the resource option import if it is the stack's). Graph gives no creation time for
authentication extensions, listeners and role assignments: for those, likeness is all the plan has, and it says so.

Options:
  -s, --stack NAME   the stack (default: the current one)
  -C, --cwd DIR      the Pulumi project's directory (default: this one)
  -y, --yes          go ahead without asking
  -h, --help         show this help

Needs \`pulumi\` on PATH, logged in to the stack's backend, and the stack's secrets provider (as \`pulumi up\` does);
signs in to Graph as the provider does (the stack's entra:* settings, then ENTRA_* and AZURE_* variables).`;

class UsageError extends Error {}

interface Options {
    stack?: string;
    cwd: string;
    yes: boolean;
    out: (text: string) => void;
    /** Asks the question; true to go ahead. */
    confirm?: (question: string) => Promise<boolean>;
}

/** Runs `pulumi <args>` (on PATH) in the project, for its stdout; a failure carries what pulumi said. */
function pulumi(o: Options, args: string[], input?: string): string {
    const r = spawnSync("pulumi", [...args, ...(o.stack ? ["--stack", o.stack] : []), "--non-interactive"], {
        cwd: o.cwd,
        encoding: "utf8",
        input,
        maxBuffer: 1 << 30,
        env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: process.env.PULUMI_SKIP_UPDATE_CHECK ?? "true" },
    });
    if (r.error) throw new Error(`cannot run pulumi (${r.error.message}); put the Pulumi CLI on PATH`);
    if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
}

type Outcome = { urn: string; found: Found[] };

export async function recover(o: Options): Promise<{ recovered: number; cleared: number; ambiguous: number }> {
    const plain = JSON.parse(pulumi(o, ["stack", "export"])) as Checkpoint;
    // The look-up compares values, secret ones too: they are read here, in memory, and never printed.
    const shown = JSON.parse(pulumi(o, ["stack", "export", "--show-secrets"])) as Checkpoint;
    const { ours, others } = pendingCreates(shown);
    for (const urn of others) o.out(`${urn}: not a resource of this package; resolve it with \`pulumi refresh\`\n`);
    if (!ours.length) {
        o.out("No pending creates of entra resources in this stack: nothing to recover.\n");
        return { recovered: 0, cleared: 0, ambiguous: 0 };
    }
    o.out(`${plural(ours.length, "pending create")} of entra resources (an interrupted \`pulumi up\`):\n`);
    const held = heldIds(shown);
    const since = runBeganAfter(plain, JSON.parse(pulumi(o, ["stack", "history", "--json"]) || "[]"));
    const outcomes: Outcome[] = [];
    // One context (one sign-in) per provider the pending creates ran with: nearly always one for the whole stack.
    const contexts = new Map<string, OperationContext>();
    for (const p of ours) {
        const ref = p.provider ?? "";
        let ctx = contexts.get(ref);
        if (!ctx) contexts.set(ref, (ctx = createContext(settingsOf(shown, p), { progress: () => undefined, notice: () => undefined })));
        if (!ctx.settings) throw new Error(`${p.urn}: provider settings: ${ctx.settingsProblem}`);
        const { found, passedOver } = await findMade(ctx.graph(), p.family, p.inputs, held, since);
        outcomes.push({ urn: p.urn, found });
        if (found.length === 1) held.add(found[0].id); // two pending creates never get one object
        o.out(`  ${p.urn}\n    ${plan(found)}\n`);
        for (const x of passedOver) o.out(`    passed over: ${describeFound(x.body)}: ${x.why}\n`);
    }
    const recovered = new Map(outcomes.filter((x) => x.found.length === 1).map((x) => [x.urn, x.found[0].id]));
    const cleared = new Set(outcomes.filter((x) => x.found.length === 0).map((x) => x.urn));
    const ambiguous = outcomes.length - recovered.size - cleared.size;
    if (!recovered.size && !cleared.size) {
        o.out("Nothing to record: each pending create has several candidates. Adopt the right one with the resource option import.\n");
        return { recovered: 0, cleared: 0, ambiguous };
    }
    const unproven = outcomes.filter((x) => x.found.length === 1 && x.found[0].unproven).length;
    if (unproven)
        o.out(
            `${unproven} of them ${unproven === 1 ? "is" : "are"} like the create's only (see above): a review stack's ` +
                "or an administrator's object of the same name and settings would look the same.\n",
        );
    const question =
        `Record ${plural(recovered.size, "object")} as the stack's resources` +
        `${cleared.size ? ` and clear ${plural(cleared.size, "pending create")} that made nothing` : ""}?`;
    if (!o.yes) {
        if (!o.confirm) throw new UsageError(`${question} Not asked: no terminal. Run again with --yes to go ahead.`);
        if (!(await o.confirm(`${question} [y/N] `))) {
            o.out("Nothing changed.\n");
            return { recovered: 0, cleared: 0, ambiguous };
        }
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "entra-recover-")), "checkpoint.json");
    try {
        // Written from the export without secrets shown: what reaches the disk holds ciphertext only.
        fs.writeFileSync(file, JSON.stringify(withRecovered(plain, recovered, cleared)), { mode: 0o600 });
        pulumi(o, ["stack", "import", "--file", file]);
    } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
    if (recovered.size)
        pulumi(o, [
            "refresh",
            "--yes",
            "--skip-preview",
            "--skip-pending-creates",
            ...[...recovered.keys()].flatMap((u) => ["--target", u]),
        ]);
    o.out(
        `Recorded ${recovered.size}, cleared ${cleared.size}${ambiguous ? `, left ${ambiguous} with several candidates` : ""}. ` +
            "Run `pulumi up` to finish what the interrupted run began.\n",
    );
    return { recovered: recovered.size, cleared: cleared.size, ambiguous };
}

function plan(found: Found[]): string {
    if (found.length === 1 && found[0].unproven)
        return (
            `-> ${describeFound(found[0].body)}: like the create's and held by no resource of this stack, but ` +
            `${found[0].unproven}: only likeness says it is the create's; check it is not another stack's ` +
            "before you go ahead: recorded as what the create made"
        );
    if (found.length === 1)
        return (
            `-> ${describeFound(found[0].body)}: like the create's, made since the interrupted run began and held by no ` +
            "resource of this stack: recorded as what the create made"
        );
    if (!found.length)
        return (
            "-> nothing like it made since the interrupted run began: its create did not reach Graph (or what it made is " +
            "gone); the pending create is cleared, and the next `up` creates it (or stops on what is there, naming it)"
        );
    const each = found.map((x) => describeFound(x.body)).join("; ");
    return `-> ${found.length} candidates, not guessed: ${each}; adopt the right one with the resource option import`;
}

export async function main(argv: string[]): Promise<void> {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s" },
                cwd: { type: "string", short: "C" },
                yes: { type: "boolean", short: "y" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        process.stderr.write(`${COMMAND}: ${(e as Error).message}\nRun \`${COMMAND} --help\` for the options.\n`);
        process.exit(2);
    }
    if (values.help) return void process.stdout.write(`${USAGE}\n`);
    const confirm = process.stdin.isTTY
        ? async (question: string) => {
              const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
              try {
                  return /^y(es)?$/i.test((await rl.question(question)).trim());
              } finally {
                  rl.close();
              }
          }
        : undefined;
    try {
        await recover({
            stack: values.stack,
            cwd: path.resolve(values.cwd ?? "."),
            yes: values.yes === true,
            out: (t) => process.stdout.write(t),
            confirm,
        });
    } catch (e) {
        process.stderr.write(`${COMMAND}: ${(e as Error).message}\n`);
        process.exit(e instanceof UsageError ? 2 : 1);
    }
}
