// One POST to the extension's endpoint within a timeout, and what came back. Real HTTP: the endpoint is
// a URL (in-process handlers are put behind a loopback server by provider/testing).

import type { Json } from "../failures";

export interface Attempt {
    /** Milliseconds from sending to the whole answer, or to giving up. */
    ms: number;
    status?: number;
    contentType?: string;
    text?: string;
    /** Why there is no answer: the timeout passed, or the connection failed. */
    failure?: "timeout" | "connection";
    /** The connection error's message. */
    detail?: string;
}

export async function post(url: string, body: Json, headers: Record<string, string>, timeoutMs: number): Promise<Attempt> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
        const res = await fetch(url, {
            method: "POST",
            headers: { "Content-Type": "application/json", ...headers },
            body: JSON.stringify(body),
            signal: abort.signal,
        });
        const text = await res.text();
        return { ms: ms(), status: res.status, contentType: res.headers.get("content-type") ?? undefined, text };
    } catch (e) {
        if (abort.signal.aborted) return { ms: ms(), failure: "timeout" };
        const err = e as Error & { cause?: { code?: string; message?: string } };
        return { ms: ms(), failure: "connection", detail: err.cause?.code ?? err.cause?.message ?? err.message };
    } finally {
        clearTimeout(timer);
    }
}
