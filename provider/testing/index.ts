// `pulumi-entra-extensions/testing`: fire a custom authentication event at your handler, as Entra would,
// and get the verdict, from jest or any runner. The handler is a URL, a Node request listener
// (`(req, res) => ...`, an Express app) or a fetch-style function (`(request) => Response`); a function is
// served on a loopback port for the call, so it is exercised over real HTTP.

import http from "node:http";
import { AddressInfo } from "node:net";
import { generateKeyPairSync, KeyObject } from "node:crypto";
import type { GraphEmulator } from "../emulator";
import {
    AttributeValue,
    AuthenticationEvent,
    FireApplication,
    FireUser,
    TokenIssuer,
    Verdict,
    describe,
    fireAuthentication,
} from "../emulator/fire";
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from "../emulator/fire/authentication";
import { DEFAULT_APPLICATION, DEFAULT_ATTRIBUTES, DEFAULT_USER } from "../emulator/fire/events";
import { encryptPasswordContext } from "../emulator/fire/password";

export type { Verdict, Violation, CallbackReport, AuthenticationEvent } from "../emulator/fire";
export { AUTHENTICATION_EVENTS, AUTHENTICATION_EXTENSIONS_APP_ID } from "../emulator/fire";

export type FetchHandler = (request: Request) => Response | Promise<Response>;
export type Handler = string | URL | http.RequestListener | FetchHandler;

export interface FireEventOptions {
    event: AuthenticationEvent;
    /** The app id of your API's registration: the token's audience (default 11111111-2222-4333-8444-555555555555). */
    apiAppId?: string;
    /** The extension's clientConfiguration: 200..2000 ms (default 1000) and 0 or 1 retries (default 1). */
    timeoutInMilliseconds?: number;
    maximumRetries?: number;
    behaviorOnError?: "fallbackToMicrosoftProvider";
    /** Signs the token: an emulator (your API then takes `${emulator.url}/${emulator.tenantId}/v2.0` as its authority). */
    emulator?: GraphEmulator;
    user?: Partial<FireUser>;
    application?: Partial<FireApplication>;
    attributes?: Record<string, AttributeValue>;
    otp?: { identifier?: string; oneTimeCode?: string };
    verifiedIdClaims?: Record<string, string>;
    /** onPasswordSubmit: the password, and the public key your API decrypts with (made here when not given: see passwordKeys). */
    password?: string;
    passwordEncryptionKey?: KeyObject;
}

/** A key pair for onPasswordSubmit tests: give `publicKey` as passwordEncryptionKey, decrypt with `privateKey`. */
export function passwordKeys(): { publicKey: KeyObject; privateKey: KeyObject } {
    return generateKeyPairSync("rsa", { modulusLength: 2048 });
}

let ownIssuer: TokenIssuer | undefined;

/** Fires `options.event` at `handler` as Entra would and resolves with the verdict. */
export async function fireEvent(handler: Handler, options: FireEventOptions): Promise<Verdict> {
    const served = typeof handler === "function" ? await serve(handler) : undefined;
    try {
        const url = served?.url ?? String(handler);
        const issuer = options.emulator?.firing.tokens ?? (ownIssuer ??= new TokenIssuer("e17a0000-7e57-4000-8000-00000000e17a"));
        const apiAppId = options.apiAppId ?? "11111111-2222-4333-8444-555555555555";
        const user = { ...DEFAULT_USER, ...options.user };
        const password =
            options.event === "onPasswordSubmit"
                ? encryptPasswordContext(options.passwordEncryptionKey ?? passwordKeys().publicKey, {
                      username: user.userPrincipalName,
                      password: options.password ?? "Passw0rd!",
                      audience: `api://${new URL(url).host}/${apiAppId}`,
                  })
                : undefined;
        return await fireAuthentication({
            url,
            event: options.event,
            token: issuer.forAuthenticationExtension(apiAppId),
            timeoutMs: options.timeoutInMilliseconds ?? DEFAULT_TIMEOUT_MS,
            maximumRetries: options.maximumRetries ?? DEFAULT_RETRIES,
            fallbackToMicrosoftProvider: options.behaviorOnError === "fallbackToMicrosoftProvider",
            input: {
                tenantId: issuer.tenantId,
                extensionId: "22223333-cccc-4444-dddd-5555eeee6666",
                listenerId: "11112222-bbbb-3333-cccc-4444dddd5555",
                user,
                application: { ...DEFAULT_APPLICATION, ...options.application },
                attributes: options.attributes ?? DEFAULT_ATTRIBUTES,
                otp: { identifier: user.mail ?? user.userPrincipalName, oneTimeCode: "12345678", ...options.otp },
                verifiedIdClaims: options.verifiedIdClaims ?? { firstName: user.givenName ?? "", lastName: user.surname ?? "" },
                encryptedPasswordContext: password?.jwe,
            },
            nonce: password?.nonce,
            extension: { type: `#microsoft.graph.${options.event}CustomExtension` },
        });
    } finally {
        await served?.close();
    }
}

/** The verdict in a person's words (what `entra-graph-emulator fire` prints). */
export const describeVerdict = describe;

/** Throws with the verdict in words unless it passed: `assertPasses(await fireEvent(app, {...}))`. */
export function assertPasses(v: Verdict): Verdict {
    if (!v.ok) throw new Error(`the extension's answer breaks Entra's contract:\n${describe(v)}`);
    return v;
}

/** Serves a function on a loopback port for one firing. */
async function serve(fn: http.RequestListener | FetchHandler): Promise<{ url: string; close(): Promise<void> }> {
    // Two parameters is a Node listener (req, res), as Express apps are; one is a fetch-style handler.
    const listener: http.RequestListener = fn.length >= 2 ? (fn as http.RequestListener) : fetchListener(fn as FetchHandler);
    const server = http.createServer(listener);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: async () => {
            server.closeAllConnections();
            await new Promise((r) => server.close(r));
        },
    };
}

function fetchListener(fn: FetchHandler): http.RequestListener {
    return async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const headers = Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : v ? [[k, v]] : []));
        try {
            const response = await fn(
                new Request(`http://${req.headers.host}${req.url}`, {
                    method: req.method,
                    headers: headers as [string, string][],
                    body: Buffer.concat(chunks),
                }),
            );
            res.writeHead(response.status, Object.fromEntries(response.headers));
            res.end(Buffer.from(await response.arrayBuffer()));
        } catch (e) {
            res.writeHead(500, { "Content-Type": "text/plain" });
            res.end(String((e as Error)?.stack ?? e));
        }
    };
}
