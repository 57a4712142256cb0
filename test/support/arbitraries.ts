// fast-check arbitraries for the property tests of check (test/properties/): a program's inputs for any
// family of the registry, built from what its fields declare (name, required, choices, default) and the
// seeds (support/seeds.ts), then mutated the ways programs get inputs wrong. Nothing here names a family or
// a field: a new one is covered as soon as it is in the registry. When fields declare their shape (type,
// range, members), `validValues` is the one place that reads it.
import fc from "fast-check";
import type { Family, Field } from "../../provider/families/family";
import { MAX_DEPTH, MAX_JSON_BYTES } from "../../provider/families/bounds";
import { UNKNOWN } from "../../provider/families/values";
import { FamilyName } from "../../provider/families";
import { seedsOf, seenValues } from "./seeds";

/** Names every object inherits: as keys of input they must mean nothing but a key. */
export const PROTOTYPE_KEYS = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "prototype"];

/** Sets an own property as JSON.parse does: a `__proto__` key stays a key. */
export function setOwn(o: object, key: string, value: unknown): void {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value `levels` objects (or lists) deep. */
export function nested(levels: number, list = false): unknown {
    let v: unknown = "bottom";
    for (let i = 0; i < levels; i++) v = list ? [v] : { a: v };
    return v;
}

const controlString = fc.string({
    unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 20,
});
const longString = fc.constantFrom(200, 5_000, 100_000).chain((n) => fc.constantFrom("a", "é", "𝔘", "\u0000").map((c) => c.repeat(n)));
const keyArb = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
    { weight: 1, arbitrary: controlString },
    { weight: 1, arbitrary: fc.constantFrom("@odata.type", "x@odata.bind", "id", "a.b", "[0]", "", "x".repeat(3000)) },
);

/** An object holding prototype keys (own properties) beside ordinary ones. */
const protoObject = fc
    .tuple(fc.uniqueArray(fc.constantFrom(...PROTOTYPE_KEYS), { minLength: 1, maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }))
    .map(([keys, v]) => {
        const o: Record<string, unknown> = { ok: "x" };
        for (const k of keys) setOwn(o, k, v);
        return o;
    });

/** The mistakes a program makes in one value: wrong types, blanks, sizes, depths and shapes. */
export const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(null, "", "   ", true, false, 0, -0, -1, 0.5, 2 ** 53 + 1, 1e308, UNKNOWN) },
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
    { weight: 1, arbitrary: controlString },
    { weight: 2, arbitrary: longString },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 2, arbitrary: protoObject },
    {
        weight: 1,
        arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 2, maxLength: 4 }).map((items) => items.map((x) => ({ x }))),
    },
    {
        weight: 2,
        arbitrary: fc
            .tuple(fc.constantFrom(MAX_DEPTH - 2, MAX_DEPTH + 1, 1_000, 5_000), fc.boolean())
            .map(([levels, list]) => nested(levels, list)),
    },
    {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(30, 1_000, 5_000), fc.jsonValue({ maxDepth: 1 })).map(([n, x]) => new Array(n).fill(x)),
    },
    // Over Graph's size limit: costly to make, so rare.
    { weight: 1, arbitrary: fc.constant(null).map(() => "x".repeat(MAX_JSON_BYTES + 1)) },
);

/** What the registry says a valid value of this field may be (its choices, its default), and what the seeds give it. */
export function validValues(field: Field): unknown[] {
    return [
        ...Object.keys(field.choices ?? {}),
        ...(field.defaultValue !== undefined ? [field.defaultValue, field.stateForm?.(field.defaultValue) ?? field.defaultValue] : []),
        ...seenValues(field.name),
    ];
}

/** Each place in a value where another can go: the value itself, each property and each item. */
interface Place {
    holder: Record<string, unknown> | unknown[];
    key: string | number;
}
function placesIn(root: Record<string, unknown>): Place[] {
    const places: Place[] = [];
    const pending: unknown[] = [root];
    while (pending.length && places.length < 500) {
        const v = pending.pop();
        if (v === null || typeof v !== "object") continue;
        const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
        for (const [k, x] of entries.slice(0, 50)) {
            places.push({ holder: v as Record<string, unknown>, key: k });
            pending.push(x);
        }
    }
    return places;
}
export const objectsIn = (root: Record<string, unknown>): Record<string, unknown>[] => [
    root,
    ...placesIn(root)
        .map((p) => (p.holder as any)[p.key])
        .filter((v): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v)),
];

export type Mutation =
    | { op: "set"; field: number; value: unknown }
    | { op: "valid"; field: number; pick: number }
    | { op: "drop"; field: number }
    | { op: "inner"; at: number; value: unknown }
    | { op: "key"; at: number; key: string; value: unknown }
    | { op: "wrap"; at: number }
    | { op: "top"; key: string; value: unknown };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant("set" as const), field: fc.nat(), value: strangeValue }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("valid" as const), field: fc.nat(), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("drop" as const), field: fc.nat() }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant("inner" as const), at: fc.nat(), value: strangeValue }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("key" as const), at: fc.nat(), key: keyArb, value: strangeValue }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("wrap" as const), at: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("top" as const), key: keyArb, value: strangeValue }) },
    // What the resource classes add from resource options (`import`, `importByDisplayName`): a JavaScript program may give anything.
    {
        weight: 1,
        arbitrary: fc.record({
            op: fc.constant("top" as const),
            key: fc.constantFrom("__adopt", "__secrets"),
            value: fc.oneof(
                strangeValue,
                fc.record({ id: strangeValue, displayName: strangeValue, update: strangeValue }, { requiredKeys: [] }),
            ),
        }),
    },
);

