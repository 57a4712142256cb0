// Property tests of check through the native plugin's face: its gRPC Check, served in process on loopback
// (provider/plugin/server.ts) and called as the engine calls it, with a Struct of the program's inputs
// (some of them secret envelopes). The same inputs as test/checkProperties.test.ts, fewer of them: Check
// answers every one with a CheckResponse (never a gRPC error), its failures name a property in readable
// words, and Graph hears only the documented look-ups.
import * as grpc from "@grpc/grpc-js";
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { families, Family, FamilyName } from "../provider/families";
import { serve } from "../provider/plugin/server";
import { SECRET_SIG, SIG_KEY } from "../provider/plugin/properties";
import { secretsAt } from "../provider/operations/secrets";
import { holds, inputsOf } from "./support/arbitraries";
import { expectLookups, expectReadable, summary } from "./support/checkExpectations";
import { emulatorEnv } from "./support/setup";

/** Inputs per family: a third of the dynamic providers' run (ENTRA_PROPERTY_RUNS raises both). */
const RUNS = Math.ceil(Number(process.env.ENTRA_PROPERTY_RUNS ?? 150) / 3);
/**
 * google-protobuf's Struct, on either side of the wire, recurses: deeper values fail in the library (the
 * client's serializer here, the server's parser at about 1,500 levels) before the provider sees them.
 */
const WIRE_DEPTH = 1_000;

let emu: GraphEmulator;
let server: grpc.Server;
let client: InstanceType<typeof ResourceProviderClient>;
const measured: string[] = [];

const call = <Req, Res>(method: string, req: Req): Promise<Res> =>
    new Promise((resolve, reject) => (client as any)[method](req, (e: Error | null, res: Res) => (e ? reject(e) : resolve(res))));

beforeAll(async () => {
    emu = await startEmulator();
    const served = await serve({ context: { env: emulatorEnv(emu), notice: () => undefined } });
    server = served.server;
    client = new ResourceProviderClient(`127.0.0.1:${served.port}`, grpc.credentials.createInsecure());
    await call("configure", new rpc.ConfigureRequest());
});
afterAll(async () => {
    client.close();
    server.forceShutdown();
    await emu.close();
    process.stdout.write(`plugin Check properties (${RUNS} inputs a family):\n${measured.join("\n")}\n`);
});

/** How deep a value nests (objects and lists), counted without recursion. */
function depthOf(v: unknown): number {
    let deepest = 0;
    const pending: [unknown, number][] = [[v, 0]];
    while (pending.length) {
        const [x, d] = pending.pop()!;
        deepest = Math.max(deepest, d);
        if (x && typeof x === "object") for (const y of Object.values(x)) pending.push([y, d + 1]);
    }
    return deepest;
}

/** The inputs as the engine sends them: JSON values, and each property named in `secret` inside a secret envelope. */
function struct(news: Record<string, unknown>, secret: string | undefined): Struct {
    const plain: Record<string, any> = {};
    for (const [k, v] of Object.entries(news)) {
        if (v === undefined) continue;
        plain[k] = k === secret ? { [SIG_KEY]: SECRET_SIG, value: v } : v;
    }
    return Struct.fromJavaScript(plain);
}

describe.each(Object.keys(families) as FamilyName[])("%s", (name) => {
    const f = families[name] as Family;
    test("Check answers every mistaken input with readable failures, over gRPC, asking Graph only the documented look-ups", async () => {
        const times: number[] = [];
        const type = `entra:index:${f.resourceType}`;
        const inputs = inputsOf(name, f).filter((news) => depthOf(news) < WIRE_DEPTH);
        await holds(
            fc.asyncProperty(inputs, fc.option(fc.constantFrom(...f.fields.map((x) => x.name))), async (news, secret) => {
                const wire = struct(news, secret ?? undefined);
                const req = new rpc.CheckRequest()
                    .setUrn(`urn:pulumi:dev::properties::${type}::r`)
                    .setType(type)
                    .setOlds(new Struct())
                    .setNews(wire);
                const since = emu.log.length;
                const started = performance.now();
                const res = await call<rpc.CheckRequest, rpc.CheckResponse>("check", req); // a gRPC error rejects: a crash
                times.push(performance.now() - started);
                // The keys as the wire has them: google-protobuf's map turns a `__proto__` key into others on the way.
                const sent = wire.toJavaScript();
                const failures = res.getFailuresList().map((x) => ({ property: x.getProperty(), reason: x.getReason() }));
                expectReadable(f, { ...news, ...sent }, failures, secretsAt(news, secret ? [secret] : []));
                expectLookups(f, news, emu.log.slice(since));
            }),
            RUNS,
        );
        measured.push(`  ${name}: ${summary(times)}`);
    });
});

test("an unknown key whose shown start is a secret's start is named redacted, still as a key of the input (property-found)", async () => {
    const f = families.authenticationEventListener as Family;
    const type = `entra:index:${f.resourceType}`;
    const news = { eventType: "onTokenIssuanceStart", displayName: "Claims", handler: "x".repeat(5000), ["x".repeat(3002)]: 1 };
    const req = new rpc.CheckRequest()
        .setUrn(`urn:pulumi:dev::properties::${type}::r`)
        .setType(type)
        .setOlds(new Struct())
        .setNews(struct(news, "handler"));
    const res = await call<rpc.CheckRequest, rpc.CheckResponse>("check", req);
    const failures = res.getFailuresList().map((x) => ({ property: x.getProperty(), reason: x.getReason() }));
    expect(failures.map((x) => x.reason)).toContainEqual(expect.stringMatching(/^\["\[secret\]…/));
    expect(failures.map((x) => x.reason).join("\n")).not.toContain("xxxxxxxx");
    expectReadable(f, news, failures, secretsAt(news, ["handler"]));
    expect(() => expectReadable(f, news, failures)).toThrow(/names no property/);
});

test("a value too deep for the protobuf library to parse is refused naming its property, not failed as a gRPC call", async () => {
    // Written byte by byte (the library cannot write it either): a Value of a Struct of one entry, 5,000 levels deep.
    const varint = (n: number) => {
        const out: number[] = [];
        for (; n > 0x7f; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80);
        return Buffer.from([...out, n]);
    };
    const field = (n: number, bytes: Buffer) => Buffer.concat([varint(n * 8 + 2), varint(bytes.length), bytes]);
    const entry = (key: string, value: Buffer) => field(1, Buffer.concat([field(1, Buffer.from(key)), field(2, value)]));
    let value = field(3, Buffer.from("x")); // string_value
    for (let i = 0; i < 5_000; i++) value = field(5, entry("a", value)); // struct_value
    const type = "entra:index:LifecycleWorkflow";
    const request = Buffer.concat([
        field(1, Buffer.from(`urn:pulumi:dev::properties::${type}::r`)),
        field(3, Buffer.concat([entry("category", field(3, Buffer.from("joiner"))), entry("displayName", value)])),
        field(7, Buffer.from(type)),
    ]);
    const res = await new Promise<rpc.CheckResponse>((resolve, reject) =>
        client.makeUnaryRequest(
            "/pulumirpc.ResourceProvider/Check",
            (b: Buffer) => b,
            (b: Buffer) => rpc.CheckResponse.deserializeBinary(new Uint8Array(b)),
            request,
            (e, r) => (e ? reject(e) : resolve(r!)),
        ),
    );
    expect(res.getFailuresList().map((x) => x.getReason())).toEqual([
        "displayName: nests deeper than the plugin's protobuf library can read (about a thousand levels), " +
            "far more than Graph reads in a request body (200 levels)",
    ]);
});
