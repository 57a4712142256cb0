// Pure value helpers: durations, equality, unknowns. No HTTP, no engine.
import { UNKNOWN, compact, containsUnknown, deepEqual, durationSeconds, formatDuration } from "../../provider/families/values";

test.each([
    ["PT1H", 3600],
    ["PT60M", 3600],
    ["P1D", 86400],
    ["PT24H", 86400],
    ["P1W", 604800],
    ["PT1.5S", 1.5],
    ["pt5m", 300],
])("%s is %d seconds", (text, seconds) => expect(durationSeconds(text)).toBe(seconds));

test.each(["P", "PT", "P1Y", "P1M", "1 hour", "PT-1H", ""])("%j is not a duration we accept", (text) =>
    expect(durationSeconds(text)).toBeUndefined(),
);

test.each([
    [3600, "PT1H"],
    [86400, "P1D"],
    [90061, "P1DT1H1M1S"],
    [0, "PT0S"],
    [300, "PT5M"],
])("%d seconds are spelled %s, and read back as the same", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
    expect(durationSeconds(text)).toBe(seconds);
});

test("deepEqual: undefined keys are absent keys; arrays keep their order; null is not undefined", () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: null }, { a: undefined })).toBe(false);
    expect(deepEqual({ a: { b: [1, { c: "x" }] } }, { a: { b: [1, { c: "x" }] } })).toBe(true);
});

test("compact drops undefined values only", () => expect(compact({ a: undefined, b: null, c: 0 })).toEqual({ b: null, c: 0 }));

test("an unknown value anywhere inside a value is found", () => {
    expect(containsUnknown({ a: [{ b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: [{ b: "known" }] })).toBe(false);
});