/** A copy of plain JSON-like input, own `__proto__` keys kept, made without recursion (values may be thousands deep). */
export function copy<T>(v: T): T {
    const box: { v?: unknown } = {};
    const pending: [unknown, object, string | number][] = [[v, box, "v"]];
    while (pending.length) {
        const [x, holder, key] = pending.pop()!;
        let made: unknown = x;
        if (Array.isArray(x)) {
            made = new Array(x.length);
            x.forEach((item, i) => pending.push([item, made as object, i]));
        } else if (x && typeof x === "object") {
            made = {};
            for (const [k, item] of Object.entries(x)) pending.push([item, made as object, k]);
        }
        if (Array.isArray(holder)) holder[key as number] = made;
        else setOwn(holder, key as string, made);
    }
    return box.v as T;
}

/** Applies mutations to a copy of `input`. */
export function mutate(f: Family, input: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
    const out = copy(input);
    for (const m of mutations) {
        const field = "field" in m ? f.fields[m.field % f.fields.length] : undefined;
        // Each value copied as it goes in: a later mutation may reach inside it, and must never make a cycle.
        if (m.op === "set") setOwn(out, field!.name, copy(m.value));
        else if (m.op === "valid") {
            const values = validValues(field!);
            if (values.length) setOwn(out, field!.name, copy(values[m.pick % values.length]));
        } else if (m.op === "drop") delete out[field!.name];
        else if (m.op === "top") setOwn(out, m.key, copy(m.value));
        else if (m.op === "key") {
            const objects = objectsIn(out);
            setOwn(objects[m.at % objects.length], m.key, copy(m.value));
        } else {
            const places = placesIn(out);
            if (!places.length) continue;
            const p = places[m.at % places.length];
            const was = (p.holder as any)[p.key];
            if (m.op === "wrap" && was === undefined) continue; // a list holds no undefined as the engine sends it
            const value = m.op === "wrap" ? [was] : copy(m.value);
            if (Array.isArray(p.holder)) p.holder[p.key as number] = value;
            else setOwn(p.holder, p.key as string, value);
        }
    }
    return out;
}

/** An input with every field the registry lists, each a value it may take, for a family with no seed of its own. */
function fromFields(f: Family): fc.Arbitrary<Record<string, unknown>> {
    const entries = f.fields.map((field) => {
        const values = validValues(field);
        const arb = values.length ? fc.constantFrom(...values) : strangeValue;
        return [field.name, field.required ? arb : fc.option(arb, { nil: undefined })] as const;
    });
    return fc.record(Object.fromEntries(entries)) as fc.Arbitrary<Record<string, unknown>>;
}

/** The seeds of a family, or inputs made from its fields alone. */
export function baseInputs(name: FamilyName, f: Family): fc.Arbitrary<Record<string, unknown>> {
    const seeds = seedsOf(name);
    return seeds.length ? fc.oneof(fc.constantFrom(...seeds), fromFields(f)) : fromFields(f);
}

/** A program's inputs for family `f`: a base input with one to three mistakes. */
export function inputsOf(name: FamilyName, f: Family): fc.Arbitrary<Record<string, unknown>> {
    return fc
        .tuple(baseInputs(name, f), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
        .map(([base, mutations]) => mutate(f, base, mutations));
}

/** A value as a failed property shows it: JSON cut short (fast-check's own printer recurses, and inputs may be thousands deep). */
function described(v: unknown): string {
    let text: string;
    try {
        text = JSON.stringify(v, (_k, x) => (typeof x === "string" && x.length > 200 ? `${x.slice(0, 200)}…(${x.length} characters)` : x));
    } catch {
        const [first] = v as unknown[];
        text = `(too deep to print) keys ${Object.keys((first as object) ?? {}).join(", ")}`;
    }
    return text.length > 3000 ? `${text.slice(0, 3000)}…` : text;
}

/** Runs a property; a failure is reported with the seed to replay it and the shrunk input, printed safely. */
export async function holds<T extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
    const run = await fc.check(property, { numRuns });
    if (!run.failed) return;
    const e = run.errorInstance;
    const cause = e instanceof Error ? `${e.message}\n${(e.stack ?? "").split("\n").slice(1, 8).join("\n")}` : String(e);
    throw new Error(
        `property failed after ${run.numRuns} inputs (replay: { seed: ${run.seed}, path: "${run.counterexamplePath}" })\n` +
            `input: ${described(run.counterexample)}\ncause: ${cause.slice(0, 3000)}`,
    );
}
