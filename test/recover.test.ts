// What `recover` takes as the object an interrupted create made (provider/recover/find.ts), over real HTTP to the
// emulator: only an object like the create's, held by no resource, made since the interrupted run began (by the
// checkpoint and the stack's history: checkpoint.ts); an older one, another stack's, is passed over and named; where
// Graph gives no time, the candidate is marked unproven for the plan to say.
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { families } from "../provider/families";
import { GraphClient } from "../provider/graph/client";
import { resolveSettings } from "../provider/graph/settings";
import { runBeganAfter } from "../provider/recover/checkpoint";
import { findMade } from "../provider/recover/find";
import { seedObject } from "../scripts/tenantSeed";
import { fixtures } from "./support/fixtures";
import { providersFor } from "./support/setup";

let emu: GraphEmulator;
let graph: GraphClient;
beforeAll(async () => {
    emu = await startEmulator();
    graph = new GraphClient(resolveSettings(() => undefined, { ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token }));
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const task = fixtures[1];
const f = families.accessPackageWorkflowExtension;
const auth = fixtures[2];
const MINUTE = 60_000;

/** An access package extension (its names are not unique) like the program's, made `agoMs` before now by someone else. */
function madeAgo(agoMs: number): string {
    const id = seedObject(emu, task.family, task.inputs);
    emu.collections.objects.get(id)!.body.createdDateTime = new Date(Date.now() - agoMs).toISOString();
    return id;
}

/** The inputs a pending create records: the checked ones. */
const pendingInputs = async (fixture = task) => (await providersFor(emu)[fixture.family].check!({}, fixture.inputs)).inputs;

test("an object like the create's made since the run began is found; one made before it is passed over, with when", async () => {
    const older = madeAgo(60 * MINUTE);
    const recent = madeAgo(0);
    const since = Date.now() - MINUTE;
    const { found, passedOver } = await findMade(graph, f, await pendingInputs(), new Set(), since);
    expect(found.map((x) => x.id)).toEqual([recent]);
    expect(passedOver.map((x) => [x.body.id, x.why])).toEqual([
        [older, expect.stringMatching(/^made \S+, before the interrupted run began \(after \S+\)$/)],
    ]);
});

test("another stack's object alone, older than the run: nothing found, so the pending create is cleared, and it is named", async () => {
    const theirs = madeAgo(30 * MINUTE);
    const { found, passedOver } = await findMade(graph, f, await pendingInputs(), new Set(), Date.now() - MINUTE);
    expect(found).toEqual([]);
    expect(passedOver.map((x) => x.body.id)).toEqual([theirs]);
});

test("held ids are never candidates; a checkpoint that says nothing of when the run began gives an unproven one", async () => {
    const id = madeAgo(0);
    expect((await findMade(graph, f, await pendingInputs(), new Set([id]), Date.now() - MINUTE)).found).toEqual([]);
    const blind = await findMade(graph, f, await pendingInputs(), new Set(), undefined);
    expect(blind.found.map((x) => [x.id, x.unproven])).toEqual([[id, "the checkpoint does not say when the interrupted run began"]]);
    expect(blind.passedOver).toEqual([]);
});

test("no creation time in Graph (an authentication extension, in the metadata and the emulator): the candidate is unproven", async () => {
    const id = seedObject(emu, auth.family, auth.inputs);
    expect(emu.collections.objects.get(id)!.body.createdDateTime).toBeUndefined();
    const inputs = await pendingInputs(auth);
    const { found, passedOver } = await findMade(graph, families.customAuthenticationExtension, inputs, new Set(), Date.now() - MINUTE);
    expect(found.map((x) => [x.id, x.unproven])).toEqual([[id, "Graph gives no creation time for custom authentication extensions"]]);
    expect(passedOver).toEqual([]);
});

test("the run began after the latest recorded start and the stack resource's creation", () => {
    const cp = {
        version: 3,
        deployment: { resources: [{ urn: "urn:s", type: "pulumi:pulumi:Stack", created: "2026-12-07T10:00:00Z" }] },
    };
    expect(runBeganAfter(cp, [])).toBe(Date.parse("2026-12-07T10:00:00Z"));
    const history = [{ startTime: "2026-12-07T11:00:00.000Z" }, { startTime: "2026-12-07T12:30:00.000Z" }];
    expect(runBeganAfter(cp, history)).toBe(Date.parse("2026-12-07T12:30:00Z"));
    expect(runBeganAfter({ version: 3, deployment: {} }, [])).toBeUndefined();
});
