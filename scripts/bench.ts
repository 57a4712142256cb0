// `npm run bench`: figures, not assertions. Stacks of 1, 25 and 100 extensions (the three families
// in turn) against the emulator with a fixed latency per Graph request, driven through the provider
// objects with every resource in flight at once (as the engine does by default). For each phase: wall
// time, Graph requests per resource, and our time over the latency floor (round trips a resource
// needs in sequence x latency): what the provider adds beyond the network.
// Engine-level figures (pulumi up/preview wall time, do-nothing provider ratio) need the Pulumi CLI; see README.

import { providers } from "../provider";
import * as ops from "../provider/dynamic/operations";
import { DEFAULT_CATALOG_ID, startEmulator } from "../provider/emulator";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SIZES = (process.env.BENCH_SIZES ?? "1,25,100").split(",").map(Number);
const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const APP = "11111111-2222-4333-8444-555555555555";
const logicApp = (i: number) => ({ subscriptionId: SUB, resourceGroupName: "rg-bench", logicAppWorkflowName: `la-${i}` });

type Family = keyof typeof providers;
const FAMILIES: Family[] = ["customTaskExtension", "accessPackageWorkflowExtension", "customAuthenticationExtension"];

function inputs(family: Family, i: number): Record<string, unknown> {
    if (family === "customTaskExtension") return { displayName: `bench task ${i}`, endpointConfiguration: logicApp(i), callbackConfiguration: { timeoutDuration: "PT1H" } };
    if (family === "accessPackageWorkflowExtension") return { catalogId: DEFAULT_CATALOG_ID, displayName: `bench ap ${i}`, endpointConfiguration: logicApp(i) };
    return {
        extensionType: "onTokenIssuanceStart",
        displayName: `bench auth ${i}`,
        endpointConfiguration: { targetUrl: "https://claims.contoso.com/api" },
        authenticationConfiguration: { resourceId: `api://claims.contoso.com/${APP}` },
    };
}

async function phases(p: (f: Family) => any, n: number) {
    const res = Array.from({ length: n }, (_, i) => ({ family: FAMILIES[i % 3], raw: inputs(FAMILIES[i % 3], i), id: "", outs: {} as any, inputs: {} as any }));
    const t: Record<string, number> = {};
    const time = async (name: string, f: () => Promise<unknown>) => {
        const s = performance.now();
        await f();
        t[name] = performance.now() - s;
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
    await time("preview", () => Promise.all(res.map(async (r) => p(r.family).diff(r.id, r.outs, (await p(r.family).check(r.outs, r.raw)).inputs))));
    await time("preview --refresh", () =>
        Promise.all(res.map(async (r) => {
            const read = await p(r.family).read(r.id, r.outs);
            return p(r.family).diff(r.id, read.props, (await p(r.family).check(read.inputs, r.raw)).inputs);
        })),
    );
    const stateBytes = res.reduce((a, r) => a + JSON.stringify({ inputs: r.inputs, outputs: r.outs }).length, 0) / n;
    await time("destroy", () => Promise.all(res.map((r) => p(r.family).delete(r.id, r.outs))));
    return { t, stateBytes };
}

async function main() {
    const emu = await startEmulator({ latencyMs: LATENCY_MS });
    process.env.ENTRA_GRAPH_ENDPOINT = emu.url;
    process.env.ENTRA_ACCESS_TOKEN = emu.token;
    ops.reset();
    process.stdout.write(`emulator latency ${LATENCY_MS} ms per request; all resources in flight at once\n\n`);
    process.stdout.write(`${"resources".padEnd(10)}${"phase".padEnd(20)}${"wall ms".padStart(9)}${"floor ms".padStart(10)}${"ratio".padStart(8)}${"req/res".padStart(9)}\n`);
    try {
        for (const n of SIZES) {
            emu.clearLog();
            const marks: Record<string, number> = {};
            const ours = await phases((f) => providers[f] as any, n);
            // requests per phase, from the log's order: up (POST), preview (none), refresh (GET), destroy (DELETE)
            marks.up = emu.log.filter((e) => e.method === "POST").length;
            marks["preview"] = 0;
            marks["preview --refresh"] = emu.log.filter((e) => e.method === "GET").length;
            marks.destroy = emu.log.filter((e) => e.method === "DELETE").length;
            for (const phase of Object.keys(ours.t)) {
                const perResource = marks[phase] / n;
                const floor = perResource * LATENCY_MS;
                const ratio = floor ? `${(ours.t[phase] / floor).toFixed(2)}x` : "-";
                process.stdout.write(`${String(n).padEnd(10)}${phase.padEnd(20)}${ours.t[phase].toFixed(0).padStart(9)}${floor.toFixed(0).padStart(10)}${ratio.padStart(8)}${perResource.toFixed(2).padStart(9)}\n`);
            }
            process.stdout.write(`${String(n).padEnd(10)}${"state bytes/res".padEnd(20)}${ours.stateBytes.toFixed(0).padStart(9)}  (inputs + outputs; __provider adds ~300 installed, see test/serialization)\n\n`);
        }
    } finally {
        await emu.close();
    }
}

main().catch((e) => {
    process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
    process.exit(1);
});
