// Secret values in messages: replaced wherever a message shows them, and only there.
import { shown } from "../../provider/families/values";
import { redact } from "../../provider/operations/secrets";

test("a secret shown cut short (a long value's start, then …) is replaced too", () => {
    const secret = `https://claims.contoso.com/api?code=${"k".repeat(200)}`;
    const text = `endpointConfiguration.targetUrl: is not an absolute https URL (got ${shown(secret)})`;
    expect(text).toContain("https://claims.contoso.com"); // what redact must catch: not the whole value
    expect(redact(text, [secret])).toBe(`endpointConfiguration.targetUrl: is not an absolute https URL (got "[secret]… (238 characters))`);
});

test("a secret as JSON writes it inside a string (quotes and backslashes escaped) is replaced", () => {
    const secret = 'say "hi" \\ there';
    expect(redact(`x: got ${shown({ a: secret })}`, [secret])).toBe('x: got {"a":"[secret]"}');
});

test("a short secret is replaced where it stands apart, never inside the words of the message", () => {
    expect(redact('x.isPrototypeOf: unknown property (got {"":" "})', [" "])).toBe(
        'x.isPrototypeOf: unknown property (got {"":"[secret]"})',
    );
    const text = 'customExtensionStageSettings: must be a list of {stage, customExtensionId} (got {"ok":"x"}); maximumRetries 0 or 1';
    expect(redact(text, ["x", "1"])).toBe(
        'customExtensionStageSettings: must be a list of {stage, customExtensionId} (got {"ok":"[secret]"}); maximumRetries 0 or [secret]',
    );
});
