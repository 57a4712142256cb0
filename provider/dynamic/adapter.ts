// The dynamic provider's face onto the generic operations: what the engine hands a dynamic provider (bags of inputs
// and outputs carrying `__secrets`, `__adopt` and `__named` beside the fields, and `__provider`) made into typed
// requests, and the operations' whole results made into what its state holds (stateForm.ts: lean, the bookkeeping
// keys carried on). Loaded at call time by the provider objects (makeProvider.ts), by package name.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { family } from "../families";
import { Canonical, Family, NAMED_KEY, ProgramReference } from "../families/family";
import * as ops from "../operations";
import { ADOPT_KEY, adoptRequest, adoptionProblems } from "../operations/adoption";
import { describe } from "../operations/common";
import { redact, SECRETS_KEY, secretPathsOf, secretValues } from "../operations/secrets";
import { derivingFields, fieldsToState, toState } from "../operations/stateForm";

type Bag = Record<string, unknown>;

/** The bookkeeping the state carries beside the fields: the secret paths, and the adoption once decided. */
const carried = (bag: Bag, adopt?: unknown): Bag => ({
    ...(bag[SECRETS_KEY] !== undefined ? { [SECRETS_KEY]: bag[SECRETS_KEY] } : {}),
    ...(adopt !== undefined ? { [ADOPT_KEY]: adopt } : {}),
});

/** The program's arguments without the bookkeeping keys and the derived outputs' secrecy carriers (classes.ts). */
function argumentsOf(f: Family, news: Bag): Bag {
    const derived = Object.keys(derivingFields(f));
    return Object.fromEntries(
        Object.entries(news).filter(([k]) => !derived.includes(k) && k !== SECRETS_KEY && k !== ADOPT_KEY && k !== NAMED_KEY),
    );
}

export async function check(provider: object, familyName: string, olds: Bag, news: Bag): Promise<dynamic.CheckResult> {
    const f = family(familyName);
    const isNew = Object.keys(olds).length === 0;
    const result = await ops.check(ops.contextOf(provider), familyName, {
        olds,
        news: argumentsOf(f, news),
        secretPaths: secretPathsOf(news),
        adopt: adoptRequest(news),
        named: news[NAMED_KEY] as Record<string, ProgramReference> | undefined,
    });
    // A derived output's secrecy rides on an input of its name (a secret null): kept as given.
    const secrecy = Object.fromEntries(
        Object.keys(derivingFields(f))
            .filter((k) => news[k] !== undefined)
            .map((k) => [k, null]),
    );
    const inputs: Canonical = { ...fieldsToState(f, result.inputs), ...secrecy, ...carried(news, isNew ? result.adopt : undefined) };
    const problems = adoptionProblems(news).map((reason) => ({ property: "", reason: redact(reason, secretValues(news)) }));
    return { inputs, failures: [...result.failures, ...problems] };
}

export async function diff(provider: object, familyName: string, id: string, olds: Bag, news: Bag): Promise<dynamic.DiffResult> {
    const ctx = ops.contextOf(provider);
    const f = family(familyName);
    const result = await ops.diff(ctx, familyName, { id, olds, news, secretPaths: secretPathsOf(news) });
    // The CLI draws a dynamic resource's change by index (its host passes no detailed diff): a set's change is said in words.
    for (const { field, words } of result.setChanges) ctx.notice(`${describe(f, news, id, secretValues(news))}: ${field}: ${words}`);
    const { replaces, stables, deleteBeforeReplace } = result;
    return { changes: result.changed.length > 0, replaces, stables, deleteBeforeReplace };
}

export async function create(provider: object, familyName: string, inputs: Bag): Promise<dynamic.CreateResult> {
    const f = family(familyName);
    const ctx = ops.contextOf(provider);
    const written = await ops.create(ctx, familyName, { inputs, secretPaths: secretPathsOf(inputs), adopt: adoptRequest(inputs) });
    return { id: written.id, outs: { ...toState(f, written.outputs, written.outputs), ...carried(inputs) } };
}

export async function read(provider: object, familyName: string, id: string, props: Bag = {}): Promise<dynamic.ReadResult> {
    const f = family(familyName);
    // A read with no state but the provider's own (a get) is no refresh.
    const refresh = Object.keys(props).some((k) => k !== "__provider");
    const result = await ops.read(ops.contextOf(provider), familyName, { id, state: props, secretPaths: secretPathsOf(props), refresh });
    if (!("outputs" in result)) return { id: "", props: {}, inputs: {} };
    return {
        id,
        props: { ...toState(f, result.inputs, result.outputs), ...carried(props) },
        inputs: { ...fieldsToState(f, result.inputs), ...carried(props) },
    };
}

export async function update(provider: object, familyName: string, id: string, olds: Bag, news: Bag): Promise<dynamic.UpdateResult> {
    const f = family(familyName);
    const result = await ops.update(ops.contextOf(provider), familyName, { id, olds, news, secretPaths: secretPathsOf(news) });
    return { outs: { ...toState(f, result.outputs, result.outputs), ...carried(news) } };
}

export async function remove(provider: object, familyName: string, id: string, props: Bag): Promise<void> {
    await ops.remove(ops.contextOf(provider), familyName, { id, state: props, secretPaths: secretPathsOf(props) });
}
