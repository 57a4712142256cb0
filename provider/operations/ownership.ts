// Who owns an object, and so what a create may take over instead of making a second.
//
// A name and a set of settings are never evidence that an object is this stack's: a review stack of the same
// program, another team's stack, or an administrator makes objects with the same ones. What is evidence:
// - the engine showing this provider the object as a resource of this stack in this run (read, diff, update,
//   delete): such an object may be taken over by a create when no resource of the run stands for it any more
//   (a resource renamed without `aliases`, under `pulumi up --refresh`);
// - this process's own POST whose answer was lost: the object it made is found after it, newer than the POST.
// Everything else a create finds already there stops it before any write, with the ways on (adopt, another
// name, `recover` for what an interrupted run of this stack made, `aliases` for a rename). The stack's own
// record of an interrupted create is its checkpoint's pending operation, which `recover` reads.

import { Canonical, Family, GraphBody, identifiedByName, sameFieldValue, titles, typeField } from "../families/family";
import { fromGraph } from "../families/canonical";
import { containsUnknown, deepEqual } from "../families/values";
import { notInGraph, sameName } from "./lookups";

/** What this provider learned in this run about the stack's objects (see OperationContext). */
export interface RunKnowledge {
    shown: Set<string>;
    standing: Set<string>;
    gone: Set<string>;
}

/**
 * Of a collection's objects, those a create of `c` would find already there: for a family whose names Graph keeps
 * unique, any object of the name; else one of the same type (and catalog: the collection is per catalog) whose
 * identifying fields are the program's (every field when the family names none: same name and settings).
 */
export function alreadyThere(f: Family, c: Canonical, objects: GraphBody[]): GraphBody[] {
    const t = typeField(f)?.name;
    const fields = f.identifiedBy ? f.fields.filter((x) => f.identifiedBy!.includes(x.name)) : f.fields;
    const kept = notInGraph(f, c);
    return objects.filter((o) => {
        const g = fromGraph(f, o, kept);
        if (f.uniqueNames) return sameName(g.displayName, c.displayName);
        if (t && g[t] !== c[t]) return false;
        return fields.every((x) => containsUnknown(c[x.name]) || sameFieldValue(x, g[x.name], c[x.name]));
    });
}

/** What a create does about what it found already there. */
export type CreateDecision =
    | { kind: "create" }
    /** This stack's own object, shown by the engine in this run and stood for by no resource of it. */
    | { kind: "takeOver"; object: GraphBody }
    /** An object nothing shows is this stack's, or (names unique) one another resource of this run stands for. */
    | { kind: "stop"; objects: GraphBody[]; standing: boolean };

const newestFirst = (a: GraphBody, b: GraphBody) => String(b.createdDateTime ?? "").localeCompare(String(a.createdDateTime ?? ""));

export function decide(run: RunKnowledge, f: Family, c: Canonical, objects: GraphBody[]): CreateDecision {
    const there = alreadyThere(
        f,
        c,
        objects.filter((o) => !run.gone.has(String(o.id))),
    ).sort(newestFirst);
    const mine = there.find((o) => run.shown.has(String(o.id)) && !run.standing.has(String(o.id)));
    if (mine) return { kind: "takeOver", object: mine };
    const foreign = there.filter((o) => !run.shown.has(String(o.id)) && !run.standing.has(String(o.id)));
    if (foreign.length) return { kind: "stop", objects: foreign, standing: false };
    // Another resource of this program stands for an object like it: a second is what the program asks for,
    // unless Graph keeps the name unique (it would refuse the POST; say why here instead).
    const held = there.filter((o) => run.standing.has(String(o.id)));
    if (held.length && f.uniqueNames) return { kind: "stop", objects: held, standing: true };
    return { kind: "create" };
}

