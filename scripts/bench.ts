// `npm run bench`: figures, not assertions. Two parts:
//
// Provider level (cheap): stacks of 1, 25 and 100 extensions (BENCH_SIZES; the three families in turn)
// against the emulator with a fixed latency per Graph request (BENCH_LATENCY_MS, default 50), driven
// through the provider objects with every resource in flight at once. For each phase: wall time, Graph
// requests per resource, and our time over the latency floor (round trips a resource needs in sequence
// x latency): what the provider adds beyond the network.
//
// Engine level: the real Pulumi CLI (scripts/pulumi-cli.sh) on one installed program (scripts/bench/
// program: npm pack of this repository + npm install, as users install), over N extensions against
// the emulator with 50 ms latency, and over N do-nothing dynamic resources with the same inputs whose
// provider waits the same latency once where ours sends a Graph request (create, read, delete). For
// each N: `up`, `preview`, `preview --refresh`, `destroy`, the median of several runs, and the ratio
// extensions / do-nothing; Graph requests per resource (for `up`: per create, the shared listings included).
// Then state bytes per resource against the do-nothing's, the storm run (`up` of the largest N while the
// emulator answers 429 to a fifth of the writes for 10 s from the middle of the run) and cold `require` times.
//
//   npm run bench -- [--engine-n 1,100,300] [--runs 3] [--engine-only | --provider-only] [--noop-waits create,read,delete]
//                    [--export-dir DIR]   (keeps the `pulumi stack export` files the state figures come from)
//                    [--mix extensions|attachments]   (attachments: workflows and listeners among the extensions)
//
// Progress goes to stderr. Everything lives in a temporary directory removed at the end; the exit code
// is non-zero only when something failed, never because of a figure.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { families, FamilyName } from "../provider/families";
import { makeProvider } from "../provider/dynamic/makeProvider";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { installProgram, packedPackage } from "./installProgram";
import { expectExit, offlineEnv, provideCli, runPulumi } from "./pulumiCli";
import { repoRoot as root } from "./repoRoot";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SIZES = (process.env.BENCH_SIZES ?? "1,25,100").split(",").map(Number);
const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const APP = "11111111-2222-4333-8444-555555555555";
const logicApp = (i: number) => ({ subscriptionId: SUB, resourceGroupName: "rg-bench", logicAppWorkflowName: `la-${i}` });

const out = (s = "") => process.stdout.write(`${s}\n`);
const progress = (s: string) => process.stderr.write(`bench: ${s}\n`);
/** One table row: each cell padded to its width, on the left for a negative width (text), else on the right. */
const row = (...cells: [unknown, number][]) => cells.map(([v, w]) => (w < 0 ? String(v).padEnd(-w) : String(v).padStart(w))).join("");
const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

type Family = FamilyName;
const FAMILIES = Object.keys(families) as Family[];

function inputs(family: Family, i: number): Record<string, unknown> {
    if (family === "customTaskExtension")
        return { displayName: `bench task ${i}`, endpointConfiguration: logicApp(i), callbackConfiguration: { timeoutDuration: "PT1H" } };
    if (family === "accessPackageWorkflowExtension")
        return { catalogId: DEFAULT_CATALOG_ID, displayName: `bench ap ${i}`, endpointConfiguration: logicApp(i) };
    return {
        extensionType: "onTokenIssuanceStart",
        displayName: `bench auth ${i}`,
        endpointConfiguration: { targetUrl: "https://claims.contoso.com/api" },
        authenticationConfiguration: { resourceId: `api://claims.contoso.com/${APP}` },
    };
}

// ---------------------------------------------------------------------------------------------------
// Provider level

