// pulumi-entra-extensions/testing: fire an event at a handler given as a URL, a Node listener or a
// fetch-style function, and read the verdict (and assertPasses's message when it fails).
import * as jose from "jose";
import { assertPasses, fireEvent, passwordKeys } from "pulumi-entra-extensions/testing";
import { startEndpoint } from "./support/endpoint";

const otpAnswer = () =>
    Response.json({
        data: {
            "@odata.type": "microsoft.graph.OnOtpSendResponseData",
            actions: [{ "@odata.type": "microsoft.graph.OtpSend.continueWithDefaultBehavior" }],
        },
    });

test("a fetch-style handler gets the event over HTTP and passes", async () => {
    let seen: any;
    const v = await fireEvent(
        async (request: Request) => {
            seen = { auth: request.headers.get("authorization"), body: await request.json() };
            return otpAnswer();
        },
        { event: "onOtpSend", otp: { identifier: "ana@contoso.com", oneTimeCode: "424242" } },
    );
    assertPasses(v);
    expect(seen.auth).toMatch(/^Bearer ey/);
    expect(seen.body.data.otpContext).toEqual({ identifier: "ana@contoso.com", oneTimeCode: "424242" });
});

test("a Node listener that answers text fails with 1003006, and assertPasses says so in words", async () => {
    const v = await fireEvent(
        (_req, res) => {
            res.writeHead(200, { "Content-Type": "text/plain" });
            res.end("ok");
        },
        { event: "onOtpSend", behaviorOnError: "fallbackToMicrosoftProvider" },
    );
    expect(v.violations[0].code).toBe(1003006);
    expect(() => assertPasses(v)).toThrow(/violation 1003006 CustomExtensionInvalidResponseContentType[\s\S]*its own email provider/);
});

test("a URL, and onPasswordSubmit with a key pair the handler decrypts with", async () => {
    const { publicKey, privateKey } = passwordKeys();
    const ep = await startEndpoint(async (r) => {
        const { plaintext } = await jose.compactDecrypt(r.body.data.encryptedPasswordContext, privateKey);
        const inner = JSON.parse(Buffer.from(new TextDecoder().decode(plaintext).split(".")[1], "base64url").toString());
        const action = inner["user-password"] === "right" ? "MigratePassword" : "Retry";
        return {
            status: 200,
            body: {
                data: {
                    "@odata.type": "microsoft.graph.onPasswordSubmitResponseData",
                    actions: [{ "@odata.type": `microsoft.graph.passwordSubmit.${action}` }],
                    nonce: inner.nonce,
                },
            },
        };
    });
    try {
        const right = await fireEvent(ep.url, { event: "onPasswordSubmit", password: "right", passwordEncryptionKey: publicKey });
        expect(assertPasses(right).action).toBe("microsoft.graph.passwordSubmit.MigratePassword");
        const wrong = await fireEvent(ep.url, { event: "onPasswordSubmit", password: "wrong", passwordEncryptionKey: publicKey });
        expect(wrong.action).toBe("microsoft.graph.passwordSubmit.Retry");
        expect(wrong.consequence).toBe("asks the user to enter the password again");
    } finally {
        await ep.close();
    }
});
