// Faults the emulator injects on request, so that clients can be tested against Graph's bad days.

export type FaultKind =
    /** 429 with Retry-After; the request is not carried out. */
    | "throttle"
    /** 503 (with Retry-After when given); not carried out. */
    | "unavailable"
    /** The connection is dropped before the request is carried out. */
    | "dropBeforeStore"
    /** The request is carried out, then the connection is dropped before the answer. */
    | "dropAfterStore"
    /** The request is carried out, then answered 504: the client cannot know it was stored. */
    | "timeoutAfterStore"
    /** The first read of an object created by the matching request answers 404 (a lagging replica). */
    | "notFoundAfterCreate"
    /** As dropAfterStore, and the next listing of its collection leaves the object out (a lagging replica). */
    | "dropAfterStoreUnlisted"
    /** The answer is held back for delayMs. */
    | "slow";

export interface FaultRule {
    kind: FaultKind;
    /** Only requests with this method (GET, POST, ...). */
    method?: string;
    /** Only requests whose path contains this text. */
    pathContains?: string;
    /** How many requests it applies to; default 1. */
    times?: number;
    retryAfterSeconds?: number;
    delayMs?: number;
}

export interface ThrottleStorm {
    /** Share of Graph requests answered 429, 0..1. */
    rate: number;
    retryAfterSeconds: number;
    /** Seed of the PRNG that picks the throttled requests: the same seed throttles the same requests. */
    seed?: number;
    /** Only writes (POST, PATCH, PUT, DELETE) are throttled, as Graph often does: reads pass. */
    writesOnly?: boolean;
    /** The storm breaks after this many writes have come (the middle of a run), not at once. */
    afterWrites?: number;
    /** The storm ends this long after it broke; it lasts until cleared when absent. */
    durationSeconds?: number;
}

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

export class Faults {
    private rules: (FaultRule & { left: number })[] = [];
    private storm?: ThrottleStorm & { next: () => number; writes: number; brokeAt?: number };

    add(rule: FaultRule) {
        this.rules.push({ ...rule, left: rule.times ?? 1 });
    }

    setStorm(storm: ThrottleStorm | undefined) {
        this.storm = storm ? { ...storm, next: mulberry32(storm.seed ?? 1), writes: 0 } : undefined;
    }

    clear() {
        this.rules = [];
        this.storm = undefined;
    }

    /** The rule that applies to this request, consumed; the storm counts as a throttle rule. */
    take(method: string, path: string): FaultRule | undefined {
        const i = this.rules.findIndex(
            (r) => r.left > 0 && (!r.method || r.method === method) && (!r.pathContains || path.includes(r.pathContains)),
        );
        if (i >= 0) {
            const r = this.rules[i];
            r.left--;
            if (r.left === 0) this.rules.splice(i, 1);
            return r;
        }
        if (this.storm && this.inStorm(method) && this.storm.next() < this.storm.rate)
            return { kind: "throttle", retryAfterSeconds: this.storm.retryAfterSeconds };
        return undefined;
    }

    /** Whether the storm throttles this request: it has broken, has not ended, and takes requests of this kind. */
    private inStorm(method: string): boolean {
        const s = this.storm!;
        const write = WRITES.has(method);
        if (s.brokeAt === undefined) {
            if (write) s.writes++;
            if (s.afterWrites !== undefined && s.writes <= s.afterWrites) return false;
            s.brokeAt = Date.now();
        }
        if (s.durationSeconds !== undefined && Date.now() - s.brokeAt >= s.durationSeconds * 1000) return false;
        return write || !s.writesOnly;
    }

    /** When the storm broke (ms since the epoch), if it has. */
    get stormBrokeAt(): number | undefined {
        return this.storm?.brokeAt;
    }
}

function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
