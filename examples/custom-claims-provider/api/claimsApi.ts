// A small custom claims provider API: the REST endpoint Entra calls at token issuance. It checks the
// bearer token as Microsoft asks (signature from the authority's keys, issuer, audience = the API's app id,
// caller = Entra's authentication extensions app) and answers `employeeId` and `costCenter` for the user,
// the claims the extension in ../index.ts declares. Node's http and crypto only; any framework does the same.
import { createPublicKey, verify } from "node:crypto";
import http from "node:http";

/** The app Entra's custom authentication extensions call with (`azp` of the token). */
const ENTRA_EXTENSIONS_APP = "99045fe1-7639-4a75-9d4a-577b6ca3810f";

export interface ClaimsApiOptions {
    /** `https://login.microsoftonline.com/{tenant}/v2.0`, or the emulator's `{url}/{tenant}/v2.0` offline. */
    authority: string;
    /** The app id of this API's registration: the token's audience. */
    apiAppId: string;
    /** The claims of a user, from HR (here: a map). */
    claimsOf(userId: string): Promise<{ employeeId: string; costCenter: string } | undefined>;
}

interface Keys {
    issuer: string;
    keys: Map<string, ReturnType<typeof createPublicKey>>;
}

async function loadKeys(authority: string): Promise<Keys> {
    const config: any = await (await fetch(`${authority.replace(/\/$/, "")}/.well-known/openid-configuration`)).json();
    const jwks: any = await (await fetch(config.jwks_uri)).json();
    return { issuer: config.issuer, keys: new Map(jwks.keys.map((k: any) => [k.kid, createPublicKey({ key: k, format: "jwk" })])) };
}

/** The token's claims when it is one Entra sent to this API, else why not. */
function check(token: string, keys: Keys, apiAppId: string): { claims?: any; problem?: string } {
    const [h, p, s] = token.split(".");
    if (!s) return { problem: "not a JWT" };
    let header: any;
    try {
        header = JSON.parse(Buffer.from(h, "base64url").toString());
    } catch {
        return { problem: "not a JWT" };
    }
    const key = keys.keys.get(header.kid);
    if (header.alg !== "RS256" || !key) return { problem: "unknown signing key" };
    if (!verify("sha256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url"))) return { problem: "bad signature" };
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    if (claims.iss !== keys.issuer) return { problem: `issuer ${claims.iss}` };
    if (claims.aud !== apiAppId) return { problem: `audience ${claims.aud}` };
    if ((claims.azp ?? claims.appid) !== ENTRA_EXTENSIONS_APP) return { problem: "not called by Entra's authentication extensions" };
    if (!(claims.exp > Date.now() / 1000)) return { problem: "expired" };
    return { claims };
}

export function claimsApi(options: ClaimsApiOptions): http.RequestListener {
    let keys: Promise<Keys> | undefined;
    const json = (res: http.ServerResponse, status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
    };
    // A request that fails (keys not reachable, a body that is not JSON) is answered, never left to crash the process.
    return (req, res) => void handle(req, res).catch((e) => json(res, 500, { error: String((e as Error).message ?? e) }));
    async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        if (req.method !== "POST") return json(res, 405, { error: "POST only" });
        // Keys that failed to load are asked for again on the next call.
        keys ??= loadKeys(options.authority).catch((e) => {
            keys = undefined;
            throw e;
        });
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
        const { problem } = check(token, await keys, options.apiAppId);
        if (problem) return json(res, 401, { error: `token refused: ${problem}` });
        const event = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const user = event?.data?.authenticationContext?.user;
        const claims = (user?.id && (await options.claimsOf(user.id))) || { employeeId: "", costCenter: "" };
        json(res, 200, {
            data: {
                "@odata.type": "microsoft.graph.onTokenIssuanceStartResponseData",
                actions: [{ "@odata.type": "microsoft.graph.tokenIssuanceStart.provideClaimsForToken", claims }],
            },
        });
    }
}
