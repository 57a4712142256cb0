// What the property tests of check (test/*Properties.test.ts) demand of its answer, whichever face gave it:
// failures that name a property and say why in readable words, and no request to Graph but the look-ups
// check is documented to make (docs/validation-rules.md).
import type { Family } from "../../provider/families";
import type { RequestLogEntry } from "../../provider/emulator/server";
import { ADOPT_KEY } from "../../provider/operations/adoption";
import { pathTo } from "../../provider/families/values";
import { redact } from "../../provider/operations/secrets";

/** What JavaScript says when it crashes, or renders a value it should not. */
export const CRASH = new RegExp(
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
export const clip = (s: string) => (s.length <= 600 ? s : `${s.slice(0, 300)} … ${s.slice(-300)}`);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Each failure is `<path>: <reason>`, the path starting at a field or at a key the input has; short, printable words.
 * `secrets`: the input's secret values; a key shown in a failure is redacted as any text is (a key whose shown,
 * cut-short form could be a secret's start reads `[secret]…`), and still names the key.
 */
export function expectReadable(
    f: Family,
    news: Record<string, unknown>,
    failures: { property: string; reason: string }[],
    secrets: string[] = [],
) {
    // The resource options behind `__adopt` are named as the program names them, and adoption's refusals say
    // what they could not adopt ("cannot adopt by displayName: ...").
    const adopts = news[ADOPT_KEY] !== undefined;
    const options = adopts ? ["import", "importByDisplayName", "updateOnImport"] : [];
    const keys = Object.keys(news).map((k) => pathTo("", k));
    const roots = [...f.fields.map((x) => x.name), ...keys, ...keys.map((k) => redact(k, secrets)), ...options];
    if (failures.length >= 200) throw new Error(`${failures.length} failures for one input`);
    for (const { reason } of failures) {
        const root = roots.find((r) => reason.startsWith(r) && /^(?:[.[].*?)?: \S/s.test(reason.slice(r.length)));
        if (!root && !(adopts && /^cannot (?:adopt|look up the object to adopt)\b[^:]*: \S/.test(reason)))
            throw new Error(`a failure that names no property of the input: ${clip(reason)}`);
        if (CRASH.test(reason) || LONE_SURROGATE.test(reason) || hasControl(reason) || reason.length > 2000)
            throw new Error(`an unreadable failure: ${clip(reason)}`);
    }
}

/**
 * Graph hears only GETs: the family's own collection or an object in it (what is already there, before a
 * create: ownership.ts; the object a part belongs to), what the family names (`references`: a listener's
 * extension, a policy's catalog), and the object a program adopts.
 */
export function expectLookups(f: Family, news: Record<string, unknown>, requests: RequestLogEntry[]) {
    const adopts = news[ADOPT_KEY] !== undefined;
    const writes = requests.filter((r) => r.method !== "GET");
    if (writes.length) throw new Error(`check wrote to Graph: ${writes.map((r) => `${r.method} ${r.path}`).join(", ")}`);
    const catalogId = typeof news.catalogId === "string" ? news.catalogId : "";
    const collection = `/v1.0${f.collectionPath({ catalogId }, "v1.0")}`;
    const elsewhere = requests.filter((r) => r.path !== collection && !r.path.startsWith(`${collection}/`));
    if (elsewhere.length && !f.references && !adopts)
        throw new Error(`check read Graph beyond its own collection: ${elsewhere.map((r) => r.path).join(", ")}`);
    if (requests.length > (adopts ? 10 : 4))
        throw new Error(`check made ${requests.length} look-ups: ${requests.map((r) => r.path).join(", ")}`);
}

/** Count and times of a run of inputs, as the tests print them. */
export const summary = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    const total = sorted.reduce((a, b) => a + b, 0);
    const [median, slowest] = [sorted[sorted.length >> 1].toFixed(1), sorted[sorted.length - 1].toFixed(0)];
    return `${times.length} inputs in ${(total / 1000).toFixed(2)} s (median ${median} ms, slowest ${slowest} ms)`;
};
