// read (a refresh, an import) and remove (a delete): what Graph holds of an object now, and its deletion, where the
// run may let go of an object another resource took over instead of deleting it.

import { family } from "../families";
import { fromGraph } from "../families/canonical";
import { GraphRequestError } from "../graph/errors";
import { describe, graphOf, itemPath, outputsOf } from "./common";
import { readUntil } from "../graph/replication";
import type { OperationContext } from "./context";
import type { DeleteRequest, ReadRequest, ReadResult } from "./requests";
import { guarded, secretsAt } from "./secrets";
import { fromState } from "./stateForm";
import { writePart } from "./write";

/**
 * A 404 this soon after create may be a replica that has not caught up rather than a deletion: such a
 * read looks again, briefly. Older objects are read once.
 */
const FRESH_MS = 60_000;
const READ_AFTER_CREATE_WAITS_MS = [500, 1500];

export async function read(ctx: OperationContext, familyName: string, req: ReadRequest): Promise<ReadResult> {
    const secrets = secretsAt(req.state, req.secretPaths);
    return guarded(ctx.secrets, secrets, async () => {
        const f = family(familyName);
        const { id } = req;
        const previous = fromState(f, req.state);
        const what = `reading ${describe(f, previous, id, secrets)}`;
        const created = Date.parse(String(req.state.createdDateTime ?? ""));
        const fresh = Number.isFinite(created) && Date.now() - created < FRESH_MS;
        const graph = graphOf(ctx, f);
        const body = await readUntil(
            (i) =>
                graph.getIfPresent(itemPath(ctx, f, previous, id), i ? `${what} (created moments ago; not found yet)` : what, f.readQuery),
            (answer) => answer !== undefined,
            fresh ? READ_AFTER_CREATE_WAITS_MS : [],
        );
        // A refresh (a read with the resource's state) shows this stack's resource: evidence for a create that meets the
        // object (ownership.ts). A read without state (a read-only get, an import's read) proves nothing of the kind:
        // its object is another resource's to stand for, never a create's to take over.
        if (req.refresh) ctx.shown.add(id);
        else ctx.standing.add(id);
        if (!body) {
            ctx.gone.add(id);
            return { id: "" };
        }
        const canonical = fromGraph(f, body, previous);
        return { id, outputs: outputsOf(f, canonical, body), inputs: canonical };
    });
}

export async function remove(ctx: OperationContext, familyName: string, req: DeleteRequest): Promise<void> {
    const secrets = secretsAt(req.state, req.secretPaths);
    return guarded(ctx.secrets, secrets, async () => {
        const f = family(familyName);
        const { id } = req;
        const c = fromState(f, req.state);
        const what = `deleting ${describe(f, c, id, secrets)}`;
        const graph = graphOf(ctx, f);
        const claimant = ctx.claimed.get(id);
        if (claimant) {
            ctx.notice(`${what}: not deleted: another resource of this run stands for it now (${claimant}); this one lets go of it`);
            return;
        }
        if (f.partOf) {
            try {
                await writePart(ctx, f, id, { ...c, ...f.partOf.emptied }, what);
            } catch (e) {
                if (!(e instanceof GraphRequestError && e.status === 404)) throw e; // the object is gone, and its part with it
            }
            // The object stays: a replacement of this resource may write its part again.
            ctx.standing.delete(id);
            return;
        }
        // A deleted object may still be in this run's listing (lookups.ts): no create may take it over.
        ctx.shown.add(id);
        ctx.gone.add(id);
        try {
            await graph.delete(itemPath(ctx, f, c, id), what);
        } catch (e) {
            if (!(e instanceof GraphRequestError)) throw e;
            if (e.status === 404) return; // already gone: the goal is reached
            if ((e.status === 400 || e.status === 409) && f.inUseHint)
                throw new GraphRequestError(what, e.status, e.code, e.graphMessage, e.requestId, `Graph keeps it because ${f.inUseHint}`);
            throw e;
        }
        // A soft-deleted object keeps its name and the tenant's quota until purged.
        if (f.purge && c[f.purge.unless] !== true)
            try {
                await graph.delete(f.purge.path(id, graph.settings.version), `${what}: purging it from deleted items`);
            } catch (e) {
                if (!(e instanceof GraphRequestError && e.status === 404)) throw e;
            }
    });
}
