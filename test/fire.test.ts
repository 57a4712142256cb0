// Firing custom authentication extensions at local HTTP endpoints: each event with each action it takes,
// the token an API validates against the emulator's OpenID configuration, and each violation that can be
// produced offline with the code Entra logs for it.
import { generateKeyPairSync } from "node:crypto";
import * as jose from "jose";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { AUTHENTICATION_EVENTS, AuthenticationEvent, EVENTS, describe as describeVerdict } from "../provider/emulator/fire";
import { AUTHENTICATION_EXTENSION_TYPES } from "../provider/families/customAuthenticationExtension";
import { Endpoint, Received, Reply, startEndpoint } from "./support/endpoint";

const API_APP = "11111111-2222-4333-8444-555555555555";
const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const passwordKey = publicKey.export({ type: "spki", format: "pem" }) as string;

let emu: GraphEmulator;
let ep: Endpoint;
beforeAll(async () => {
    emu = await startEmulator();
    ep = await startEndpoint();
});
afterAll(async () => {
    await ep.close();
    await emu.close();
});
beforeEach(() => {
    ep.received.length = 0;
});

function extension(event: AuthenticationEvent, more: Record<string, unknown> = {}): string {
    return emu.create("customAuthenticationExtensions", {
        "@odata.type": AUTHENTICATION_EXTENSION_TYPES[event],
        displayName: `${event} API`,
        endpointConfiguration: { "@odata.type": "#microsoft.graph.httpRequestEndpoint", targetUrl: "https://api.contoso.com/entra" },
        authenticationConfiguration: {
            "@odata.type": "#microsoft.graph.azureAdTokenAuthentication",
            resourceId: `api://api.contoso.com/${API_APP}`,
        },
        ...more,
    }).id;
}

/** What an action carries besides its type, for a handler that answers as the docs show. */
const PAYLOAD: Record<string, Record<string, unknown>> = {
    provideClaimsForToken: { claims: { employeeId: "E1234", roles: ["Writer", "Editor"] } },
    setPrefillValues: { inputs: { city: "Paris" } },
    modifyAttributeValues: { attributes: { city: "Paris" } },
    showBlockPage: { title: "Hold tight", message: "Your request is being processed." },
    showValidationError: { message: "Please fix the errors.", attributeErrors: { city: "City cannot contain numbers" } },
    failed: { failedClaims: ["dateOfBirth"] },
};

const payloadName = (action: string) => {
    const name = action.slice(action.lastIndexOf(".") + 1);
    return Object.keys(PAYLOAD).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
};

const answer = (event: AuthenticationEvent, action: string, data: Record<string, unknown> = {}): Reply => ({
    status: 200,
    body: {
        data: {
            "@odata.type": EVENTS[event].response,
            actions: [{ "@odata.type": action, ...PAYLOAD[payloadName(action)] }],
            ...data,
        },
    },
});

/** The nonce of onPasswordSubmit's encrypted context, read as an API reads it: decrypted with its private key. */
async function nonceOf(r: Received): Promise<string> {
    const { plaintext } = await jose.compactDecrypt(r.body.data.encryptedPasswordContext, privateKey);
    return JSON.parse(Buffer.from(new TextDecoder().decode(plaintext).split(".")[1], "base64url").toString()).nonce;
}

const cases = AUTHENTICATION_EVENTS.flatMap((event) => EVENTS[event].actions.map((action) => [event, action] as const));