/** What a create would meet, in words: "named ...", "with the same ...". */
function likeness(f: Family, c: Canonical): string {
    if (f.uniqueNames) return `named ${JSON.stringify(c.displayName)} (Graph keeps these names unique)`;
    if (f.identifiedBy) return `with the same ${f.identifiedBy.join(", ")}`;
    const t = typeField(f)?.name;
    return `with the same ${t ? `${t}, ` : ""}name and settings`;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");

/** One found object: id, name and creation time. */
export function describeFound(o: GraphBody): string {
    const name = typeof o.displayName === "string" ? ` ${JSON.stringify(o.displayName)}` : "";
    const created = o.createdDateTime ? `, created ${o.createdDateTime}` : "";
    return `${o.id}${name}${created}`;
}

/**
 * The stop of a create that found what it would create already there, naming each object found and the ways on.
 * `lead` says who stops and when (`creating custom task extension "Onboarding" stopped before any write`).
 */
export function stopMessage(f: Family, c: Canonical, lead: string, found: GraphBody[], standing: boolean): string {
    const objects = found.map((o) => `\n  - ${describeFound(o)}`).join("");
    if (standing)
        return (
            `${lead}: another resource of this stack stands for the ${f.title} ${likeness(f, c)}:${objects}` +
            "\nGive one of the two resources another displayName."
        );
    const first = String(found[0].id);
    const name = typeof c.displayName === "string" ? c.displayName : undefined;
    return (
        `${lead}: the tenant already holds ${found.length === 1 ? `${article(f.title)} ${f.title}` : titles(f)} ` +
        `${likeness(f, c)}, and nothing shows ${found.length === 1 ? "it is" : "they are"} this stack's ` +
        `(another stack's, an administrator's, or made by an interrupted run of this stack):${objects}` +
        "\nWays on:" +
        `\n  - adopt it here: the resource option import: "${first}"` +
        (name ? ` (TypeScript: or importByDisplayName: ${JSON.stringify(name)})` : "") +
        ", with updateOnImport: true to bring it to the program's settings" +
        (identifiedByName(f)
            ? "\n  - or give this stack's resource another displayName, e.g. with the stack's name in it " +
              "(`${pulumi.getStack()}`), as a review stack beside a long-lived one must"
            : `\n  - or make this stack's ${f.title} differ in ${f.identifiedBy!.join(", ")}`) +
        "\n  - or, if an interrupted `pulumi up` of this stack made it: `npx pulumi-entra-extensions recover`" +
        "\n  - or, if this resource was renamed in the program: give it `aliases` with its old name " +
        "(or run `pulumi up --refresh`, so that the old resource is seen)"
    );
}

/** Whether the object a part belongs to holds any of it (a policy runs stages): what `partOf.emptied` says is none. */
export const holdsPart = (f: Family, held: Canonical): boolean =>
    f.fields.some((x) => x.graphKey && held[x.name] !== undefined && !deepEqual(held[x.name], f.partOf!.emptied[x.name]));

/** Who stops a create, for the messages: the create itself, or the preview's check foretelling it. */
export const stopLead = (what: string, atPreview = false): string =>
    atPreview ? `${what}: warning: \`pulumi up\` will stop its create before any write` : `${what} stopped before any write`;

/** The stop of a policy's stages create: the policy already holds stages, which only an explicit adoption takes over. */
export function partStopMessage(f: Family, id: string, lead: string, held: Canonical): string {
    const holds = f.fields
        .filter((x) => x.graphKey && held[x.name] !== undefined)
        .map((x) => `${x.name}: ${JSON.stringify(held[x.name])}`)
        .join("; ");
    return (
        `${lead}: ${id} already holds ${f.title} (${holds}), and nothing shows this stack wrote them` +
        "\nWays on:" +
        `\n  - adopt them here: the resource option import: "${id}", with updateOnImport: true to write the program's stages` +
        "\n  - or, if an interrupted `pulumi up` of this stack wrote them: `npx pulumi-entra-extensions recover`" +
        "\n  - or, if this resource was renamed in the program: give it `aliases` with its old name " +
        "(or run `pulumi up --refresh`, so that the old resource is seen)"
    );
}

/**
 * How far before the POST's send (by Graph's clock) an object found after a lost answer may have been created and
 * still be the POST's own: Graph's clock is read from the `Date` of its answers (GraphClient.serverNow, early by up to
 * a second plus a round trip); one more second covers the rounding of `createdDateTime` and jitter. With no answer
 * read yet, Graph's clock is unknown: five minutes, the clock skew Microsoft's identity platform tolerates.
 */
export const LOST_ANSWER_SLACK_MS = 1_000;
export const UNKNOWN_CLOCK_SLACK_MS = 5 * 60_000;

/**
 * Of what a look-up found after this process's POST lost its answer: the object that POST made (like the program's,
 * stood for by no resource, not in the listing taken before the POST, created no earlier than the POST was sent by
 * Graph's clock, less the slack), or the objects that stop the create (like it, and nothing shows them this stack's),
 * or nothing: the POST was not stored. A family whose objects carry no creation time (listeners) has only the
 * other tests.
 */
export function afterLostAnswer(
    run: RunKnowledge,
    f: Family,
    c: Canonical,
    found: GraphBody[],
    listedBefore: Set<string>,
    sentAt: number,
    slackMs: number,
): { ours: GraphBody } | { stop: GraphBody[] } | { none: true } {
    const there = alreadyThere(f, c, found).filter(
        (o) => !run.standing.has(String(o.id)) && !run.gone.has(String(o.id)) && !run.shown.has(String(o.id)),
    );
    const since = (o: GraphBody) => {
        const created = Date.parse(String(o.createdDateTime ?? ""));
        return Number.isFinite(created) ? created >= sentAt - slackMs : o.createdDateTime === undefined;
    };
    const made = there.filter((o) => !listedBefore.has(String(o.id)) && since(o));
    // Two objects like it made since the POST: one may be another stack's, and nothing tells which is ours.
    if (made.length === 1) return { ours: made[0] };
    if (there.length) return { stop: there.sort(newestFirst) };
    return { none: true };
}
