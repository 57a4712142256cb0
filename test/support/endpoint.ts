// A local HTTP endpoint for the fire tests: each request is answered by the function the test sets, and
// kept (path, headers, body) so the test can read what the emulator sent.
import http from "node:http";
import { AddressInfo } from "node:net";

export interface Received {
    /** The request's path and query. */
    url: string;
    headers: http.IncomingHttpHeaders;
    body: any;
}

export interface Reply {
    status?: number;
    headers?: Record<string, string>;
    /** An object is sent as JSON; a string as it is. */
    body?: unknown;
    delayMs?: number;
}

export interface Endpoint {
    url: string;
    received: Received[];
    answer: (r: Received) => Reply | Promise<Reply>;
    close(): Promise<void>;
}

export async function startEndpoint(answer: Endpoint["answer"] = () => ({ status: 202 })): Promise<Endpoint> {
    const ep: Endpoint = { url: "", received: [], answer, close: async () => undefined };
    const server = http.createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        const r: Received = { url: req.url ?? "", headers: req.headers, body: text ? JSON.parse(text) : undefined };
        ep.received.push(r);
        const reply = await ep.answer(r);
        if (reply.delayMs) await new Promise((ok) => setTimeout(ok, reply.delayMs));
        if (res.destroyed) return;
        const body = typeof reply.body === "string" || reply.body === undefined ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, {
            ...(typeof reply.body === "object" ? { "Content-Type": "application/json" } : {}),
            ...reply.headers,
        });
        res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    ep.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    ep.close = async () => {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
    };
    return ep;
}
