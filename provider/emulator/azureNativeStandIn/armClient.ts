// The stand-in's only way out: HTTP to the emulator's ARM surface named by ENTRA_ARM_ENDPOINT, with
// the emulator's bearer token. It retries what ARM asks to be retried (429, 503, 504, a dropped
// connection) after Retry-After, and follows asynchronous operations (202 + Location) to their end.
// It never falls back to management.azure.com: without an endpoint it refuses to start work.

export interface ArmResponse {
    status: number;
    body: any;
}

export class ArmError extends Error {
    constructor(
        message: string,
        readonly status: number,
        readonly code?: string,
    ) {
        super(message);
        // The engine prints the message; a stack would only repeat it.
        this.stack = message;
    }
}

const MAX_ATTEMPTS = 6;
const MAX_WAIT_MS = 30_000;

export interface ArmSettings {
    endpoint: string;
    token?: string;
    subscriptionId: string;
}

/** The settings from the plugin's environment, or an error saying what to set. */
export function armSettings(env: NodeJS.ProcessEnv = process.env): ArmSettings {
    const endpoint = env.ENTRA_ARM_ENDPOINT;
    const subscriptionId = env.ARM_SUBSCRIPTION_ID ?? env.AZURE_SUBSCRIPTION_ID;
    const what = "pulumi-resource-azure-native here is the offline stand-in from pulumi-entra-extensions";
    if (!endpoint)
        throw new ArmError(
            `${what}: set ENTRA_ARM_ENDPOINT to the emulator's URL, or take its directory off PATH to use the real azure-native plugin`,
            0,
        );
    if (!subscriptionId) throw new ArmError(`${what}: set ARM_SUBSCRIPTION_ID to the subscription the resources go to`, 0);
    return { endpoint: endpoint.replace(/\/+$/, ""), token: env.ENTRA_ACCESS_TOKEN, subscriptionId };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryAfterMs(h: Headers, attempt: number): number {
    const s = Number(h.get("retry-after"));
    return Math.min(Number.isFinite(s) && s >= 0 ? s * 1000 : 500 * 2 ** attempt, MAX_WAIT_MS);
}

export class ArmClient {
    constructor(readonly settings: ArmSettings) {}

    /** One ARM call; 202 answers with a Location are polled to their final answer. */
    async request(method: string, path: string, apiVersion: string, body?: unknown): Promise<ArmResponse> {
        const url = `${this.settings.endpoint}${path}?api-version=${apiVersion}`;
        let r = await this.send(method, url, body);
        while (r.status === 202 && r.headers.get("location")) {
            await sleep(retryAfterMs(r.headers, 0));
            r = await this.send("GET", new URL(r.headers.get("location")!, `${this.settings.endpoint}/`).toString());
        }
        const text = await r.text();
        let parsed: any;
        try {
            parsed = text ? JSON.parse(text) : undefined;
        } catch {
            parsed = text;
        }
        return { status: r.status, body: parsed };
    }

    /** Like request, but anything other than 2xx is an ArmError naming the call, the status and ARM's code and message. */
    async ok(method: string, path: string, apiVersion: string, body?: unknown): Promise<any> {
        const r = await this.request(method, path, apiVersion, body);
        if (r.status >= 200 && r.status < 300) return r.body;
        const e = r.body?.error ?? {};
        const message = e.message ?? JSON.stringify(r.body);
        throw new ArmError(`ARM ${method} ${path} answered ${r.status} ${e.code ?? ""}: ${message}`, r.status, e.code);
    }

    private authorization(): Record<string, string> {
        return this.settings.token ? { Authorization: `Bearer ${this.settings.token}` } : {};
    }

    private async send(method: string, url: string, body?: unknown): Promise<Response> {
        for (let attempt = 0; ; attempt++) {
            let r: Response | undefined;
            try {
                r = await fetch(url, {
                    method,
                    headers: { ...this.authorization(), "Content-Type": "application/json" },
                    body: body === undefined ? undefined : JSON.stringify(body),
                    signal: AbortSignal.timeout(60_000),
                });
            } catch (e) {
                if (attempt + 1 >= MAX_ATTEMPTS)
                    throw new ArmError(`ARM ${method} ${new URL(url).pathname} failed: ${(e as Error).message}`, 0);
                await sleep(500 * 2 ** attempt);
                continue;
            }
            if (![429, 503, 504].includes(r.status) || attempt + 1 >= MAX_ATTEMPTS) return r;
            await r.arrayBuffer();
            await sleep(retryAfterMs(r.headers, attempt));
        }
    }
}
