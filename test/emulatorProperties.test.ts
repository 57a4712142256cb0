// Property test of the emulator's HTTP surface (fast-check): random requests on the paths the registry's
// families use, and on paths that are none of them, with random bodies (JSON of every shape, bodies that are
// not JSON, deep, large, with prototype keys). Every answer is an answer: never a 500, never a dropped
// connection, and every error carries Graph's error body; the emulator still answers afterwards, and
// nothing reaches Object.prototype. The count of requests and the time are printed.
import http from "node:http";
import fc from "fast-check";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { families, Family } from "../provider/families";
import { fromInputs, toGraph } from "../provider/families/canonical";
import { MAX_JSON_BYTES } from "../provider/families/bounds";
import { holds, mutate, strangeValue } from "./support/arbitraries";
import { summary } from "./support/checkExpectations";
import { seedsOf } from "./support/seeds";

/** Requests in the run (ENTRA_PROPERTY_RUNS raises it with the other property tests). */
const RUNS = Number(process.env.ENTRA_PROPERTY_RUNS ?? 150) * 2;

let emu: GraphEmulator;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());

interface Answer {
    status: number;
    text: string;
}

/** One request over a fresh connection; a dropped connection rejects. */
function request(method: string, path: string, body: Buffer | undefined, headers: Record<string, string>): Promise<Answer> {
    const url = new URL(emu.url);
    return new Promise((resolve, reject) => {
        const length = body ? { "content-length": String(body.length) } : {}; // a GET's body too, as clients send one
        const req = http.request(
            { host: url.hostname, port: url.port, method, path, headers: { ...headers, ...length }, agent: false },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
                res.on("error", reject);
            },
        );
        req.on("error", reject);
        req.end(body);
    });
}

const familyList = Object.values(families) as Family[];

/** Graph JSON a family's seeds turn into (what the provider sends), for bodies close to valid ones. */
const graphBodies = (f: Family) =>
    seedsOf(f.name as keyof typeof families).map((seed) => {
        const { canonical } = fromInputs(f, seed);
        try {
            return toGraph(f, canonical, { withType: true });
        } catch {
            return canonical;
        }
    });

/** A path segment as a client might write it: ids, names Graph uses, and what no path should hold. */
const segment = fc.oneof(
    fc.constantFrom(
        "{id}",
        "{id}",
        "{id}",
        "createNewVersion",
        "restore",
        "validateAuthenticationConfiguration",
        "conditions",
        "$ref",
        "$count",
        "..",
    ),
    fc.constantFrom("%", "%zz", "%00", "%E0%A4%A", "%2F", "a%20b", "é", "\u0000"),
    fc.uuid(),
    fc.string({ maxLength: 12 }),
    fc.constant("x".repeat(3_000)),
);

/** A segment as a client sends it: as it is where it may be, else percent-encoded (Node refuses to send a raw space). */
const encode = (s: string) => (/^[\w.{}$%-]*$/.test(s) ? s : encodeURIComponent(s));

/** A path of a family's collection (with a catalog where it lives in one), mostly; sometimes another path. */
const pathOf = (f: Family) =>
    fc
        .tuple(
            fc.oneof(
                { weight: 6, arbitrary: fc.constant("/v1.0") },
                { weight: 1, arbitrary: fc.constantFrom("/beta", "", "/v2.0", "/subscriptions/00000000-0000-0000-0000-000000000000") },
            ),
            fc.oneof(
                { weight: 6, arbitrary: fc.constant(f.collectionPath({ catalogId: DEFAULT_CATALOG_ID }, "v1.0")) },
                { weight: 1, arbitrary: fc.constant("/identityGovernance/entitlementManagement/catalogs") },
                { weight: 1, arbitrary: fc.array(segment, { maxLength: 3 }).map((s) => `/${s.map(encode).join("/")}`) },
            ),
            fc.oneof(
                { weight: 3, arbitrary: fc.constant([]) },
                { weight: 2, arbitrary: fc.array(segment, { minLength: 1, maxLength: 3 }) },
            ),
            fc.option(
                fc.constantFrom("?$top=0", "?$top=1000", "?$top=x", "?$skiptoken=%zz", "?$skiptoken=bzo5OQ", "?$filter=x", "?$expand=*"),
            ),
        )
        .map(([version, collection, rest, query]) => `${version}${collection}${rest.map((s) => `/${encode(s)}`).join("")}${query ?? ""}`);

