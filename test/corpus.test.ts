// Microsoft's published Graph v1.0 examples of the three extension families (test/fixtures/graph-docs/),
// held by the emulator exactly as printed and served over real HTTP: each reads back, exports with no
// `// CHECK:` mark, and is adopted by the program the export wrote with no refusal, no write and no drift.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { families } from "../provider/families";
import { exportTenant } from "../provider/export";
import { fromState } from "../provider/operations/stateForm";
import { GraphClient } from "../provider/graph/client";
import { resolveSettings } from "../provider/graph/settings";
import { FAMILY, runProgram, unwrapSecrets } from "./support/exportedProgram";
import { emulatorEnv, providersFor } from "./support/setup";
import { CATALOG, corpus } from "./support/graphDocsCorpus";

let emu: GraphEmulator;
let scratch: string;
beforeAll(async () => {
    emu = await startEmulator();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "entra-corpus-"));
});
afterAll(async () => {
    await emu.close();
    fs.rmSync(scratch, { recursive: true, force: true });
});

test("the corpus covers the three families", () => {
    const sizes = Object.fromEntries(Object.keys(families).map((n) => [n, corpus.filter((c) => c.family === n).length]));
    process.stdout.write(`corpus: ${JSON.stringify(sizes)}\n`);
    expect(sizes.customTaskExtension).toBeGreaterThanOrEqual(2);
    expect(sizes.accessPackageWorkflowExtension).toBeGreaterThanOrEqual(4);
    expect(sizes.customAuthenticationExtension).toBeGreaterThanOrEqual(7);
});

describe.each(corpus.map((c) => [c.file, c] as const))("%s", (_file, example) => {
    const f = families[example.family];
    const catalogId = f.name === "accessPackageWorkflowExtension" ? CATALOG : undefined;
    let id: string;
    beforeEach(() => {
        emu.reset();
        if (catalogId) emu.addCatalog(catalogId, "Marketing");
        id = emu.hold(f.collection.name, example.printed, catalogId);
    });

    test("reads back over HTTP: a field for every value Graph holds, no failure", async () => {
        const P = providersFor(emu);
        const r = await P[f.name].read!(id, catalogId ? { catalogId } : {});
        expect(r.id).toBe(id);
        const inner = example.printed.value ?? example.printed;
        expect(r.props!.displayName).toBe(inner.displayName);
        expect(r.props!.endpointConfiguration).toBeDefined();
        // as the operations read the state back (a default is left out of it: operations/stateForm.ts)
        expect(fromState(f, r.props).authenticationConfiguration).toBeDefined();
    });

    test("exports with no CHECK mark; the program adopts it as it is: check passes, no write, no drift", async () => {
        const client = new GraphClient(resolveSettings(() => undefined, emulatorEnv(emu)));
        const out = fs.mkdtempSync(path.join(scratch, "out-"));
        const r = await exportTenant({ out, force: true, client });
        expect(r.files["index.ts"]).not.toContain("// CHECK:");
        expect(r.warnings).toEqual([]);
        const declared = runProgram(r.files["index.ts"]);
        expect(declared.map((d) => [FAMILY[d.type], d.opts.import])).toEqual([[f.name, id]]);
        const notices: string[] = [];
        const P = providersFor(emu, {}, { notice: (m) => void notices.push(m) });
        emu.clearLog();
        const news = { ...unwrapSecrets(declared[0].args), __adopt: { id, update: false } };
        const checked = await P[f.name].check({}, news);
        expect(checked.failures).toEqual([]);
        expect(notices.filter((n) => /warning:/.test(n))).toEqual([]);
        const created = await P[f.name].create(checked.inputs);
        expect(created.id).toBe(id);
        expect((await P[f.name].diff!(id, created.outs, checked.inputs)).changes).toBe(false);
        // A refresh reads the object again: what it stores is what the program says.
        const read = await P[f.name].read!(id, created.outs);
        expect((await P[f.name].diff!(id, read.props!, checked.inputs)).changes).toBe(false);
        expect(emu.writes()).toEqual([]);
    });
});
