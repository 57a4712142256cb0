// Small value helpers shared by every family: unknowns at preview, deep equality,
// ISO 8601 durations, GUIDs and the CheckFailure shape.

import { cut, cutShort } from "../text";

/** The engine's placeholder for a value not known at preview (`pulumi/runtime/rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
    property: string;
    reason: string;
}

/**
 * `record[key]` when the record itself holds `key`: a name that comes from input or from Graph never finds
 * what every object inherits (`toString`, `constructor`, `__proto__`).
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: unknown): T | undefined {
    return record !== undefined && typeof key === "string" && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Characters of a value a message shows before it is cut short. */
export const SHOWN_LENGTH = 120;

/**
 * A value as messages show it: JSON, cut short with its full length said (`"aaaa…" (5000 characters)`),
 * never `[object Object]`.
 */
export function shown(value: unknown, max = SHOWN_LENGTH): string {
    let text: string;
    try {
        text = JSON.stringify(value) ?? String(value);
    } catch {
        text = Array.isArray(value) ? `a list of ${value.length}` : `a ${typeof value}`;
    }
    return cutShort(text, max);
}

/** A name inside a message's quotes: control characters escaped, cut short with its full length said. */
export function shownName(name: string, max = SHOWN_LENGTH): string {
    const inner = JSON.stringify(name).slice(1, -1);
    return inner.length <= max ? inner : `${cut(inner, max)}… (${name.length} characters)`;
}

/** `a` then the path `b` inside it (`b` is `c`, `[2]` or `["odd key"]`). */
export const joinPath = (a: string, b?: string): string => (!b ? a : b.startsWith("[") || !a ? `${a}${b}` : `${a}.${b}`);

/** A name shown as it is in a path: an identifier, or an annotation (`@odata.type`, `x@odata.bind`). */
const PLAIN_KEY = /^(?:[A-Za-z_$][\w$]{0,63}|[\w$]{0,63}@[\w.$@]{1,63})$/;

/**
 * The path of `key` inside the value at `path`: `a.b`, `a[2]`, or `a["odd key"]` for a key that is not a
 * plain name (spaces, control characters, a very long key: JSON, cut short).
 */
export function pathTo(path: string, key: string | number): string {
    if (typeof key === "number") return `${path}[${key}]`;
    if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key;
    return `${path}[${shown(key, 60)}]`;
}

/** True when the value, or anything inside it, is unknown at preview: such values are not validated. */
export function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}

export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (a === undefined || b === undefined || a === null || b === null) return false;
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
        return a.every((x, i) => deepEqual(x, b[i]));
    }
    if (typeof a === "object" && typeof b === "object") {
        const ka = Object.keys(a as object).filter((k) => (a as any)[k] !== undefined);
        const kb = Object.keys(b as object).filter((k) => (b as any)[k] !== undefined);
        if (ka.length !== kb.length) return false;
        return ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
    }
    return false;
}

/** Drops keys whose value is undefined, so that absent and undefined compare and serialize alike. */
export function compact<T extends Record<string, unknown>>(o: T): T {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
    return out as T;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Seconds in an ISO 8601 duration, or undefined when it is not one we accept.
 * Years and months are refused: their length in seconds is not fixed, and no timeout here needs them.
 */
export function durationSeconds(text: string): number | undefined {
    const m = DURATION.exec(text.trim().toUpperCase());
    if (!m || text.trim().toUpperCase() === "P" || text.trim().toUpperCase().endsWith("T")) return undefined;
    const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
    return (((w * 7 + d) * 24 + h) * 60 + min) * 60 + s;
}

/** The one spelling we store for a duration: PT60M and PT1H both become PT1H, PT24H becomes P1D. */
export function formatDuration(totalSeconds: number): string {
    let rest = totalSeconds;
    const days = Math.floor(rest / 86400);
    rest -= days * 86400;
    const hours = Math.floor(rest / 3600);
    rest -= hours * 3600;
    const minutes = Math.floor(rest / 60);
    const seconds = +(rest - minutes * 60).toFixed(3);
    let time = "";
    if (hours) time += `${hours}H`;
    if (minutes) time += `${minutes}M`;
    if (seconds) time += `${seconds}S`;
    const out = `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
    return out === "P" ? "PT0S" : out;
}

/** `#microsoft.graph.x` and `microsoft.graph.x` name the same type. */
export function bareType(odataType: unknown): string | undefined {
    return typeof odataType === "string" ? odataType.replace(/^#/, "") : undefined;
}

/** The key of `types` (type choice -> `@odata.type`) whose type an object's `@odata.type` is, with or without `#`. */
export const typeKeyOf = (types: Record<string, string>, odataType: unknown): string | undefined =>
    Object.keys(types).find((k) => bareType(types[k]) === bareType(odataType));

/** A text as an OData string literal in a `$filter`: quoted, its quotes doubled. */
export const odataString = (text: string): string => `'${text.replace(/'/g, "''")}'`;