/** A body: none, the family's Graph JSON (as sent, or mutated), any JSON, JSON that is strange, and text that is not JSON. */
const bodyOf = (f: Family): fc.Arbitrary<Buffer | undefined> =>
    fc.oneof(
        { weight: 1, arbitrary: fc.constant(undefined) },
        {
            weight: 4,
            arbitrary: fc
                .tuple(
                    fc.constantFrom(...graphBodies(f)),
                    fc.array(fc.record({ op: fc.constant("inner" as const), at: fc.nat(), value: strangeValue }), { maxLength: 2 }),
                )
                .map(([b, mutations]) => Buffer.from(safeJson(mutate(f, b, mutations)))),
        },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v))) },
        { weight: 2, arbitrary: strangeValue.filter((v) => v !== undefined).map((v) => Buffer.from(safeJson(v))) },
        { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((s) => Buffer.from(s)) },
        { weight: 1, arbitrary: fc.constantFrom("{", "[1,", '{"a":}', "\u0000", "nul").map((s) => Buffer.from(s)) },
    );

/** One request: a family, a verb, a path, a body; `{id}` in the path stands for an object the emulator holds. */
const requestArb = fc
    .constantFrom(...familyList)
    .chain((f) => fc.tuple(fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE"), pathOf(f), bodyOf(f), fc.nat()));

/** JSON of a value of any depth (JSON.stringify recurses): deep values written by hand. */
function safeJson(v: unknown): string {
    try {
        return JSON.stringify(v ?? null);
    } catch {
        return `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    }
}

const headersArb = fc.record({
    authorization: fc.oneof(
        { weight: 9, arbitrary: fc.constant("valid") },
        { weight: 1, arbitrary: fc.constantFrom("", "Bearer", "Bearer wrong") },
    ),
    contentType: fc.constantFrom("application/json", "text/plain", "", "application/json; charset=utf-16"),
    prefer: fc.constantFrom("", "include-unknown-enum-members", "return=minimal"),
});

test("every request gets an answer: no 500, no dropped connection, Graph's error body on every error", async () => {
    const times: number[] = [];
    const statuses = new Map<number, number>();
    let runs = 0;
    await holds(
        fc.asyncProperty(requestArb, headersArb, async ([method, written, body, pick], h) => {
            if (++runs % 50 === 0) emu.reset(); // what random POSTs made stays small
            const held = emu.objects();
            const path = written.replace("{id}", held.length ? encodeURIComponent(held[pick % held.length].id) : "{id}");
            const headers: Record<string, string> = {
                authorization: h.authorization === "valid" ? `Bearer ${emu.token}` : h.authorization,
            };
            if (h.contentType) headers["content-type"] = h.contentType;
            if (h.prefer) headers.prefer = h.prefer;
            const started = performance.now();
            const answer = await request(method, path, body, headers);
            times.push(performance.now() - started);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (answer.status >= 500 || answer.status < 200)
                throw new Error(`${method} ${path.slice(0, 200)} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
            if (answer.status >= 400) {
                let error: { code?: unknown; message?: unknown } | undefined;
                try {
                    error = JSON.parse(answer.text)?.error;
                } catch {
                    error = undefined;
                }
                if (
                    typeof error?.code !== "string" ||
                    typeof error?.message !== "string" ||
                    /\[object |Maximum call stack/.test(error.message as string)
                )
                    throw new Error(
                        `${method} ${path.slice(0, 200)} answered ${answer.status} without Graph's error body: ` +
                            answer.text.slice(0, 500),
                    );
            }
        }),
        RUNS,
    );
    // Still answering, and nothing leaked into every object.
    const after = await request("GET", "/v1.0/identity/customAuthenticationExtensions", undefined, {
        authorization: `Bearer ${emu.token}`,
    });
    expect(after.status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    const answered = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    process.stdout.write(`emulator HTTP properties: ${summary(times)}; answers ${answered.join(", ")}\n`);
});

test("a body over Graph's 4 MB write limit is refused with 413 and Graph's error body, and the connection is answered", async () => {
    const body = Buffer.from(JSON.stringify({ displayName: "x".repeat(MAX_JSON_BYTES) }));
    const answer = await request("POST", "/v1.0/identityGovernance/lifecycleWorkflows/customTaskExtensions", body, {
        authorization: `Bearer ${emu.token}`,
        "content-type": "application/json",
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error.code).toBe("RequestEntityTooLarge");
});
