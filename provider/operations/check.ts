// check: the program's arguments made canonical, every problem at once, the adoption the program asks for decided at
// preview, and what a create would meet foretold.

import { Canonical, Family, hasDisplayName, titles } from "../families/family";
import { family } from "../families";
import { fromGraph, fromInputs } from "../families/canonical";
import { cloudFailures } from "../families/clouds";
import { containsUnknown, shown } from "../families/values";
import { GraphRequestError, SignInError } from "../graph/errors";
import { AdoptRequest, findToAdopt } from "./adoption";
import { describe, graphOf, itemPath } from "./common";
import type { OperationContext } from "./context";
import { decide, holdsPart, partStopMessage, stopLead, stopMessage } from "./ownership";
import { checkReferences } from "./references";
import type { CheckRequest, CheckResult } from "./requests";
import { redact, secretsAt } from "./secrets";
import { fromState } from "./stateForm";

/**
 * Every problem of the inputs at once. Each is reported without a property path: the engine would print
 * the value at that path in Go's syntax (`value {<nil>}` for nested ones), so the reason names the
 * property and the offending value itself.
 */
export async function check(ctx: OperationContext, familyName: string, req: CheckRequest): Promise<CheckResult> {
    const f = family(familyName);
    ctx.programRunning = true;
    if (!ctx.settings) return { inputs: req.news, failures: [{ property: "", reason: `provider settings: ${ctx.settingsProblem}` }] };
    const { canonical, failures, warnings } = fromInputs(f, req.news);
    // What the configured cloud's Graph metadata does not offer is refused here, not by Graph during up.
    failures.push(...cloudFailures(f.name, canonical, ctx.settings.cloud));
    const secrets = secretsAt(req.news, req.secretPaths);
    for (const v of secrets) ctx.secrets.add(v);
    if (!failures.length) await checkReferences(ctx, f, canonical, req.news, req.named, req.olds, failures, warnings);
    for (const w of warnings) ctx.notice(redact(`${describe(f, canonical, undefined, secrets)}: warning: ${w}`, secrets));
    const reasons = failures.map((x) => `${x.property}: ${x.reason}`);
    const isNew = Object.keys(req.olds).length === 0;
    // Adoption is for a resource not yet in state, and is decided at preview: the engine checks a replacement again as
    // if new (no olds): the object being replaced (seen in diff) is not adopted, the replacement is created anew;
    // another resource's object is refused.
    let adopt = isNew ? req.adopt : undefined;
    // By name only where the family (or, for a part, the object it belongs to) has one: Graph refuses the filter.
    if (adopt?.displayName !== undefined && !adopt.id && !f.partOf && !hasDisplayName(f))
        reasons.push(`importByDisplayName: ${titles(f)} have no displayName; adopt one by id with import`);
    if (adopt && reasons.length === 0 && !containsUnknown(adopt)) adopt = await decideAdoption(ctx, f, canonical, adopt, secrets, reasons);
    // A create that would stop on what is already there (ownership.ts) is foretold at preview; not at a replacement's
    // second check (the engine checks it again without state), whose old object goes first.
    const c = fromState(f, canonical);
    const key = inputsKey(f, c);
    if (!isNew) ctx.checkedAgainstState.add(key);
    else if (!adopt && reasons.length === 0 && !ctx.checkedAgainstState.has(key) && !ctx.noLookUpAtPreview) {
        if (!containsUnknown(c))
            try {
                // A warning, not a refusal: a resource `pulumi up --replace` replaces is checked as new, and its old
                // object, which its create meets here, goes first. The create decides (it stops on anything else).
                const stop = await stopBeforeCreate(ctx, f, c, secrets);
                if (stop) ctx.notice(redact(stop, secrets));
            } catch (e) {
                // A preview without Graph (no sign-in, no network) says so once and goes on; the creates will look.
                if (e instanceof SignInError || (e instanceof GraphRequestError && e.status === undefined)) ctx.noLookUpAtPreview = true;
                ctx.notice(
                    `${describe(f, canonical, undefined, secrets)}: could not look for what is already there (the create will` +
                        `${ctx.noLookUpAtPreview ? "; no more look-ups in this preview" : ""}): ${(e as Error).message}`,
                );
            }
    }
    return { inputs: canonical, adopt, failures: reasons.map((reason) => ({ property: "", reason: redact(reason, secrets) })) };
}

/** The adoption as create will perform it (the object found, by id), or a reason pushed to `reasons`. */
async function decideAdoption(
    ctx: OperationContext,
    f: Family,
    c: Canonical,
    adopt: AdoptRequest,
    secrets: string[],
    reasons: string[],
): Promise<AdoptRequest | undefined> {
    const what = describe(f, c, adopt.id, secrets);
    try {
        const verdict = await findToAdopt(graphOf(ctx, f), f, c, adopt, what);
        if (verdict.id && ctx.replacing.has(verdict.id)) return undefined;
        // A resource of this stack stands for it (shown by a refresh, or by a diff of the program's).
        if (verdict.id && (ctx.standing.has(verdict.id) || ctx.shown.has(verdict.id))) {
            reasons.push(`cannot adopt: ${verdict.id} is what another resource of this stack stands for`);
            return adopt;
        }
        if (!verdict.ok) {
            reasons.push(verdict.reason);
            return adopt;
        }
        const changes = verdict.differences.length ? `; differences: ${verdict.differences.join("; ")}` : "";
        if (changes && !adopt.update)
            reasons.push(
                `cannot adopt ${verdict.id} as it is: it differs from the program${changes}. Change the program to match, ` +
                    "or set the option updateOnImport: true to bring the object to the program's state",
            );
        // Present tense: the same line comes from the preview's check and from the update's (one per pass).
        else ctx.notice(`${what}: adopting ${verdict.id} instead of creating one${changes ? `, then updating it${changes}` : ""}`);
        return { ...adopt, id: verdict.id };
    } catch (e) {
        reasons.push(`cannot look up the object to adopt: ${(e as Error).message}`);
        return adopt;
    }
}

/** A family's checked inputs (as state holds them) as one string: the same resource checked twice in a run gives the same key. */
const inputsKey = (f: Family, c: Canonical): string => `${f.name} ${JSON.stringify(c)}`;

/**
 * The stop a create of `c` would make on what is already there, judged at preview: the run's listing of the
 * collection (one per collection, shared with the creates), or the object a part belongs to. The object a
 * replacement replaces is not in the way: it is deleted first.
 */
async function stopBeforeCreate(ctx: OperationContext, f: Family, c: Canonical, secrets: string[]): Promise<string | undefined> {
    const what = describe(f, c, undefined, secrets);
    const lead = stopLead(what, true);
    const looking = `creating ${what}: looking first for what it would meet`;
    if (f.partOf) {
        const id = String(c[f.partOf.idField]);
        if (ctx.shown.has(id) || ctx.replacing.has(id)) return undefined;
        const read = await graphOf(ctx, f).getIfPresent(itemPath(ctx, f, c, id), `${looking}: reading ${shown(id)}`, f.readQuery);
        const held = read && fromGraph(f, read, c);
        return held && holdsPart(f, held) ? partStopMessage(f, id, lead, held) : undefined;
    }
    const path = f.collectionPath(c, ctx.graph().settings.version);
    return ctx.listings.around(graphOf(ctx, f), f, c, path, looking, ctx.gone, async (candidates) => {
        const decision = decide(
            ctx,
            f,
            c,
            candidates.filter((o) => !ctx.replacing.has(String(o.id))),
        );
        return decision.kind === "stop" ? stopMessage(f, c, lead, decision.objects, decision.standing) : undefined;
    });
}
