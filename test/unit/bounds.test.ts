// The bounds on depth and size (provider/families/bounds.ts): where they fall, and that no value Graph's
// metadata declares for these resources comes near the depth bound (so nothing Graph holds is refused).
import { MAX_DEPTH, MAX_JSON_BYTES, shapeProblem } from "../../provider/families/bounds";
import { GRAPH_METADATA, METADATA_CLOUDS, CloudMetadata } from "../../provider/families/graphMetadata";

const nested = (levels: number, list = false): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = list ? [v] : { a: v };
    return v;
};

/** JSON levels of the deepest value of `declared` (each object and list one), over its derived types and inline navigations. */
function deepest(meta: CloudMetadata, declared: string, seen: string[] = []): number {
    const collection = /^Collection\((.+)\)$/.exec(declared);
    if (collection) return 1 + deepest(meta, collection[1], seen);
    const t = meta.types[declared];
    if (!t) return 0;
    if (seen.includes(declared)) throw new Error(`a recursive type: ${[...seen, declared].join(" > ")}`);
    const inside = [declared, ...(t.derived ?? [])].flatMap((n) => [
        ...Object.values(meta.types[n]?.properties ?? {}),
        ...Object.values(meta.types[n]?.navigation ?? {}).filter((x) => meta.types[x.replace(/^Collection\((.+)\)$/, "$1")]),
    ]);
    return 1 + Math.max(0, ...inside.map((x) => deepest(meta, x, [...seen, declared])));
}

test("the deepest value Graph's metadata declares for these resources, in every cloud, is far within the depth bound", () => {
    const depths = METADATA_CLOUDS.flatMap((cloud) => {
        const meta = GRAPH_METADATA.clouds[cloud];
        return Object.values(meta.collections)
            .filter((x): x is string => !!x)
            .map((type) => deepest(meta, type));
    });
    process.stdout.write(`deepest declared value: ${Math.max(...depths)} levels; the bound: ${MAX_DEPTH}\n`);
    expect(Math.max(...depths)).toBeLessThan(MAX_DEPTH / 10);
});

test.each([false, true])("exactly the bound passes, one level more is refused with its path (lists: %s)", (list) => {
    expect(shapeProblem(nested(MAX_DEPTH, list), "p")).toBeUndefined();
    const problem = shapeProblem(nested(MAX_DEPTH + 1, list), "p");
    expect(problem?.reason).toMatch(new RegExp(`^nests deeper than ${MAX_DEPTH} levels`));
    expect(problem?.path).toBe(list ? "p[0][0][0][0].…194 levels…[0][0]" : "p.a.a.a.a.…194 levels….a.a");
});

test("a value of any depth is judged without recursion: the walk stops at the bound, whatever lies below", () => {
    expect(shapeProblem(nested(1_000_000), "p")?.reason).toMatch(/nests deeper/);
    expect(shapeProblem(nested(1_000_000, true), "p")?.reason).toMatch(/nests deeper/);
});

test("Graph's 4 MB write limit, counted as JSON bytes (UTF-8)", () => {
    expect(shapeProblem("x".repeat(MAX_JSON_BYTES - 2), "p")).toBeUndefined();
    expect(shapeProblem("x".repeat(MAX_JSON_BYTES - 1), "p")).toEqual({
        path: "p",
        reason: expect.stringMatching(/more than 4194304 bytes/),
    });
    expect(shapeProblem("é".repeat(MAX_JSON_BYTES / 2), "p")?.reason).toMatch(/more than 4194304 bytes/);
    expect(shapeProblem(new Array(MAX_JSON_BYTES / 2).fill(0), "p")?.reason).toMatch(/more than 4194304 bytes/);
});
