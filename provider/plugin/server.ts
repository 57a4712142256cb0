// The ResourceProvider gRPC service of pulumi-resource-entra: Pulumi's provider protocol in front of the
// same generic operations the dynamic resources call (provider/operations), for every family of the
// registry. Our own server rather than @pulumi/pulumi/provider's main(): that one ignores the config
// Configure receives, lacks CheckConfig/DiffConfig and passes no stables or detailed diff.

import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as ops from "../operations";
import { familyOfType } from "../families";
import { extraOutputNames, Family, setChange, updateThrough } from "../families/family";
import { containsUnknown, UNKNOWN } from "../families/values";
import { resolveSettings } from "../graph/settings";
import { whereElse } from "../operations/adoption";
import { graphOf } from "../operations/common";
import { derivingFields, fromState } from "../operations/stateForm";
import { configGetter } from "./config";
import { locate } from "./importId";
import { fromStruct, toStruct } from "./properties";
import { buildSchema, PACKAGE_VERSION } from "./schema";
import { unreadableFailures } from "./unreadable";

/** The family of a resource type token (`entra:index:CustomTaskExtension`). */
function familyOf(type: string, urn: string): Family {
    const token = type || (urn.split("::")[2] ?? "").split("$").pop()!;
    const f = token.startsWith("entra:index:") ? familyOfType(token) : undefined;
    if (!f) throw new Error(`pulumi-resource-entra has no resource ${token}`);
    return f;
}

/**
 * What the engine stores: the operations' whole result, secrets wrapped again. An
 * output derived from a field (endpointUrl from endpointConfiguration) is secret exactly when that field holds
 * a secret, as the TypeScript classes have it (a Logic App URL Graph fills carries no signature; a targetUrl
 * with a key in it is the user's secret input already).
 */
function toEngine(f: Family, value: Record<string, unknown>, secretKeys: Set<string>) {
    const derived = Object.entries(derivingFields(f)).filter(([, from]) => secretKeys.has(from));
    return toStruct(value, new Set([...secretKeys, ...derived.map(([k]) => k)]));
}

const union = (...sets: Set<string>[]) => new Set(sets.flatMap((s) => [...s]));

export interface ServerOptions {
    /** Where the engine listens (its Log service shows the operations' notices); none: stderr. */
    engineAddress?: string;
    /** What the operations' context takes beside stack config (tests: the environment that points at an emulator). */
    context?: ops.ContextOptions;
}

