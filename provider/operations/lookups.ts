// The look-up before a create (what is already there: operations/ownership.ts), without a round trip per create:
// one paged listing of a collection (per catalog for access package extensions), shared by the creates of a run,
// instead of one `$filter` look-up each.
//
// Why one listing per run is enough: what a create must not duplicate or take over unasked was in Graph before
// this run began (another stack's objects, an administrator's, what an interrupted run left), so a listing taken at
// the run's first create holds it. What changes afterwards this process knows itself: what it creates, takes
// over, reads, updates or deletes is in its run knowledge (`standing`, `shown`, `gone`), and a deleted object
// still in the listing is never offered. What the listing can miss is an object someone else made during the run:
// for a family whose names are unique, Graph's conflict on the POST then says so (create turns it into the same
// stop); a look-up before each POST would not close that window either. After a create whose answer was lost,
// the look-up asks Graph again as it is then (postCreate in create.ts).
//
// Where a run begins and ends: the engine's provider host configures each provider object once per process,
// and that process serves one engine operation, so a configured context keeps its listings for its life
// (`keep: "run"`). A provider object nobody configured (a test, a program that drives the provider in its
// own long-lived process) has no such boundary: there a listing serves only the creates in flight together
// and is dropped when the last of them ends (`keep: "inFlight"`), so it is never older than its creates.

import { Canonical, Family, GraphBody, identifiedByName, titles, typeField } from "../families/family";
import { fromGraph } from "../families/canonical";
import type { GraphClient } from "../graph/client";
import { GraphRequestError, SignInError } from "../graph/errors";

interface Listing {
    objects: Promise<GraphBody[]>;
    /** Creates using it that have not ended yet. */
    users: number;
}

/** The listings of one provider context, by collection path (see OperationContext). */
export class SharedListings {
    private readonly byPath = new Map<string, Listing>();
    /** Listings sent so far (for the benchmark's count of requests per create). */
    listed = 0;

    /** `run`: a listing is kept for the context's life (one engine operation); `inFlight`: until its last create ends. */
    constructor(readonly keep: "run" | "inFlight") {}

    /**
     * Runs `create` with the objects of the collection at `path` that may be what it would create (see `candidatesIn`),
     * and the ids of every object the listing holds (what was there before any POST of this run's creates).
     * A failed listing fails each create that waited for it as its own `operation`, and is not kept: the next
     * create asks again.
     */
    async around<T>(
        graph: GraphClient,
        f: Family,
        c: Canonical,
        path: string,
        operation: string,
        gone: Set<string>,
        create: (candidates: GraphBody[], listed: Set<string>) => Promise<T>,
    ): Promise<T> {
        if ((f.leftoverLookup ?? "displayName") === "none") return create([], new Set());
        // A family that lists only what a filter narrows shares the listing with the creates of the same filter.
        const filter = f.lookupFilter?.(c);
        const key = filter === undefined ? path : `${path}?$filter=${filter}`;
        let listing = this.byPath.get(key);
        if (!listing) {
            this.listed++;
            const query = filter === undefined ? undefined : { $filter: filter };
            const objects = graph.list(path, `${operation}: listing the ${titles(f)} there`, { query }).then((r) => r.value);
            const mine: Listing = (listing = { objects, users: 0 });
            objects.catch(() => this.byPath.get(key) === mine && this.byPath.delete(key));
            this.byPath.set(key, mine);
        }
        listing.users++;
        try {
            const objects = await listing.objects.catch((e) => Promise.reject(asFailureOf(e, operation)));
            const candidates = await readWhole(graph, f, path, candidatesIn(f, c, objects, gone), operation);
            return await create(candidates, new Set(objects.map((o) => String(o.id))));
        } finally {
            const last = --listing.users === 0;
            if (last && this.keep === "inFlight" && this.byPath.get(key) === listing) this.byPath.delete(key);
        }
    }
}

/**
 * Of a collection's objects, those worth comparing with the program's (ownership.ts decides): named as the program
 * names its object where the name tells (without regard to case, as Graph's `$filter eq` finds names), of
 * its type unless Graph keeps names unique across types, and not deleted in this run.
 */
export function candidatesIn(f: Family, c: Canonical, objects: GraphBody[], gone: Set<string>): GraphBody[] {
    const t = f.uniqueNames ? undefined : typeField(f)?.name;
    // A family identified by other fields (a listener) meets an object of any name.
    const named = typeof c.displayName === "string" && identifiedByName(f);
    const kept = notInGraph(f, c);
    return objects.filter((o) => {
        if (gone.has(String(o.id))) return false;
        const g = fromGraph(f, o, kept);
        return (!t || g[t] === c[t]) && (!named || sameName(g.displayName, c.displayName));
    });
}

/** Names compare as Graph's `$filter eq` compares them, without case. */
export const sameName = (a: unknown, b: unknown): boolean =>
    typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

/** The program's values of the fields Graph does not hold (catalogId, policyId): all of `c` an object's reading may keep. */
export function notInGraph(f: Family, c: Canonical): Canonical {
    return Object.fromEntries(f.fields.filter((x) => !x.graphKey && c[x.name] !== undefined).map((x) => [x.name, c[x.name]]));
}

/**
 * The candidates as a read of each gives them: one a listing gave without a property the family requires (a
 * workflow's tasks, a navigation a listing need not expand) is read on its own, so that its settings are
 * compared with what Graph holds, never with the program's values standing in for what was left out.
 */
export async function readWhole(
    graph: GraphClient,
    f: Family,
    path: string,
    objects: GraphBody[],
    operation: string,
): Promise<GraphBody[]> {
    const lacks = (o: GraphBody) => f.fields.some((x) => x.required && x.graphKey && o[x.graphKey] === undefined);
    return Promise.all(
        objects.map(async (o) =>
            lacks(o) ? ((await graph.getIfPresent(`${path}/${encodeURIComponent(String(o.id))}`, operation, f.readQuery)) ?? o) : o,
        ),
    );
}

/** A failure of the shared listing, as the failure of one create that waited for it. */
function asFailureOf(e: unknown, operation: string): unknown {
    if (e instanceof SignInError) return new SignInError(operation, e.graphMessage);
    if (e instanceof GraphRequestError) return new GraphRequestError(operation, e.status, e.code, e.graphMessage, e.requestId);
    return e;
}
