// What check says of the objects a resource names (the extension a listener runs, a workflow task runs, a policy
// stage runs): judged from Graph once their ids are known, and, while an id is unknown at preview because the
// object is a resource of the same program, from that resource's own arguments (the class hands them over as
// NAMED_KEY). A clean preview then means an `up` that Graph does not refuse halfway for the same reason.

import { families } from "../families";
import { fromInputs } from "../families/canonical";
import { fromState } from "./stateForm";
import { graphOf } from "./common";
import { Canonical, Family, NamedObject, ProgramReference } from "../families/family";
import { CheckFailure, UNKNOWN, containsUnknown, deepEqual } from "../families/values";
import type { OperationContext } from "./context";

/**
 * Refusals and warnings about what the resource names: from the program for the ids it makes in this run, from
 * Graph (when the family asks it) for known ids that are not the ones already in state.
 */
export async function checkReferences(
    ctx: OperationContext,
    f: Family,
    c: Canonical,
    news: Record<string, unknown>,
    named: Record<string, ProgramReference> | undefined,
    olds: Record<string, unknown>,
    failures: CheckFailure[],
    warnings: string[],
): Promise<void> {
    if (!f.references) return;
    failures.push(...judgedFromProgram(f, news, named));
    const now = f.references.of(c);
    if (!f.references.check || containsUnknown(now) || deepEqual(now, f.references.of(fromState(f, olds)))) return;
    try {
        const verdict = await f.references.check(graphOf(ctx, f), c);
        failures.push(...verdict.failures);
        warnings.push(...verdict.warnings);
    } catch (e) {
        warnings.push(`could not check what it names: ${(e as Error).message}`);
    }
}

/** A mark for an id the program makes in this run, put where the id is unknown; canonical forms keep it where the sites read. */
const MARK = "\u0000same-program resource ";

/**
 * The sites' rules, judged for every id that is unknown now and is a resource of the same program: its arguments
 * say what it is. The raw path the class recorded is marked, and the inputs made canonical again, so that each
 * family finds the mark at its own site (a handler's `customExtension.id` becomes `customExtensionId`, stages sort).
 */
function judgedFromProgram(f: Family, news: Record<string, unknown>, named: Record<string, ProgramReference> | undefined): CheckFailure[] {
    if (!named || typeof named !== "object") return [];
    const marked = structuredClone(Object.fromEntries(Object.entries(news).filter(([k]) => !k.startsWith("__"))));
    const byMark = new Map<string, NamedObject>();
    for (const [path, ref] of Object.entries(named)) {
        const keys = path.split(".");
        const parent = keys.slice(0, -1).reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), marked);
        const last = keys[keys.length - 1];
        const object = described(ref);
        if (!parent || typeof parent !== "object" || parent[last] !== UNKNOWN || !object) continue;
        parent[last] = `${MARK}${byMark.size}`;
        byMark.set(parent[last], object);
    }
    if (!byMark.size) return [];
    const failures: CheckFailure[] = [];
    for (const site of f.references!.sites(fromInputs(f, marked).canonical)) {
        const object = typeof site.id === "string" ? byMark.get(site.id) : undefined;
        const reason = object && site.rule(object);
        if (reason) failures.push({ property: site.property, reason });
    }
    return failures;
}

/** What a resource of the program is, from the arguments its class handed over: unknown ones left out, defaults filled in. */
function described(ref: ProgramReference): NamedObject | undefined {
    const f = (families as Record<string, Family>)[ref.family];
    if (!f) return undefined;
    const fields: Canonical = {};
    for (const field of f.fields.filter((x) => x.replaceOnChange)) {
        const v = ref.fields?.[field.name];
        if (v === undefined || v === null) fields[field.name] = field.defaultValue;
        else if (!containsUnknown(v)) fields[field.name] = field.fromInput(v, () => undefined);
        if (fields[field.name] === undefined) delete fields[field.name];
    }
    return { family: f.name, title: f.title, label: `resource "${ref.resource}" of this program`, fields };
}