test.each(cases)("%s answered with %s passes, and the request is the event's", async (event, action) => {
    const id = extension(event);
    ep.answer = async (r) => answer(event, action, event === "onPasswordSubmit" ? { nonce: await nonceOf(r) } : {});
    const v = await emu.fire(id, { url: ep.url, passwordEncryptionKey: passwordKey, password: "s3cret!" });
    expect(v.violations).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.action).toBe(action);
    expect(v.consequence).toMatch(/^[a-z]/);
    const sent = ep.received[0].body;
    expect(sent.type).toBe(EVENTS[event].type);
    expect(sent.data["@odata.type"]).toBe(EVENTS[event].callout);
    expect(sent.data.customAuthenticationExtensionId).toBe(id);
    expect(sent.data.tenantId).toBe(emu.tenantId);
    expect("user" in sent.data.authenticationContext).toBe(EVENTS[event].user);
    if (event.startsWith("onAttributeCollection"))
        expect(sent.data.userSignUpInfo.attributes.city).toEqual({
            "@odata.type": "microsoft.graph.stringDirectoryAttributeValue",
            value: "Redmond",
            attributeType: "builtIn",
        });
    if (event === "onOtpSend") expect(sent.data.otpContext).toEqual({ identifier: "casey@contoso.com", oneTimeCode: "12345678" });
});

test("the password context decrypts with the API's key to the password, the username and the nonce", async () => {
    const id = extension("onPasswordSubmit");
    let inner: any;
    ep.answer = async (r) => {
        const { plaintext, protectedHeader } = await jose.compactDecrypt(r.body.data.encryptedPasswordContext, privateKey);
        expect(protectedHeader).toMatchObject({ alg: "RSA-OAEP", enc: "A128CBC-HS256" });
        inner = JSON.parse(Buffer.from(new TextDecoder().decode(plaintext).split(".")[1], "base64url").toString());
        return answer("onPasswordSubmit", "microsoft.graph.passwordSubmit.MigratePassword", { nonce: inner.nonce });
    };
    const v = await emu.fire(id, { url: ep.url, passwordEncryptionKey: passwordKey, password: "s3cret!" });
    expect(v.ok).toBe(true);
    expect(inner).toMatchObject({ "user-password": "s3cret!", username: "casey@contoso.com" });
    expect(inner.nonce).toMatch(/^[0-9a-f-]{36}$/);
});

