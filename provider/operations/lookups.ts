// The look-up before a create, for the no-duplicate guarantee after an interrupted run, without a round
// trip per create: the creates of a run that are in flight together share one paged listing of their
// collection (per catalog for access package extensions), instead of one `$filter` look-up each.
//
// Why sharing is safe: the listing is taken before any of those creates' POSTs can be answered, so it holds
// every object an earlier run left; what this process creates afterwards it knows (`taken`), and a create
// never takes one of those over. Why it is dropped when the last create using it ends: a provider object
// may live long (tests, programs that drive the provider in their own process) while the tenant changes,
// and a listing older than the creates it serves would miss what others made since. A run's creates overlap,
// so in practice a run lists each collection once or a few times; a lone create lists once, like before.

import { Canonical, Family, GraphBody, typeField } from "../extensions/family";
import { fromGraph } from "../extensions/canonical";
import type { GraphClient } from "../graph/client";
import { GraphRequestError, SignInError } from "../graph/errors";

interface Listing {
    objects: Promise<GraphBody[]>;
    /** Creates using it that have not ended yet. */
    users: number;
}

/** The listings shared by the creates in flight, by collection path. One per provider object (see OperationContext). */
export class SharedListings {
    private readonly byPath = new Map<string, Listing>();
    /** Listings sent so far (for the benchmark's count of requests per create). */
    listed = 0;

    /**
     * Runs `create` with the objects of the collection at `path` that may be what an interrupted run left
     * for this resource (see `leftoversIn`). The listing stays shared until `create` and every other create
     * that uses it have ended. A failed listing fails each create that waited for it as its own `operation`.
     */
    async around<T>(
        graph: GraphClient,
        f: Family,
        c: Canonical,
        path: string,
        operation: string,
        taken: Set<string>,
        create: (candidates: GraphBody[]) => Promise<T>,
    ): Promise<T> {
        if ((f.leftoverLookup ?? "displayName") === "none") return create([]);
        let listing = this.byPath.get(path);
        if (!listing) {
            this.listed++;
            const objects = graph.list(path, `${operation}: listing the ${f.title}s there`).then((r) => r.value);
            listing = { objects, users: 0 };
            const mine = listing;
            // A failed listing is not kept: the next create asks again.
            objects.catch(() => this.byPath.get(path) === mine && this.byPath.delete(path));
            this.byPath.set(path, listing);
        }
        listing.users++;
        try {
            const objects = await listing.objects.catch((e) => Promise.reject(asFailureOf(e, operation)));
            return await create(leftoversIn(f, c, objects, taken));
        } finally {
            if (--listing.users === 0 && this.byPath.get(path) === listing) this.byPath.delete(path);
        }
    }
}

/**
 * Of a collection's objects, those of this family's type, named as the program names its object (unnamed when
 * it gives no name), that no resource of this run has taken: the choice `sameNamed` makes from Graph.
 */
export function leftoversIn(f: Family, c: Canonical, objects: GraphBody[], taken: Set<string>): GraphBody[] {
    const t = typeField(f)?.name;
    return objects.filter((o) => {
        if (taken.has(String(o.id))) return false;
        const g = fromGraph(f, o, c);
        return (!t || g[t] === c[t]) && g.displayName === c.displayName;
    });
}

/** A failure of the shared listing, as the failure of one create that waited for it. */
function asFailureOf(e: unknown, operation: string): unknown {
    if (e instanceof SignInError) return new SignInError(operation, e.graphMessage);
    if (e instanceof GraphRequestError) return new GraphRequestError(operation, e.status, e.code, e.graphMessage, e.requestId);
    return e;
}
