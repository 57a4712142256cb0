// Microsoft's published Graph v1.0 examples (test/fixtures/graph-docs/) as one tenant, through the real CLI:
// held by the emulator as printed (a get and a create of one object held once; see holdCorpus), exported to a program, installed
// as a user installs it; `pulumi up` adopts every object with no write to Graph and `pulumi preview
// --expect-no-changes` (and with --refresh) passes. One stack for the whole corpus, to stay fast.
import path from "node:path";
import { GraphEmulator, startEmulator } from "../../provider/emulator";
import { ExportResult, exportTenant } from "../../provider/export";
import { GraphClient } from "../../provider/graph/client";
import { resolveSettings } from "../../provider/graph/settings";
import { installProgram } from "../../scripts/installProgram";
import { corpus, holdCorpus } from "../support/graphDocsCorpus";
import { Stack, describeEngine, succeeded, writesSince } from "./harness";

const requests = (emu: GraphEmulator, from: number) => emu.log.slice(from).map((e) => `${e.method} ${e.status}`);

describeEngine("Microsoft's published examples, exported and adopted with the Pulumi CLI", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;
    let held: ReturnType<typeof holdCorpus>;
    let exported: ExportResult;

    beforeAll(async () => {
        emu = await startEmulator();
        held = holdCorpus(emu);
        const client = new GraphClient(resolveSettings(() => undefined, { ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token }));
        exported = await exportTenant({ out: path.join(engine.work, "corpus-src", "entra-corpus"), client });
        const programDir = installProgram(exported.out, path.join(engine.work, "corpus-program"), { packDir: engine.work });
        stack = await new Stack(engine, "corpus-adopt", { emulator: emu, programDir }).init();
    }, 180_000);
    afterAll(async () => {
        await stack?.destroy();
        await emu?.close();
    }, 120_000);

    test("the tenant holds every distinct example; the export writes each with no CHECK mark", () => {
        const sizes: Record<string, number> = {};
        for (const h of held) sizes[h.family] = (sizes[h.family] ?? 0) + 1;
        process.stdout.write(`corpus tenant: ${held.length} of ${corpus.length} examples ${JSON.stringify(sizes)}\n`);
        // Three pairs are a get and a create of one object (the two access package extensions, onTokenIssuanceStart).
        expect(held.length).toBe(corpus.length - 3);
        expect(new Set(held.map((h) => h.id)).size).toBe(held.length);
        // Among them the two the api://{host}/{appId} rule once refused, and both task extensions of one name.
        const files = held.map((h) => h.file);
        expect(files).toEqual(
            expect.arrayContaining([expect.stringMatching(/onPasswordSubmit/), expect.stringMatching(/onVerifiedIdClaimValidation/)]),
        );
        expect(held.filter((h) => h.family === "customTaskExtension")).toHaveLength(2);
        expect(exported.tenant.objects.map((o) => o.id).sort()).toEqual(held.map((h) => h.id).sort());
        expect(exported.warnings).toEqual([]);
        expect(exported.files["index.ts"]).not.toContain("// CHECK:");
    });

    test("`pulumi up` adopts every example: no refusal, no POST, PATCH, PUT or DELETE reaches Graph", async () => {
        const before = emu.log.length;
        const r = succeeded(await stack.up());
        expect(r.out).toMatch(new RegExp(`\\+ ${held.length + 1} created`)); // the objects and the stack
        expect(new Set(r.out.match(/adopting [0-9a-f-]+ instead of creating one/g)).size).toBe(held.length);
        expect(r.out).not.toMatch(/warning:/);
        expect(writesSince(emu, before)).toEqual([]);
        const inState = (await stack.resources()).filter((x) => String(x.type).startsWith("pulumi-nodejs:dynamic"));
        expect(inState.map((x) => x.id).sort()).toEqual(held.map((h) => h.id).sort());
    }, 180_000);

    test("`pulumi preview --expect-no-changes` passes, and with --refresh (every example read again) too", async () => {
        const before = emu.log.length;
        succeeded(await stack.preview("--expect-no-changes"));
        expect(requests(emu, before)).toEqual([]);
        succeeded(await stack.preview("--refresh", "--expect-no-changes"));
        expect(requests(emu, before)).toEqual(Array(held.length).fill("GET 200"));
        expect(writesSince(emu, before)).toEqual([]);
    }, 180_000);
});