test("the token validates against the emulator as authority: issuer, audience, azp and signature", async () => {
    const id = extension("onTokenIssuanceStart");
    ep.answer = () => answer("onTokenIssuanceStart", "microsoft.graph.tokenIssuanceStart.provideClaimsForToken");
    await emu.fire(id, { url: ep.url });
    const token = String(ep.received[0].headers.authorization).replace(/^Bearer /, "");
    const config = await (await fetch(`${emu.url}/${emu.tenantId}/v2.0/.well-known/openid-configuration`)).json();
    expect(config.issuer).toBe(`https://login.microsoftonline.com/${emu.tenantId}/v2.0`);
    const { payload } = await jose.jwtVerify(token, jose.createRemoteJWKSet(new URL(config.jwks_uri)), {
        issuer: config.issuer,
        audience: API_APP,
        algorithms: ["RS256"],
    });
    expect(payload.azp).toBe("99045fe1-7639-4a75-9d4a-577b6ca3810f");
    expect(payload.ver).toBe("2.0");
    // Another key's token does not validate.
    const forged = await new jose.SignJWT({ ...payload })
        .setProtectedHeader({ alg: "RS256", kid: jose.decodeProtectedHeader(token).kid })
        .sign(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
    await expect(jose.jwtVerify(forged, jose.createRemoteJWKSet(new URL(config.jwks_uri)))).rejects.toThrow(/signature/);
});

const CLAIMS = "microsoft.graph.tokenIssuanceStart.provideClaimsForToken";
const claimsAnswer = (claims: unknown, more: Partial<Reply> = {}): Reply => ({
    status: 200,
    body: { data: { "@odata.type": EVENTS.onTokenIssuanceStart.response, actions: [{ "@odata.type": CLAIMS, claims }] } },
    ...more,
});

test.each<[string, AuthenticationEvent, Reply, number, RegExp]>([
    ["a wrong status", "onTokenIssuanceStart", { ...claimsAnswer({ a: "b" }), status: 400 }, 1003002, /HTTP 400; Entra takes 200 OK only/],
    [
        "a wrong content type",
        "onTokenIssuanceStart",
        { status: 200, headers: { "Content-Type": "text/plain" }, body: "{}" },
        1003006,
        /text\/plain/,
    ],
    [
        "no action",
        "onTokenIssuanceStart",
        { status: 200, body: { data: { "@odata.type": EVENTS.onTokenIssuanceStart.response, actions: [] } } },
        1003010,
        /0 actions/,
    ],
    [
        "two actions",
        "onAttributeCollectionStart",
        {
            status: 200,
            body: {
                data: {
                    "@odata.type": EVENTS.onAttributeCollectionStart.response,
                    actions: [
                        { "@odata.type": "microsoft.graph.attributeCollectionStart.continueWithDefaultBehavior" },
                        { "@odata.type": "microsoft.graph.attributeCollectionStart.showBlockPage", message: "no" },
                    ],
                },
            },
        },
        1003010,
        /2 actions; Entra takes exactly one/,
    ],
    [
        "an action of another event",
        "onAttributeCollectionSubmit",
        answer("onAttributeCollectionSubmit", "microsoft.graph.attributeCollectionStart.setPrefillValues"),
        1003012,
        /is an action of onAttributeCollectionStart/,
    ],
    [
        "claims over 3 KB",
        "onTokenIssuanceStart",
        claimsAnswer({ groups: Array.from({ length: 250 }, (_, i) => `group-number-${i}`) }),
        1003025,
        /limit is 3 KB/,
    ],
    [
        "a claim that is a boolean",
        "onTokenIssuanceStart",
        claimsAnswer({ admin: true }),
        1003003,
        /a claim is a string or a list of strings/,
    ],
    ["an empty claim name", "onTokenIssuanceStart", claimsAnswer({ "": "x" }), 1003026, /empty name/],
    ["null claims", "onTokenIssuanceStart", claimsAnswer(null), 1003007, /no 'claims'/],
    [
        "a prefill value of another type",
        "onAttributeCollectionStart",
        {
            status: 200,
            body: {
                data: {
                    "@odata.type": EVENTS.onAttributeCollectionStart.response,
                    actions: [{ "@odata.type": "microsoft.graph.attributeCollectionStart.setPrefillValues", inputs: { city: 7 } }],
                },
            },
        },
        1003003,
        /'city' was sent as stringDirectoryAttributeValue and answered as 7/,
    ],
    [
        "the nonce missing",
        "onPasswordSubmit",
        answer("onPasswordSubmit", "microsoft.graph.passwordSubmit.MigratePassword"),
        1003003,
        /data.nonce is missing/,
    ],
    ["an empty body", "onOtpSend", { status: 200, headers: { "Content-Type": "application/json" }, body: "" }, 1003009, /empty/],
])("%s is reported with Entra's code", async (_what, event, reply, code, message) => {
    const id = extension(event);
    ep.answer = () => reply;
    const v = await emu.fire(id, { url: ep.url, passwordEncryptionKey: passwordKey });
    expect(v.ok).toBe(false);
    expect(v.violations).toHaveLength(1);
    expect(v.violations[0].code).toBe(code);
    expect(v.violations[0].message).toMatch(message);
    expect(v.consequence).toBe(EVENTS[event].onError);
    expect(ep.received).toHaveLength(1);
});

test("too slow: no answer within the extension's timeout, retried maximumRetries times, then 1003005", async () => {
    const id = extension("onTokenIssuanceStart", { clientConfiguration: { timeoutInMilliseconds: 300, maximumRetries: 1 } });
    ep.answer = () => ({ ...claimsAnswer({ a: "b" }), delayMs: 600 });
    const v = await emu.fire(id, { url: ep.url });
    expect(v.violations.map((x) => x.code)).toEqual([1003005]);
    expect(v.attempts).toHaveLength(2);
    for (const a of v.attempts) {
        expect(a.failure).toBe("timeout");
        expect(a.ms).toBeGreaterThanOrEqual(290);
        expect(a.ms).toBeLessThan(600);
    }
    expect(ep.received).toHaveLength(2);
});

test("a slow first answer and a quick retry pass, as Entra retries once", async () => {
    const id = extension("onTokenIssuanceStart", { clientConfiguration: { timeoutInMilliseconds: 300, maximumRetries: 1 } });
    let n = 0;
    ep.answer = () => ({ ...claimsAnswer({ a: "b" }), delayMs: n++ === 0 ? 600 : 0 });
    const v = await emu.fire(id, { url: ep.url });
    expect(v.ok).toBe(true);
    expect(v.attempts.map((a) => a.failure ?? a.status)).toEqual(["timeout", 200]);
});

test("with no retries allowed, one slow answer fails", async () => {
    const id = extension("onTokenIssuanceStart", { clientConfiguration: { timeoutInMilliseconds: 200, maximumRetries: 0 } });
    ep.answer = () => ({ ...claimsAnswer({ a: "b" }), delayMs: 400 });
    const v = await emu.fire(id, { url: ep.url });
    expect(v.attempts).toHaveLength(1);
    expect(v.violations[0].name).toBe("CustomExtensionTimedOut");
});

test("onOtpSend failing with behaviorOnError fallbackToMicrosoftProvider: Entra sends the code itself", async () => {
    const id = extension("onOtpSend", { behaviorOnError: { "@odata.type": "#microsoft.graph.fallbackToMicrosoftProviderOnError" } });
    ep.answer = () => ({ status: 500, body: { error: "mail server down" } });
    const v = await emu.fire(id, { url: ep.url });
    expect(v.violations[0].code).toBe(1003002);
    expect(v.attempts).toHaveLength(2); // a server error is retried
    expect(v.consequence).toMatch(/^sends the code with its own email provider/);
});

test("a listener's handler configuration overrides the extension's timeout, and names the application", async () => {
    const id = extension("onTokenIssuanceStart", { clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 0 } });
    emu.create("authenticationEventListeners", {
        "@odata.type": "#microsoft.graph.onTokenIssuanceStartListener",
        conditions: { applications: { includeApplications: [{ appId: "c0ffee00-0000-4000-8000-000000000001" }] } },
        handler: {
            "@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler",
            customExtension: { id },
            configuration: { clientConfiguration: { timeoutInMilliseconds: 250 } },
        },
    });
    ep.answer = () => ({ ...claimsAnswer({ a: "b" }), delayMs: 500 });
    const v = await emu.fire(id, { url: ep.url });
    expect(v.violations[0].code).toBe(1003005);
    expect(v.attempts[0].ms).toBeLessThan(500);
    expect(ep.received[0].body.data.authenticationContext.clientServicePrincipal.appId).toBe("c0ffee00-0000-4000-8000-000000000001");
});

