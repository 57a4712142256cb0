// The tokens the emulator issues as Entra would: RS256 JWTs signed by a key made per emulator (never
// written anywhere), published as an OpenID configuration and a JWKS on the emulator's own port, so an
// API that validates Entra's tokens can take the emulator as its authority. The claims follow what
// Microsoft documents per caller (docs/firing.md, "The token").

import { KeyObject, generateKeyPairSync, randomUUID, sign, verify } from "node:crypto";
import type { Json } from "../failures";
import { CLOUDS, CloudName, tokenIssuer } from "../../graph/settings";

/** The app id Entra's custom authentication extensions call with (`azp` of a v2 token, `appid` of a v1 token). */
export const AUTHENTICATION_EXTENSIONS_APP_ID = "99045fe1-7639-4a75-9d4a-577b6ca3810f";

const b64 = (v: Buffer | string) => Buffer.from(v).toString("base64url");
const json64 = (o: Json) => b64(JSON.stringify(o));

export class TokenIssuer {
    readonly kid = randomUUID();
    private readonly privateKey: KeyObject;
    readonly publicKey: KeyObject;

    /** The cloud whose hosts the tokens name (issuers, Graph and Resource Manager audiences): the emulator's. */
    constructor(
        readonly tenantId: string,
        readonly cloud: CloudName = "AzureCloud",
    ) {
        const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
        this.privateKey = pair.privateKey;
        this.publicKey = pair.publicKey;
    }

    /** Entra's v2 issuer for the tenant (workforce), as written in the token and the OpenID configuration. */
    get issuer(): string {
        return `${CLOUDS[this.cloud].authority}/${this.tenantId}/v2.0`;
    }

    /** The v1 issuer (the PoP tokens that call Logic Apps carry it, with its trailing slash): the one ExtensionLogicApp's policy names. */
    get v1Issuer(): string {
        return tokenIssuer(this.cloud, this.tenantId);
    }

    /** The audience of an app-only token for the cloud's Graph. */
    get graphAudience(): string {
        return CLOUDS[this.cloud].graph;
    }

    sign(claims: Json, lifetimeSeconds = 3600): string {
        const now = Math.floor(Date.now() / 1000);
        const header = { typ: "JWT", alg: "RS256", kid: this.kid };
        const payload = { iat: now, nbf: now, exp: now + lifetimeSeconds, tid: this.tenantId, uti: randomUUID(), ...claims };
        const input = `${json64(header)}.${json64(payload)}`;
        return `${input}.${b64(sign("sha256", Buffer.from(input), this.privateKey))}`;
    }

    /** The token Entra sends to a custom authentication extension's API: v2, audience the API's app id. */
    forAuthenticationExtension(apiAppId: string): string {
        return this.sign({
            aud: apiAppId,
            iss: this.issuer,
            azp: AUTHENTICATION_EXTENSIONS_APP_ID,
            azpacr: "2",
            oid: randomUUID(),
            sub: AUTHENTICATION_EXTENSIONS_APP_ID,
            roles: [],
            ver: "2.0",
        });
    }

    /**
     * What Lifecycle Workflows and entitlement management present to a Logic App: the claims its AADPOP
     * policy checks (iss, appid, m, u, p) in one signed token. A real PoP token wraps an access token in a
     * signed request envelope; the emulator puts the checked claims in one token (docs/firing.md).
     */
    forLogicApp(callingAppId: string, resourcePath: string): string {
        return this.sign({
            aud: `https://${CLOUDS[this.cloud].arm}`,
            iss: this.v1Issuer,
            appid: callingAppId,
            m: "POST",
            u: CLOUDS[this.cloud].arm,
            p: resourcePath,
            ver: "1.0",
        });
    }

    /** An app-only token for Graph, as a Logic App's identity or any client gets one: roles are its application permissions. */
    forGraph(appId: string, roles: string[] = []): string {
        return this.sign({ aud: this.graphAudience, iss: this.v1Issuer, appid: appId, idtyp: "app", roles, ver: "1.0" });
    }

    /** The claims of a token this issuer signed and that has not expired, or undefined. */
    read(token: string): Json | undefined {
        const parts = token.split(".");
        if (parts.length !== 3) return undefined;
        try {
            const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
            if (header.alg !== "RS256" || header.kid !== this.kid) return undefined;
            const ok = verify("sha256", Buffer.from(`${parts[0]}.${parts[1]}`), this.publicKey, Buffer.from(parts[2], "base64url"));
            if (!ok) return undefined;
            const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
            const now = Date.now() / 1000;
            return claims.exp > now && claims.nbf <= now + 300 ? claims : undefined;
        } catch {
            return undefined;
        }
    }

    /** The JSON Web Key Set an API fetches to check the signature. */
    jwks(): Json {
        const jwk = this.publicKey.export({ format: "jwk" });
        return { keys: [{ kty: "RSA", use: "sig", kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e, alg: "RS256", issuer: this.issuer }] };
    }

    /** The OpenID configuration served at `{base}/{tenant}/v2.0/.well-known/openid-configuration`. */
    openIdConfiguration(base: string): Json {
        const t = `${base}/${this.tenantId}`;
        return {
            issuer: this.issuer,
            jwks_uri: `${t}/discovery/v2.0/keys`,
            token_endpoint: `${t}/oauth2/v2.0/token`,
            authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
            response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
            subject_types_supported: ["pairwise"],
            id_token_signing_alg_values_supported: ["RS256"],
            token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            tenant_region_scope: null,
        };
    }
}
