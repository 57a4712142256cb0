// Property tests of check, the dynamic providers' face, for every family of the registry (fast-check): a
// program's inputs with the mistakes programs make (support/arbitraries.ts) never make check throw; every
// failure names a property and says why in readable words; Graph hears nothing but the look-ups check is
// documented to make (docs/validation-rules.md); keys such as `toString` are refused or accepted as any
// other key is; nothing reaches Object.prototype. Each family's count of inputs and time is printed.
import fc from "fast-check";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { families, Family, FamilyName } from "../provider/families";
import { PROTOTYPE_KEYS, baseInputs, copy, holds, inputsOf, objectsIn, setOwn, strangeValue } from "./support/arbitraries";

/** Whether any key or string anywhere in `v` contains one of `texts`, read with a stack of its own (no recursion). */
function holdsText(v: unknown, texts: readonly string[]): boolean {
    const pending: unknown[] = [v];
    while (pending.length) {
        const x = pending.pop();
        if (typeof x === "string" && texts.some((t) => x.includes(t))) return true;
        if (x && typeof x === "object")
            for (const k of Object.keys(x)) {
                if (texts.some((t) => k.includes(t))) return true;
                pending.push((x as Record<string, unknown>)[k]);
            }
    }
    return false;
}
import { CRASH, clip, expectLookups, expectReadable, summary } from "./support/checkExpectations";
import { Providers, providersFor } from "./support/setup";

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

/** Runs check once, timed; the time goes to `times`. */
async function timedCheck(name: FamilyName, news: Record<string, unknown>, times: number[]) {
    const started = performance.now();
    const r = await P[name].check({}, news);
    times.push(performance.now() - started);
    return r;
}

/**
 * A reason given for the key, written as it would read for the stand-in: the key replaced; where a value shown cut
 * short is cut inside the key (`"isPrototypeO…"`), the key's start before the `…` too (when that gives `other`:
 * the same few letters may stand before a `…` by chance elsewhere).
 */
function asStandIn(reason: string, key: string, standIn: string, other: string | undefined): string {
    const whole = reason.split(key).join(standIn);
    for (let i = key.length - 1; i > 0; i--) {
        const cut = whole.split(`${key.slice(0, i)}…`).join(`${standIn.slice(0, i)}…`);
        if (cut === other) return cut;
    }
    return whole;
}

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
                // A base that holds a prototype key already would tell the two apart by it alone.
                // (Read without recursion: a base may be too deep for JSON.stringify, as the bounds test's are.)
                fc.pre(!holdsText(base, PROTOTYPE_KEYS));
                const withKey = copy(base);
                const objects = objectsIn(withKey);
                const target = objects[at % objects.length];
                // At the top, a key starting with __ is bookkeeping (the resource classes' `__secrets`): so is its stand-in.
                // Of the key's length, so that a value shown cut short is cut at the same place for both.
                const standIn =
                    target === withKey && key.startsWith("__") ? `__${"s".repeat(Math.max(1, key.length - 2))}` : "s".repeat(key.length);
                setOwn(target, key, value);
                const withStandIn = copy(base);
                setOwn(objectsIn(withStandIn)[at % objects.length], standIn, value);
                const a = await timedCheck(name, withKey, times);
                const b = await timedCheck(name, withStandIn, times);
                const said = (r: typeof a) => (r.failures ?? []).map((x) => x.reason);
                expect(said(a).map((x, i) => asStandIn(x, key, standIn, said(b)[i]))).toEqual(said(b));
                warnings.length = 0;
            }),
            KEY_RUNS,
        );
        measured.push(`  ${name} (prototype keys): ${summary(times)}`);
    });
});
