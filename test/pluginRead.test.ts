// The plugin's Read over gRPC, as `pulumi import` sends it (no state) and as a refresh sends it (the state): only a
// refresh shows the provider a resource of this stack (ownership.ts's evidence for a create that meets its object).
// An import's read of an access package extension carries its catalog in the id (`<catalogId>/<id>`), not in state.
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { families } from "../provider/families";
import { serve } from "../provider/plugin/server";
import { seedObject } from "../scripts/tenantSeed";
import { fixtures } from "./support/fixtures";
import { emulatorEnv } from "./support/setup";

let emu: GraphEmulator;
let server: grpc.Server;
let client: InstanceType<typeof ResourceProviderClient>;

const call = <Req, Res>(method: string, req: Req): Promise<Res> =>
    new Promise((resolve, reject) => (client as any)[method](req, (e: Error | null, res: Res) => (e ? reject(e) : resolve(res))));

beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
    emu.reset();
    // A fresh plugin process per test: one engine operation each.
    const served = await serve({ context: { env: emulatorEnv(emu), notice: () => undefined } });
    server = served.server;
    client = new ResourceProviderClient(`127.0.0.1:${served.port}`, grpc.credentials.createInsecure());
    await call("configure", new rpc.ConfigureRequest());
});
afterEach(() => {
    client.close();
    server.forceShutdown();
});

const ap = fixtures[1];
const f = families.accessPackageWorkflowExtension;
const type = `entra:index:${f.resourceType}`;
const urn = (name: string) => `urn:pulumi:dev::p::${type}::${name}`;

async function create(name: string): Promise<string> {
    const checked = await call<rpc.CheckRequest, rpc.CheckResponse>(
        "check",
        new rpc.CheckRequest()
            .setUrn(urn(name))
            .setType(type)
            .setOlds(new Struct())
            .setNews(Struct.fromJavaScript(ap.inputs as any)),
    );
    const res = await call<rpc.CreateRequest, rpc.CreateResponse>(
        "create",
        new rpc.CreateRequest().setUrn(urn(name)).setType(type).setProperties(checked.getInputs()!),
    );
    return res.getId();
}

test("an import's read (no state) shows nothing: a create like it makes its own object, never takes the imported one", async () => {
    const theirs = seedObject(emu, ap.family, ap.inputs);
    const read = await call<rpc.ReadRequest, rpc.ReadResponse>(
        "read",
        new rpc.ReadRequest()
            .setUrn(urn("imported"))
            .setType(type)
            .setId(`${String(ap.inputs.catalogId)}/${theirs}`),
    );
    expect(read.getId()).toBe(theirs);
    emu.clearLog();
    // The imported object is the importing resource's to stand for; Graph allows a second of the same name here.
    const made = await create("other");
    expect(made).not.toBe(theirs);
    expect(emu.writes().map((w) => w.method)).toEqual(["POST"]);
    expect(
        emu
            .objects()
            .map((o) => o.id)
            .sort(),
    ).toEqual([theirs, made].sort());
});

test("a refresh's read (the state) shows this stack's object: a create like it, no resource standing for it, takes it over", async () => {
    const ours = seedObject(emu, ap.family, ap.inputs);
    const state = Struct.fromJavaScript({ ...(ap.inputs as any), id: ours });
    await call("read", new rpc.ReadRequest().setUrn(urn("old")).setType(type).setId(ours).setProperties(state));
    emu.clearLog();
    expect(await create("renamed")).toBe(ours);
    expect(emu.writes()).toEqual([]);
});
