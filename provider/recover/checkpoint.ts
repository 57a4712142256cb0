// What a stack's checkpoint (`pulumi stack export`) says of an interrupted `pulumi up`: the creates it was waiting
// for when it stopped (`pending_operations` of type `creating`, each with the resource's URN and the inputs the
// engine sent), the provider settings they ran with, and the checkpoint with some of them recorded as resources.
// That record is the one evidence that an object is this stack's although its create never answered.

import { familyOfType } from "../families";
import type { Family } from "../families/family";
import type { ConfigGetter } from "../graph/settings";
import { SECRET_SIG, SIG_KEY } from "../plugin/properties";

/** The parts of `pulumi stack export`'s JSON this module reads and writes. */
export interface Checkpoint {
    version: number;
    deployment: {
        resources?: StateResource[];
        pending_operations?: { resource: StateResource; type: string }[];
        [k: string]: unknown;
    };
}

export interface StateResource {
    urn: string;
    type: string;
    id?: string;
    custom?: boolean;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    provider?: string;
    [k: string]: unknown;
}

/** A create the engine was waiting for when the run stopped, of a resource of this package. */
export interface PendingCreate {
    urn: string;
    family: Family;
    /** The inputs it was sent with, secrets shown (from `stack export --show-secrets`: for the look-up only). */
    inputs: Record<string, unknown>;
    /** The provider reference (`urn::id`) it ran with. */
    provider?: string;
}

const isEnvelope = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v) && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

/**
 * A value of an export made with `--show-secrets`: each secret envelope (`{sig, plaintext: "<JSON>"}`) as the value
 * it holds. An envelope holding only ciphertext cannot be read here: the export was made without `--show-secrets`.
 */
export function revealed(v: unknown): unknown {
    if (isEnvelope(v)) {
        if (typeof v.plaintext === "string") return revealed(JSON.parse(v.plaintext));
        if ("value" in v) return revealed(v.value);
        throw new Error("a secret value of the checkpoint is encrypted (export it with --show-secrets)");
    }
    if (Array.isArray(v)) return v.map(revealed);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revealed(x)]));
    return v;
}

/** The pending creates of this package's resources, and the URNs of the others (another provider's: not ours to resolve). */
export function pendingCreates(shown: Checkpoint): { ours: PendingCreate[]; others: string[] } {
    const ours: PendingCreate[] = [];
    const others: string[] = [];
    for (const op of shown.deployment.pending_operations ?? []) {
        if (op.type !== "creating") continue;
        const family = familyOfType(op.resource.type);
        if (!family) others.push(op.resource.urn);
        else
            ours.push({
                urn: op.resource.urn,
                family,
                inputs: revealed(op.resource.inputs ?? {}) as Record<string, unknown>,
                provider: op.resource.provider,
            });
    }
    return { ours, others };
}

/**
 * The settings a pending create ran with, as the provider reads them: the inputs of its provider resource in the
 * checkpoint (the TypeScript default provider holds the stack's config keyed `entra:graphEndpoint`; the plugin's
 * provider its inputs keyed `graphEndpoint`); the environment fills in the rest (resolveSettings).
 */
export function settingsOf(shown: Checkpoint, pending: PendingCreate): ConfigGetter {
    const ref = pending.provider ?? "";
    const cut = ref.lastIndexOf("::");
    const [urn, id] = cut < 0 ? [ref, ""] : [ref.slice(0, cut), ref.slice(cut + 2)];
    const provider = (shown.deployment.resources ?? []).find((r) => r.urn === urn && (r.id ?? "") === id);
    const inputs = (revealed(provider?.inputs ?? {}) ?? {}) as Record<string, unknown>;
    return (key: string) => {
        const v = Object.hasOwn(inputs, key) ? inputs[key] : inputs[key.replace(/^entra:/, "")];
        return v === undefined || v === null ? undefined : typeof v === "string" ? v : JSON.stringify(v);
    };
}

/**
 * A time the interrupted run began after (ms), or undefined when nothing says: the latest start among the stack's
 * recorded operations (`pulumi stack history --json`: a run stopped by Ctrl-C is recorded, a killed one is not, and
 * then the run before it bounds it) and the creation of its stack resource (the first run's start, when no
 * operation was recorded). An object made before it is not what the interrupted create made.
 */
export function runBeganAfter(cp: Checkpoint, history: { startTime?: string }[]): number | undefined {
    const stack = (cp.deployment.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack");
    const times = [stack?.created, ...history.map((h) => h.startTime)]
        .map((t) => (typeof t === "string" ? Date.parse(t) : NaN))
        .filter(Number.isFinite);
    return times.length ? Math.max(...times) : undefined;
}

/** Ids the checkpoint's resources stand for: never candidates for a pending create. */
export const heldIds = (cp: Checkpoint): Set<string> =>
    new Set((cp.deployment.resources ?? []).filter((r) => r.custom && r.id).map((r) => String(r.id)));

/**
 * The checkpoint (as exported without secrets shown: ciphertext stays ciphertext) with each of `recovered` recorded as
 * the resource its pending create was for, holding the id found, and the pending creates of `cleared` dropped. The
 * outputs start as the inputs; the `pulumi refresh` that follows reads the objects through the provider.
 */
export function withRecovered(cp: Checkpoint, recovered: Map<string, string>, cleared: Set<string>): Checkpoint {
    const ops = cp.deployment.pending_operations ?? [];
    const resources = [...(cp.deployment.resources ?? [])];
    const pending = ops.filter((op) => {
        if (op.type !== "creating") return true;
        const id = recovered.get(op.resource.urn);
        if (id !== undefined) resources.push({ ...op.resource, id, outputs: { ...(op.resource.inputs ?? {}) } });
        return id === undefined && !cleared.has(op.resource.urn);
    });
    return { ...cp, deployment: { ...cp.deployment, resources, pending_operations: pending } };
}