test("an action type in another letter case is accepted with a warning, as Microsoft's own samples write them", async () => {
    const id = extension("onAttributeCollectionSubmit");
    ep.answer = () => answer("onAttributeCollectionSubmit", "microsoft.graph.attributeCollectionSubmit.ShowValidationError");
    const v = await emu.fire(id, { url: ep.url });
    expect(v.ok).toBe(true);
    expect(v.warnings.join("\n")).toMatch(/written 'microsoft.graph.attributeCollectionSubmit.showValidationError'/);
});

test("an endpoint that refuses connections is 1003027", async () => {
    const id = extension("onTokenIssuanceStart", { clientConfiguration: { timeoutInMilliseconds: 500, maximumRetries: 0 } });
    const closed = await startEndpoint();
    await closed.close();
    const v = await emu.fire(id, { url: closed.url });
    expect(v.violations[0]).toMatchObject({ code: 1003027, name: "CustomExtensionConnectionError" });
});

test("a key in the endpoint's query never shows in the verdict, its words or its JSON", async () => {
    const id = extension("onTokenIssuanceStart");
    ep.answer = () => answer("onTokenIssuanceStart", "microsoft.graph.tokenIssuanceStart.provideClaimsForToken");
    const v = await emu.fire(id, { url: `${ep.url}?code=k3y-s3cret&x=1` });
    expect(v.ok).toBe(true);
    expect(ep.received[0].url).toContain("code=k3y-s3cret"); // the endpoint got it
    expect(v.url).toBe(`${ep.url}?code=[secret]&x=[secret]`);
    expect(JSON.stringify(v) + describeVerdict(v)).not.toContain("k3y-s3cret");
});