async function phases(p: (f: Family) => any, n: number, requestsSoFar: () => number) {
    const res = Array.from({ length: n }, (_, i) => ({
        family: FAMILIES[i % 3],
        raw: inputs(FAMILIES[i % 3], i),
        id: "",
        outs: {} as any,
        inputs: {} as any,
    }));
    const t: Record<string, number> = {};
    const requests: Record<string, number> = {};
    const time = async (name: string, f: () => Promise<unknown>) => {
        const s = performance.now();
        const before = requestsSoFar();
        await f();
        t[name] = performance.now() - s;
        requests[name] = requestsSoFar() - before;
    };
    await time("up", () =>
        Promise.all(
            res.map(async (r) => {
                r.inputs = (await p(r.family).check({}, r.raw)).inputs;
                const c = await p(r.family).create(r.inputs);
                r.id = c.id;
                r.outs = c.outs;
            }),
        ),
    );
    await time("preview", () =>
        Promise.all(res.map(async (r) => p(r.family).diff(r.id, r.outs, (await p(r.family).check(r.outs, r.raw)).inputs))),
    );
    await time("preview --refresh", () =>
        Promise.all(
            res.map(async (r) => {
                const read = await p(r.family).read(r.id, r.outs);
                return p(r.family).diff(r.id, read.props, (await p(r.family).check(read.inputs, r.raw)).inputs);
            }),
        ),
    );
    const stateBytes = res.reduce((a, r) => a + JSON.stringify({ inputs: r.inputs, outputs: r.outs }).length, 0) / n;
    await time("destroy", () => Promise.all(res.map((r) => p(r.family).delete(r.id, r.outs))));
    return { t, requests, stateBytes };
}

async function providerFigures() {
    const emu = await startEmulator({ latencyMs: LATENCY_MS });
    const env = { ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token };
    const providers = Object.fromEntries(FAMILIES.map((f) => [f, makeProvider(f, { env })])) as Record<Family, dynamic.ResourceProvider>;
    out(`== provider level: the provider objects called directly; emulator latency ${LATENCY_MS} ms per request;`);
    out("   all resources in flight at once");
    out();
    out(row(["resources", -10], ["phase", -20], ["wall ms", 9], ["floor ms", 10], ["ratio", 8], ["req/res", 9]));
    try {
        for (const n of SIZES) {
            progress(`provider level: ${n} resources`);
            const ours = await phases(
                (f) => providers[f] as any,
                n,
                () => emu.log.length,
            );
            for (const phase of Object.keys(ours.t)) {
                // Round trips in sequence per resource: every resource is in flight at once.
                const perResource = ours.requests[phase] / n;
                const floor = perResource * LATENCY_MS;
                const ratio = floor ? `${(ours.t[phase] / floor).toFixed(2)}x` : "-";
                out(
                    row(
                        [n, -10],
                        [phase, -20],
                        [ours.t[phase].toFixed(0), 9],
                        [floor.toFixed(0), 10],
                        [ratio, 8],
                        [perResource.toFixed(2), 9],
                    ),
                );
            }
            const bytes = row([n, -10], ["state bytes/res", -20], [ours.stateBytes.toFixed(0), 9]);
            out(`${bytes}  (inputs + outputs only; the engine-level figure below is the real state)`);
            out();
        }
    } finally {
        await emu.close();
    }
}

// ---------------------------------------------------------------------------------------------------
// Engine level

const ENGINE_LATENCY_MS = 50;
const PROGRAMS = ["extensions", "noop"] as const;
type Program = (typeof PROGRAMS)[number];
const ENGINE_PHASES = ["up", "preview", "preview --refresh", "destroy"] as const;
type Phase = (typeof ENGINE_PHASES)[number];
const PHASE_ARGS: Record<Phase, string[]> = {
    up: ["up", "--yes", "--skip-preview"],
    preview: ["preview", "--expect-no-changes"],
    "preview --refresh": ["preview", "--refresh", "--expect-no-changes"],
    destroy: ["destroy", "--yes", "--skip-preview"],
};

/**
 * Median ms of 5 fresh `node` processes that each require `what` from `cwd`, timing that require only
 * (`after`, if given, is required first, untimed).
 */
function coldRequireMs(cwd: string, what: string, after?: string): number {
    const code =
        `${after ? `require(${JSON.stringify(after)}); ` : ""}const t = process.hrtime.bigint(); require(${JSON.stringify(what)}); ` +
        "process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));";
    const times = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ["-e", code], { cwd, encoding: "utf8" })));
    return median(times);
}

