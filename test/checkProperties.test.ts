// Property tests of check, the dynamic providers' face, for every family of the registry (fast-check): a
// program's inputs with the mistakes programs make (support/arbitraries.ts) never make check throw; every
// failure names a property and says why in readable words; Graph hears nothing but the look-ups check is
// documented to make (docs/validation-rules.md); keys such as `toString` are refused or accepted as any
// other key is; nothing reaches Object.prototype. Each family's count of inputs and time is printed.
import fc from "fast-check";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { families, Family, FamilyName } from "../provider/extensions";
import { ADOPT_KEY } from "../provider/operations/adoption";
import { PROTOTYPE_KEYS, baseInputs, copy, holds, inputsOf, objectsIn, setOwn, strangeValue } from "./support/arbitraries";
import { Providers, providersFor } from "./support/setup";
import { RequestLogEntry } from "../provider/emulator/server";
import { pathTo } from "../provider/extensions/values";

/** Inputs per family (ENTRA_PROPERTY_RUNS raises it for a longer search). */
const RUNS = Number(process.env.ENTRA_PROPERTY_RUNS ?? 150);
const KEY_RUNS = Math.ceil(RUNS / 3);

let emu: GraphEmulator;
let P: Providers;
const warnings: string[] = [];
const measured: string[] = [];
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
beforeAll(async () => {
    emu = await startEmulator();
    P = providersFor(emu, {}, { notice: (m) => warnings.push(m) });
});
afterAll(async () => {
    await emu.close();
    process.stdout.write(`check properties (${RUNS} inputs a family, ${KEY_RUNS} for prototype keys):\n${measured.join("\n")}\n`);
});
afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
});

/** What JavaScript says when it crashes, or renders a value it should not. */
const CRASH = new RegExp(
    [
        /\[object \w+\]/,
        /Maximum call stack/,
        /is not a function/,
        /Cannot read propert/,
        /Cannot convert (?:object|undefined|null)/,
        /\bNaN\b/,
    ]
        .map((r) => r.source)
        .join("|"),
);
/** A control character printed as it is (a message shows it escaped, as JSON does). */
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20);
/** A long text as an error shows it: its start and its end. */
const clip = (s: string) => (s.length <= 600 ? s : `${s.slice(0, 300)} … ${s.slice(-300)}`);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Each failure is `<path>: <reason>`, the path starting at a field or at a key the input has; short, printable words. */
function expectReadable(f: Family, news: Record<string, unknown>, failures: { property: string; reason: string }[]) {
    // The resource options behind `__adopt` are named as the program names them, and adoption's refusals say
    // what they could not adopt ("cannot adopt by displayName: ...").
    const adopts = news[ADOPT_KEY] !== undefined;
    const options = adopts ? ["import", "importByDisplayName", "updateOnImport"] : [];
    const roots = [...f.fields.map((x) => x.name), ...Object.keys(news).map((k) => pathTo("", k)), ...options];
    expect(failures.length).toBeLessThan(200);
    for (const { reason } of failures) {
        const root = roots.find((r) => reason.startsWith(r) && /^(?:[.[].*?)?: \S/s.test(reason.slice(r.length)));
        if (!root && !(adopts && /^cannot (?:adopt|look up the object to adopt)\b[^:]*: \S/.test(reason)))
            throw new Error(`a failure that names no property of the input: ${clip(reason)}`);
        if (CRASH.test(reason) || LONE_SURROGATE.test(reason) || hasControl(reason) || reason.length > 2000)
            throw new Error(`an unreadable failure: ${clip(reason)}`);
    }
}

/** Graph hears only GETs, and only from a family that asks Graph about what it names or a program that adopts. */
function expectLookups(f: Family, news: Record<string, unknown>, requests: RequestLogEntry[]) {
    const adopts = news[ADOPT_KEY] !== undefined;
    const writes = requests.filter((r) => r.method !== "GET");
    if (writes.length) throw new Error(`check wrote to Graph: ${writes.map((r) => `${r.method} ${r.path}`).join(", ")}`);
    if (!f.references && !adopts && requests.length) throw new Error(`check read Graph: ${requests.map((r) => r.path).join(", ")}`);
    if (requests.length > (adopts ? 10 : 2))
        throw new Error(`check made ${requests.length} look-ups: ${requests.map((r) => r.path).join(", ")}`);
}

/** Runs check once, timed; the time goes to `times`. */
async function timedCheck(name: FamilyName, news: Record<string, unknown>, times: number[]) {
    const started = performance.now();
    const r = await P[name].check({}, news);
    times.push(performance.now() - started);
    return r;
}

const summary = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    const total = sorted.reduce((a, b) => a + b, 0);
    const [median, slowest] = [sorted[sorted.length >> 1].toFixed(1), sorted[sorted.length - 1].toFixed(0)];
    return `${times.length} inputs in ${(total / 1000).toFixed(2)} s (median ${median} ms, slowest ${slowest} ms)`;
};

describe.each(Object.keys(families) as FamilyName[])("%s", (name) => {
    const f = families[name] as Family;

    test("every mistaken input is refused in readable words, with no request but the documented look-ups", async () => {
        const times: number[] = [];
        await holds(
            fc.asyncProperty(inputsOf(name, f), async (news) => {
                const since = emu.log.length;
                const r = await timedCheck(name, news, times);
                expectReadable(f, news, r.failures ?? []);
                expectLookups(f, news, emu.log.slice(since));
                for (const w of warnings.splice(0))
                    if (CRASH.test(w) || w.length > 2000) throw new Error(`an unreadable warning: ${clip(w)}`);
            }),
            RUNS,
        );
        measured.push(`  ${name}: ${summary(times)}`);
    });

    test("a key such as toString, constructor or __proto__ is refused or accepted as any other key is", async () => {
        const times: number[] = [];
        const small = strangeValue.filter((v) => {
            try {
                const text = JSON.stringify(v ?? null);
                return text.length < 2000 && !PROTOTYPE_KEYS.some((k) => text.includes(k)); // the key alone tells the two apart
            } catch {
                return false; // thousands of levels deep: the other test's
            }
        });
        await holds(
            fc.asyncProperty(baseInputs(name, f), fc.nat(), fc.constantFrom(...PROTOTYPE_KEYS), small, async (base, at, key, value) => {
                const withKey = copy(base);
                const objects = objectsIn(withKey);
                const target = objects[at % objects.length];
                // At the top, a key starting with __ is bookkeeping (the resource classes' `__secrets`): so is its stand-in.
                const standIn = target === withKey && key.startsWith("__") ? "__standIn" : "standIn";
                setOwn(target, key, value);
                const withStandIn = copy(base);
                setOwn(objectsIn(withStandIn)[at % objects.length], standIn, value);
                const a = await timedCheck(name, withKey, times);
                const b = await timedCheck(name, withStandIn, times);
                const reasons = (r: typeof a, k: string) => (r.failures ?? []).map((x) => x.reason.split(k).join("KEY"));
                expect(reasons(a, key)).toEqual(reasons(b, standIn));
                warnings.length = 0;
            }),
            KEY_RUNS,
        );
        measured.push(`  ${name} (prototype keys): ${summary(times)}`);
    });
});