/** The service implementation; one per plugin process, which the engine starts per provider instance. */
export function resourceProvider(options: ServerOptions = {}): grpc.UntypedServiceImplementation {
    let log: ((message: string) => void) | undefined;
    if (options.engineAddress) {
        const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
        const { LogRequest, LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");
        const engine = new EngineClient(options.engineAddress, grpc.credentials.createInsecure());
        log = (message) => engine.log(new LogRequest().setSeverity(LogSeverity.INFO).setMessage(message), () => undefined);
    }
    const contextOptions = { ...options.context, ...(log ? { notice: log } : {}) };
    let ctx = ops.createContext(undefined, contextOptions);

    /** A unary handler: errors reach the engine as the operation's message. */
    const unary =
        <Req, Res>(fn: (req: Req) => Promise<Res> | Res) =>
        (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
            Promise.resolve()
                .then(() => fn(call.request))
                .then(
                    (res) => callback(null, res),
                    (e: Error) => callback({ code: grpc.status.UNKNOWN, details: e?.message ?? String(e) }),
                );
        };

    return {
        getPluginInfo: unary(() => new PluginInfo().setVersion(PACKAGE_VERSION)),
        getSchema: unary(() => new rpc.GetSchemaResponse().setSchema(JSON.stringify(buildSchema()))),
        cancel: unary(() => new Empty()),

        checkConfig: unary((req: rpc.CheckRequest) => {
            const news = fromStruct(req.getNews());
            const res = new rpc.CheckResponse().setInputs(req.getNews());
            try {
                resolveSettings((k) => {
                    const v = news.value[k.replace(/^entra:/, "")];
                    return v === undefined || v === UNKNOWN ? undefined : String(v);
                });
            } catch (e) {
                res.addFailures(new rpc.CheckFailure().setProperty("").setReason((e as Error).message));
            }
            return res;
        }),
        diffConfig: unary((req: rpc.DiffRequest) => {
            const olds = fromStruct(req.getOlds()).value;
            const news = fromStruct(req.getNews()).value;
            const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
                (k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
            );
            // New settings reach the same objects through the new endpoint: nothing is replaced.
            return new rpc.DiffResponse()
                .setChanges(keys.length ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE)
                .setDiffsList(keys);
        }),
        configure: unary((req: rpc.ConfigureRequest) => {
            ctx = ops.createContext(configGetter(req), contextOptions, { oneRun: true });
            return new rpc.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true);
        }),

        check: unary(async (req: rpc.CheckRequest | Unreadable) => {
            if (req instanceof Unreadable) {
                const refused = new rpc.CheckResponse();
                for (const x of unreadableFailures(req.bytes))
                    refused.addFailures(new rpc.CheckFailure().setProperty(x.property).setReason(x.reason));
                return refused;
            }
            const f = familyOf(req.getType(), req.getUrn());
            const olds = fromStruct(req.getOlds());
            const news = fromStruct(req.getNews());
            const result = await ops.check(ctx, f.name, { olds: olds.value, news: news.value, secretPaths: news.secretPaths });
            const res = new rpc.CheckResponse().setInputs(toEngine(f, result.inputs, news.secretKeys));
            for (const x of result.failures) res.addFailures(new rpc.CheckFailure().setProperty(x.property).setReason(x.reason));
            return res;
        }),

        diff: unary(async (req: rpc.DiffRequest) => {
            const f = familyOf(req.getType(), req.getUrn());
            const olds = fromStruct(req.getOlds());
            const news = fromStruct(req.getNews());
            const { id } = locate(f, req.getId(), olds.value);
            const result = await ops.diff(ctx, f.name, { id, olds: olds.value, news: news.value, secretPaths: news.secretPaths });
            // Which fields changed, as the operations compared them (each field's own sameness): the CLI shows these.
            const { changed, replaces } = result;
            const before = fromState(f, olds.value);
            const after = fromState(f, news.value);
            const res = new rpc.DiffResponse()
                .setChanges(changed.length ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE)
                .setReplacesList(replaces)
                .setStablesList(result.stables)
                .setDeletebeforereplace(result.deleteBeforeReplace)
                .setDiffsList(changed)
                .setHasdetaileddiff(true);
            const K = rpc.PropertyDiff.Kind;
            for (const name of changed) {
                const replace = replaces.includes(name);
                // A set changed in place shows as the items added and removed, each at its place, not as every place that moved.
                const nav = updateThrough(f.fields.find((x) => x.name === name)!);
                if (typeof nav === "object" && !replace && before[name] !== undefined && !containsUnknown(after[name])) {
                    const at = nav.path.split("/").join(".");
                    const { added, removed } = setChange(nav, before[name], after[name]);
                    const kinds = new Map<number, number>(removed.map(([, i]) => [i, K.DELETE]));
                    for (const [, i] of added) kinds.set(i, kinds.has(i) ? K.UPDATE : K.ADD);
                    for (const [i, kind] of kinds) res.getDetaileddiffMap().set(`${at}[${i}]`, new rpc.PropertyDiff().setKind(kind));
                    continue;
                }
                const kind =
                    before[name] === undefined
                        ? replace
                            ? K.ADD_REPLACE
                            : K.ADD
                        : after[name] === undefined
                          ? replace
                              ? K.DELETE_REPLACE
                              : K.DELETE
                          : replace
                            ? K.UPDATE_REPLACE
                            : K.UPDATE;
                res.getDetaileddiffMap().set(name, new rpc.PropertyDiff().setKind(kind));
            }
            return res;
        }),

        create: unary(async (req: rpc.CreateRequest) => {
            const f = familyOf(req.getType(), req.getUrn());
            const inputs = fromStruct(req.getProperties());
            if (req.getPreview()) {
                // What Graph sets is not known before it does.
                const computed = Object.fromEntries(extraOutputNames(f).map((k) => [k, UNKNOWN]));
                return new rpc.CreateResponse().setProperties(toEngine(f, { ...computed, ...inputs.value }, inputs.secretKeys));
            }
            const result = await ops.create(ctx, f.name, { inputs: inputs.value, secretPaths: inputs.secretPaths });
            return new rpc.CreateResponse().setId(result.id).setProperties(toEngine(f, result.outputs, inputs.secretKeys));
        }),

        read: unary(async (req: rpc.ReadRequest) => {
            const f = familyOf(req.getType(), req.getUrn());
            const state = fromStruct(req.getProperties());
            const held = fromStruct(req.getInputs());
            const { id, props } = locate(f, req.getId(), state.value);
            // `pulumi import` reads with no state (what locate adds to address the object is not the stack's state).
            const refresh = Object.keys(state.value).length > 0;
            const result = await ops.read(ctx, f.name, { id, state: props, secretPaths: state.secretPaths, refresh });
            // An import's id not found says where it is instead, as a program's adoption does.
            if (!("outputs" in result) && !refresh)
                throw new Error(`cannot import: ${await whereElse(graphOf(ctx, f), f, fromState(f, props), id)}`);
            const res = new rpc.ReadResponse().setId(result.id);
            if (!("outputs" in result)) return res;
            const secretKeys = union(state.secretKeys, held.secretKeys);
            return res.setProperties(toEngine(f, result.outputs, secretKeys)).setInputs(toEngine(f, result.inputs, secretKeys));
        }),

        update: unary(async (req: rpc.UpdateRequest) => {
            const f = familyOf(req.getType(), req.getUrn());
            const olds = fromStruct(req.getOlds());
            const news = fromStruct(req.getNews());
            const { id } = locate(f, req.getId(), olds.value);
            if (req.getPreview()) {
                // What Graph sets again on an update (a new version, a modification time) is not known before it does.
                const computed = Object.fromEntries(extraOutputNames(f).map((k) => [k, UNKNOWN]));
                return new rpc.UpdateResponse().setProperties(toEngine(f, { ...olds.value, ...computed, ...news.value }, news.secretKeys));
            }
            const result = await ops.update(ctx, f.name, { id, olds: olds.value, news: news.value, secretPaths: news.secretPaths });
            return new rpc.UpdateResponse().setProperties(toEngine(f, result.outputs, news.secretKeys));
        }),

        delete: unary(async (req: rpc.DeleteRequest) => {
            const f = familyOf(req.getType(), req.getUrn());
            const state = fromStruct(req.getProperties());
            const { id, props } = locate(f, req.getId(), state.value);
            await ops.remove(ctx, f.name, { id, state: props, secretPaths: state.secretPaths });
            return new Empty();
        }),
    };
}

/** A Check request google-protobuf could not parse (unreadable.ts). */
class Unreadable {
    constructor(readonly bytes: Uint8Array) {}
}

/** The service, with a Check that answers an unparsable request with a refusal instead of failing the call. */
const SERVICE = {
    ...ResourceProviderService,
    check: {
        ...ResourceProviderService.check,
        requestDeserialize: (bytes: Buffer) => {
            try {
                return ResourceProviderService.check.requestDeserialize(bytes);
            } catch {
                return new Unreadable(bytes);
            }
        },
    },
};

/** Serves the provider on a free loopback port and resolves with it (the engine reads it from stdout). */
export async function serve(options: ServerOptions = {}): Promise<{ port: number; server: grpc.Server }> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 1 << 28, "grpc.max_send_message_length": 1 << 28 });
    server.addService(SERVICE as grpc.ServiceDefinition, resourceProvider(options));
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    return { port, server };
}