/** The storm run: `up` of the extensions while Graph answers 429 to a fifth of the writes for 10 s from its middle. */
interface StormFigures {
    n: number;
    ms: number;
    throttled: number;
    objects: number;
    retryAfterSeconds: number;
}

interface EngineFigures {
    ms: Record<Program, Record<Phase, number[]>>;
    requests: Record<Phase, number>;
    stateBytes: Record<Program, number>;
    providerBytes: Record<Program, number>;
}

async function engineFigures(sizes: number[], runs: number, noopWaits: string, exportDir?: string, mix = "extensions") {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "entra-bench-"));
    let emu: GraphEmulator | undefined;
    const started = Date.now();
    try {
        const cli = provideCli();
        progress(`engine level: CLI ${cli}; packing and installing into ${work} ...`);
        const noopTarball = packedPackage(work, path.join(root, "scripts/bench/noop-provider"));
        const programDir = installProgram(path.join(root, "scripts/bench/program"), path.join(work, "program"), {
            packDir: work,
            dependencies: { "bench-noop-provider": `file:${noopTarball}` },
        });
        progress(`engine level: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);

        emu = await startEmulator({ latencyMs: ENGINE_LATENCY_MS });
        const env = offlineEnv(cli, work, {
            ENTRA_GRAPH_ENDPOINT: emu.url,
            ENTRA_ACCESS_TOKEN: emu.token,
            BENCH_NOOP_LATENCY_MS: String(ENGINE_LATENCY_MS),
            BENCH_NOOP_WAITS: noopWaits,
        });
        const pulumi = async (program: Program, args: string[]) =>
            expectExit(await runPulumi(cli, programDir, [...args, "--stack", program], env));
        for (const p of PROGRAMS) {
            await pulumi(p, ["stack", "init"]);
            await pulumi(p, ["config", "set", "bench:mode", p]);
            await pulumi(p, ["config", "set", "bench:catalogId", DEFAULT_CATALOG_ID]);
            await pulumi(p, ["config", "set", "bench:mix", mix]);
        }

        const results = new Map<number, EngineFigures>();
        for (const n of sizes) {
            const fig: EngineFigures = {
                ms: { extensions: emptyPhases(), noop: emptyPhases() },
                requests: { up: 0, preview: 0, "preview --refresh": 0, destroy: 0 },
                stateBytes: { extensions: 0, noop: 0 },
                providerBytes: { extensions: 0, noop: 0 },
            };
            for (const p of PROGRAMS) await pulumi(p, ["config", "set", "bench:count", String(n)]);
            for (let run = 1; run <= runs; run++) {
                // The two programs take turns, so that a busy moment of the machine falls on both.
                for (const p of PROGRAMS) {
                    for (const phase of ENGINE_PHASES) {
                        progress(`engine level: N=${n} run ${run}/${runs} ${p.padEnd(10)} ${phase}`);
                        const before = emu.log.length;
                        const r = await pulumi(p, PHASE_ARGS[phase]);
                        fig.ms[p][phase].push(r.ms);
                        if (p === "extensions") fig.requests[phase] = (emu.log.length - before) / n;
                        if (phase === "up" && run === 1) {
                            const file = path.join(work, `export-${p}-${n}.json`);
                            await pulumi(p, ["stack", "export", "--file", file]);
                            fig.stateBytes[p] = fs.statSync(file).size / n;
                            const state = JSON.parse(fs.readFileSync(file, "utf8"));
                            const custom = (state.deployment.resources ?? []).find((x: any) => x.custom && x.inputs?.__provider);
                            fig.providerBytes[p] = String(custom?.inputs?.__provider ?? "").length;
                            if (exportDir) fs.copyFileSync(file, path.join(exportDir, path.basename(file)));
                        }
                        if (p === "extensions" && phase === "up" && emu.objects().length !== n)
                            throw new Error(`after up: ${emu.objects().length} objects in the emulator, expected ${n}`);
                        if (p === "extensions" && phase === "destroy" && emu.objects().length !== 0)
                            throw new Error(`after destroy: ${emu.objects().length} objects left in the emulator`);
                    }
                }
            }
            results.set(n, fig);
        }

        const largest = Math.max(...sizes);
        progress(`engine level: N=${largest} extensions up in a throttling storm`);
        const retryAfterSeconds = 1;
        emu.throttleStorm({
            rate: 0.2,
            retryAfterSeconds,
            writesOnly: true,
            afterWrites: Math.floor(largest / 2),
            durationSeconds: 10,
            seed: 19,
        });
        const before = emu.log.length;
        const stormUp = await pulumi("extensions", PHASE_ARGS.up);
        const storm: StormFigures = {
            n: largest,
            ms: stormUp.ms,
            throttled: emu.log.slice(before).filter((e) => e.status === 429).length,
            objects: emu.objects().length,
            retryAfterSeconds,
        };
        emu.clearFaults();
        await pulumi("extensions", PHASE_ARGS.destroy);

        progress("engine level: cold require times");
        const cold = {
            pulumi: coldRequireMs(programDir, "@pulumi/pulumi"),
            pkg: coldRequireMs(programDir, "pulumi-entra-extensions"),
            pkgAfterPulumi: coldRequireMs(programDir, "pulumi-entra-extensions", "@pulumi/pulumi"),
            provider: coldRequireMs(programDir, "pulumi-entra-extensions/providers/customTaskExtension"),
            operations: coldRequireMs(programDir, "pulumi-entra-extensions/operations"),
            noop: coldRequireMs(programDir, "bench-noop-provider"),
        };
        for (const p of PROGRAMS) await pulumi(p, ["stack", "rm", "--yes"]);
        return { results, storm, cold, cli, elapsedMs: Date.now() - started };
    } finally {
        await emu?.close();
        fs.rmSync(work, { recursive: true, force: true });
    }
}

function emptyPhases(): Record<Phase, number[]> {
    return { up: [], preview: [], "preview --refresh": [], destroy: [] };
}

/** What the benchmark's program declares, per `--mix` (scripts/bench/program/index.js). */
const MIXES: Record<string, string> = {
    extensions: "the three extension families in turn",
    attachments:
        "the three extension families, a workflow running a task extension and a listener running an authentication extension, in turn",
};

function printEngine(e: Awaited<ReturnType<typeof engineFigures>>, runs: number, noopWaits: string, mix = "extensions") {
    out(`== engine level: Pulumi CLI ${path.join(e.cli, "pulumi")}, default --parallel, up/destroy with --skip-preview;`);
    out(`   emulator latency ${ENGINE_LATENCY_MS} ms; resources: ${MIXES[mix]}`);
    out(`   median of ${runs} run(s) each; the two programs take turns; ms are wall time of the whole CLI command`);
    out("   do-nothing: pulumi.dynamic.Resource, same inputs, provider = package bench-noop-provider installed in the program's");
    out("   node_modules");
    out(`   (serialized as a require of it, like ours), waiting ${ENGINE_LATENCY_MS} ms once in: ${noopWaits || "(nothing)"}`);
    out();
    out(row(["N", 5], ["", 2], ["phase", -20], ["extensions ms", 15], ["do-nothing ms", 15], ["ratio", 8], ["Graph req/res", 15]));
    for (const [n, fig] of e.results) {
        for (const phase of ENGINE_PHASES) {
            const ext = median(fig.ms.extensions[phase]);
            const noop = median(fig.ms.noop[phase]);
            const ratio = ext / noop;
            const cells = row([n, 5], ["", 2], [phase, -20], [ext.toFixed(0), 15], [noop.toFixed(0), 15], [ratio.toFixed(2), 8]);
            out(`${cells}${row([fig.requests[phase].toFixed(2), 15])}${ratio > 1.05 ? "  over 1.05" : ""}`);
        }
    }
    out();
    const heading = row(["N", 5], ["", 2], ["state bytes/resource", -22], ["extensions", 12], ["do-nothing", 12], ["ratio", 8]);
    out(`${heading}   (pulumi stack export after up / N)`);
    for (const [n, fig] of e.results) {
        const ratio = (fig.stateBytes.extensions / fig.stateBytes.noop).toFixed(2);
        out(row([n, 5], ["", 2], ["", -22], [fig.stateBytes.extensions.toFixed(0), 12], [fig.stateBytes.noop.toFixed(0), 12], [ratio, 8]));
    }
    const first = [...e.results.values()][0];
    if (first) {
        const bytes = row(["", 7], ["__provider bytes", -22], [first.providerBytes.extensions, 12], [first.providerBytes.noop, 12]);
        out(`${bytes}   (serialized provider text per resource)`);
    }
    out();
    const st = e.storm;
    const plain = median(e.results.get(st.n)!.ms.extensions.up);
    const floor = median(e.results.get(st.n)!.ms.noop.up);
    out(`storm: N=${st.n} extensions up while Graph answers 429 (Retry-After ${st.retryAfterSeconds} s) to a fifth of the writes`);
    out(`   for 10 s from write ${Math.floor(st.n / 2)}: ${st.ms} ms`);
    out(`   (without the storm ${plain.toFixed(0)} ms, do-nothing ${floor.toFixed(0)} ms); ${st.throttled} answers 429;`);
    out(`   ${st.objects} objects for ${st.n} resources${st.objects === st.n ? " (no duplicate)" : "  DUPLICATES"}`);
    out();
    out(`cold require, median of 5 fresh node processes in the installed program:`);
    const cold = (what: string, ms: number, why = "") => out(`${row(["", 2], [what, -56], [ms.toFixed(0), 6])} ms${why && `  (${why})`}`);
    cold("pulumi-entra-extensions", e.cold.pkg, "what a program loads; includes @pulumi/pulumi");
    cold("@pulumi/pulumi alone", e.cold.pulumi);
    cold("pulumi-entra-extensions once @pulumi/pulumi is loaded", e.cold.pkgAfterPulumi, "the package's own share");
    cold("pulumi-entra-extensions/providers/customTaskExtension", e.cold.provider, "what the provider host loads from __provider");
    cold("pulumi-entra-extensions/operations", e.cold.operations, "what its first call loads: Graph client, families");
    cold("bench-noop-provider", e.cold.noop);
    out();
    out(`engine level took ${(e.elapsedMs / 1000).toFixed(0)} s`);
}

async function main() {
    const { values } = parseArgs({
        options: {
            "engine-n": { type: "string", default: "1,100,300" },
            runs: { type: "string", default: "3" },
            "engine-only": { type: "boolean", default: false },
            "provider-only": { type: "boolean", default: false },
            "noop-waits": { type: "string", default: "create,read,delete" },
            "export-dir": { type: "string" },
            mix: { type: "string", default: "extensions" },
        },
        strict: true,
    });
    const sizes = values["engine-n"]!.split(",").map((s) => Number(s.trim()));
    const runs = Number(values.runs);
    if (sizes.some((n) => !Number.isInteger(n) || n < 1))
        throw new Error(`--engine-n takes positive integers separated by commas, not ${values["engine-n"]}`);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a positive integer, not ${values.runs}`);
    if (values["engine-only"] && values["provider-only"]) throw new Error("--engine-only and --provider-only exclude each other");
    const noopWaits = values["noop-waits"]!;
    const unknownOps = noopWaits.split(",").filter((o) => o && !["create", "read", "delete", "diff"].includes(o));
    if (unknownOps.length) throw new Error(`--noop-waits takes create, read, delete, diff; not ${unknownOps.join(", ")}`);

    if (!values["engine-only"]) await providerFigures();
    const exportDir = values["export-dir"] && path.resolve(values["export-dir"]);
    if (exportDir) fs.mkdirSync(exportDir, { recursive: true });
    const mix = values.mix!;
    if (mix !== "extensions" && mix !== "attachments") throw new Error(`--mix takes extensions or attachments, not ${mix}`);
    if (!values["provider-only"]) printEngine(await engineFigures(sizes, runs, noopWaits, exportDir, mix), runs, noopWaits, mix);
}

main().catch((e) => {
    process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
    process.exit(1);
});
