// The benchmark's do-nothing pulumi.dynamic.ResourceProvider: what the engine costs with a provider
// that does no work but the network's. The operations named in BENCH_NOOP_WAITS (default: create,
// read, delete, the ones that send one Graph request each in the extension providers) wait
// BENCH_NOOP_LATENCY_MS (default 50) once, as one Graph round trip would; outputs are the inputs.
// Installed as a package in the program's node_modules, so Pulumi serializes it as
// `require("bench-noop-provider")`, the same size class as the extensions' providers.
const latency = Number(process.env.BENCH_NOOP_LATENCY_MS ?? 50);
const waits = new Set((process.env.BENCH_NOOP_WAITS ?? "create,read,delete").split(",").filter(Boolean));
const pause = (op) => (waits.has(op) ? new Promise((r) => setTimeout(r, latency)) : Promise.resolve());
let next = 0;

module.exports = {
    async diff(_id, olds, news) {
        await pause("diff");
        return { changes: JSON.stringify(olds) !== JSON.stringify(news) };
    },
    async create(inputs) {
        await pause("create");
        return { id: `noop-${process.pid}-${Date.now()}-${next++}`, outs: inputs };
    },
    async read(id, props) {
        await pause("read");
        return { id, props };
    },
    async delete() {
        await pause("delete");
    },
};
