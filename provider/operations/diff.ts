// diff: what changed between the state and the checked inputs, each field by its own notion of sameness, and what
// a change needs (a new object, a new version); the run learns the program still declares this resource.

import { family } from "../families";
import { sameFieldValue, setChangeInWords, updateThrough } from "../families/family";
import { UNKNOWN, containsUnknown } from "../families/values";
import { describe } from "./common";
import type { OperationContext } from "./context";
import type { DiffRequest, DiffResult } from "./requests";
import { secretsAt } from "./secrets";
import { fromState } from "./stateForm";

export async function diff(ctx: OperationContext, familyName: string, req: DiffRequest): Promise<DiffResult> {
    const f = family(familyName);
    const { id } = req;
    const secrets = secretsAt(req.news, req.secretPaths);
    const before = fromState(f, req.olds);
    const after = fromState(f, req.news);
    // The program still declares this resource, and a create of this run took its object over: two resources for one.
    const claimant = ctx.claimed.get(id);
    if (claimant && ctx.takenOver?.has(id))
        throw new Error(
            `${describe(f, before, id, secrets)}: another resource of this stack came to stand for it in this run ` +
                `(${claimant}); two resources cannot stand for one object. Give the other one another displayName, or ` +
                "if it is this resource renamed, remove this one from the program or give the new one `aliases`",
        );
    ctx.shown.add(id);
    // A refresh diffs every resource of the stack, declared or not: only the program's diffs say it still declares one.
    if (ctx.programRunning) ctx.standing.add(id);
    const changed = f.fields.filter((x) => !sameFieldValue(x, before[x.name], after[x.name])).map((x) => x.name);
    const setChanges = f.fields.flatMap((x) => {
        const nav = updateThrough(x);
        if (typeof nav !== "object" || !changed.includes(x.name) || containsUnknown(after[x.name])) return [];
        const words = setChangeInWords(nav, before[x.name], after[x.name]);
        return words ? [{ field: x.name, words }] : [];
    });
    // A reference whose whole value turned unknown: the engine asks whether this resource must go before the
    // object it names is deleted and made again (a delete-before-replace of that object). It must: nothing may
    // keep naming an extension Graph is asked to delete.
    const orphaned = f.fields.filter((x) => x.namesReplaceable && req.news[x.name] === UNKNOWN && before[x.name] !== undefined);
    const replaces = f.fields.filter((x) => (x.replaceOnChange && changed.includes(x.name)) || orphaned.includes(x)).map((x) => x.name);
    if (replaces.length) ctx.replacing.add(id);
    else {
        const versioned = f.fields.filter((x) => updateThrough(x) === "newVersion" && changed.includes(x.name)).map((x) => x.name);
        if (versioned.length && f.newVersion) {
            const next = typeof req.olds.version === "number" ? ` (version ${req.olds.version + 1})` : "";
            ctx.notice(
                `${describe(f, after, id, secrets)}: ${versioned.join(" and ")} changed: ` +
                    `a new version${next} will be made (${f.newVersion.action})`,
            );
        }
    }
    // The old object goes before the new one comes: task extension and workflow names are unique in Graph, so
    // the two cannot coexist, and a create never meets the object it replaces (see create).
    const stables = f.fields.filter((x) => x.replaceOnChange && !changed.includes(x.name)).map((x) => x.name);
    return { changed, replaces, stables, deleteBeforeReplace: true, setChanges };
}
