// Secret arguments reach the provider unwrapped. The resource class passes their paths (`__secrets`);
// with them, every message that leaves an operation carries [secret] instead of the value.

import { own } from "../families/values";
import { silenceHostEcho } from "./hostEcho";

/** The resource class's list of secret argument paths (see resources/classes.ts), carried with the inputs. */
export const SECRETS_KEY = "__secrets";

/** The secret paths a bag carries (`__secrets`: the resource class wrote them, classes.ts). */
export const secretPathsOf = (bag: Record<string, unknown>): string[] =>
    Array.isArray(bag[SECRETS_KEY]) ? (bag[SECRETS_KEY] as unknown[]).filter((p): p is string => typeof p === "string") : [];

/** The values of the secret arguments of a bag that carries their paths (`__secrets`), longest first. */
export const secretValues = (bag: Record<string, unknown>): string[] => secretsAt(bag, secretPathsOf(bag));

/** The values at these paths of `values`, longest first (a value may contain a shorter one). */
export function secretsAt(values: Record<string, unknown>, paths: unknown[]): string[] {
    const found: string[] = [];
    // Own properties only, and no recursion: a path or a value from input may be anything.
    const at = (path: string) =>
        path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? own(o as any, k) : undefined), values);
    const pending = paths.filter((p): p is string => typeof p === "string").map(at);
    while (pending.length) {
        const v = pending.pop();
        if (typeof v === "string" && v.length) found.push(v);
        else if (typeof v === "number") found.push(String(v));
        else if (v && typeof v === "object") for (const x of Object.values(v)) pending.push(x);
    }
    return found.sort((x, y) => y.length - x.length);
}

/**
 * Below this length a secret is matched only where it stands apart (between spaces, quotes, brackets,
 * punctuation or the separators of a URL): never inside a word ("x" in "extensionType").
 */
const SHORT_SECRET = 8;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The text with every secret value replaced by [secret]: as it is, as JSON writes it inside a string, and
 * where a message shows a value cut short (values.ts `shown`: a start of the value, then `…`).
 */
export function redact(text: string, secrets: string[]): string {
    let out = text;
    for (const secret of secrets)
        for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
            if (form.length >= SHORT_SECRET) out = out.split(form).join("[secret]");
            else out = out.replace(new RegExp(`(?<![^\\s"'([{:=,/?&#])${escapeRegExp(form)}(?![^\\s"')\\]},.;:/?&#])`, "g"), "[secret]");
            // Cut short, any start of the value may stand before the `…`: the few characters matched by chance go too.
            out = out.replace(/([^…]*?)…/g, (cut, before: string) => {
                for (let k = Math.min(before.length, form.length - 1); k >= 1; k--)
                    if (before.endsWith(form.slice(0, k))) return `${before.slice(0, before.length - k)}[secret]…`;
                return cut;
            });
        }
    return out;
}

/**
 * Runs one operation; an error leaves it with every secret value replaced by [secret], and the dynamic
 * provider host's own echo of it to stderr is held back (the CLI already reports the error once).
 */
export async function guarded<T>(known: Set<string>, secrets: string[], op: () => Promise<T>): Promise<T> {
    for (const v of secrets) known.add(v);
    try {
        return await op();
    } catch (e) {
        if (secrets.length && e instanceof Error) {
            e.message = redact(e.message, secrets);
            if (e.stack) e.stack = redact(e.stack, secrets);
        }
        if (e instanceof Error) silenceHostEcho(e);
        throw e;
    }
}
