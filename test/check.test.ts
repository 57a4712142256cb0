// Every check rule: a bad input fails naming the property and the rule, before any Graph call.
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { UNKNOWN } from "../provider/families/values";
import { family } from "../provider/families";
import { fromState } from "../provider/operations/stateForm";
import { fixtures } from "./support/fixtures";
import { APP, SUB, Providers, providersFor } from "./support/setup";
import { joined } from "./support/regex";
import { isListing } from "./support/setup";

let emu: GraphEmulator;
beforeAll(async () => {
    emu = await startEmulator();
    P = providersFor(emu);
});
afterAll(() => emu.close());
// Check never writes; it asks Graph only what a valid new resource would meet: its collection's listing (ownership.ts).
afterEach(() => {
    expect(emu.log.filter((e) => !isListing(e))).toEqual([]);
    emu.clearLog();
});

const [task, ap, auth] = fixtures;
let P: Providers;

const cases: [string, string, Record<string, unknown>, string, RegExp][] = [
    ["task", "customTaskExtension", { ...task.inputs, displayName: undefined }, "displayName", /is required/],
    ["task", "customTaskExtension", { ...task.inputs, displayName: "  " }, "displayName", /must not be empty/],
    ["task", "customTaskExtension", { ...task.inputs, endpointConfiguration: undefined }, "endpointConfiguration", /is required/],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, clientConfiguration: { timeoutInMilliseconds: 199 } },
        "clientConfiguration.timeoutInMilliseconds",
        /200 to 2000 \(got 199\)/,
    ],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, clientConfiguration: { timeoutInMilliseconds: 2001 } },
        "clientConfiguration.timeoutInMilliseconds",
        /200 to 2000/,
    ],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, clientConfiguration: { maximumRetries: 2 } },
        "clientConfiguration.maximumRetries",
        /must be 0 or 1/,
    ],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, clientConfiguration: { timeoutMs: 500 } },
        "clientConfiguration.timeoutMs",
        /unknown property/,
    ],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, callbackConfiguration: { timeoutDuration: "PT4M" } },
        "callbackConfiguration.timeoutDuration",
        /PT5M to PT3H/,
    ],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, callbackConfiguration: { timeoutDuration: "PT3H1M" } },
        "callbackConfiguration.timeoutDuration",
        /PT5M to PT3H/,
    ],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, callbackConfiguration: { timeoutDuration: "1 hour" } },
        "callbackConfiguration.timeoutDuration",
        /ISO 8601 duration/,
    ],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, callbackConfiguration: { timeoutDuration: "PT1H", authorizedApps: ["not-a-guid"] } },
        "callbackConfiguration.authorizedApps[0]",
        /application id/,
    ],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, endpointConfiguration: { subscriptionId: "abc", resourceGroupName: "rg", logicAppWorkflowName: "la" } },
        "endpointConfiguration.subscriptionId",
        /GUID/,
    ],
    ["task", "customTaskExtension", { ...task.inputs, displayNmae: "typo" }, "displayNmae", /is not a property of a custom task extension/],
    [
        "task",
        "customTaskExtension",
        { ...task.inputs, authenticationConfiguration: { type: "azureAdPopToken", resourceId: "api://x" } },
        "authenticationConfiguration.resourceId",
        /not used with PoP/,
    ],
    ["ap", "accessPackageWorkflowExtension", { ...ap.inputs, catalogId: undefined }, "catalogId", /is required/],
    [
        "ap",
        "accessPackageWorkflowExtension",
        { ...ap.inputs, extensionType: "assignmentExpired" },
        "extensionType",
        /one of assignmentRequest, assignment/,
    ],
    [
        "ap",
        "accessPackageWorkflowExtension",
        { ...ap.inputs, extensionType: "assignment" },
        "callbackConfiguration",
        /only for extensionType assignmentRequest/,
    ],
    [
        "ap",
        "accessPackageWorkflowExtension",
        { ...ap.inputs, callbackConfiguration: { timeoutDuration: "P15D" } },
        "callbackConfiguration.timeoutDuration",
        /PT5M to P14D/,
    ],
    [
        "ap",
        "accessPackageWorkflowExtension",
        { ...ap.inputs, callbackConfiguration: { timeoutDuration: "PT1H", durationBeforeTimeout: "PT2H" } },
        "callbackConfiguration.durationBeforeTimeout",
        /not two different values/,
    ],
    ["auth", "customAuthenticationExtension", { ...auth.inputs, extensionType: undefined }, "extensionType", /is required/],
    [
        "auth",
        "customAuthenticationExtension",
        { ...auth.inputs, extensionType: "onSignIn" },
        "extensionType",
        /must be one of onTokenIssuanceStart/,
    ],
    [
        "auth",
        "customAuthenticationExtension",
        { ...auth.inputs, extensionType: "onOtpSend" },
        "claimsForTokenConfiguration",
        /only for extensionType onTokenIssuanceStart/,
    ],
    [
        "auth",
        "customAuthenticationExtension",
        { ...auth.inputs, authenticationConfiguration: undefined },
        "authenticationConfiguration",
        /is required/,
    ],
    [
        "auth",
        "customAuthenticationExtension",
        { ...auth.inputs, behaviorOnError: "retry" },
        "behaviorOnError",
        /fallbackToMicrosoftProvider/,
    ],
];

test.each(cases)("%s: %s fails on %s", async (_short, family, inputs, property, reason) => {
    const r = await P[family].check({}, inputs);
    // The path goes into the reason (the engine would print the value at a nested path as `{<nil>}`).
    expect(r.failures.every((x: any) => x.property === "")).toBe(true);
    const f = r.failures.find((x: any) => x.reason.startsWith(`${property}: `));
    expect(f).toBeDefined();
    expect(f.reason).toMatch(reason);
});

test("every problem of a resource is reported at once, field rules and cross-field rules, each with the value given", async () => {
    const r = await P.accessPackageWorkflowExtension.check(
        {},
        {
            ...ap.inputs,
            extensionType: "assignment",
            endpointConfiguration: { subscriptionId: "nope", resourceGroupName: "rg", logicAppWorkflowName: "la" },
            clientConfiguration: { timeoutInMilliseconds: 5000, maximumRetries: 3 },
            callbackConfiguration: { timeoutDuration: "P30D" },
        },
    );
    expect(r.failures.map((x: any) => x.reason)).toEqual([
        'endpointConfiguration.subscriptionId: must be a subscription id (a GUID) (got "nope")',
        "clientConfiguration.timeoutInMilliseconds: must be a whole number from 200 to 2000 (got 5000)",
        "clientConfiguration.maximumRetries: must be 0 or 1 (got 3)",
        'callbackConfiguration.timeoutDuration: must be from PT5M to P14D (got "P30D")',
    ]);
    const r2 = await P.accessPackageWorkflowExtension.check(
        {},
        { ...ap.inputs, extensionType: "assignment", clientConfiguration: { maximumRetries: 3 } },
    );
    expect(r2.failures.map((x: any) => x.reason)).toEqual([
        "clientConfiguration.maximumRetries: must be 0 or 1 (got 3)",
        expect.stringMatching(/^callbackConfiguration: is only for extensionType assignmentRequest/),
    ]);
});

describe("the 150-character Logic App resource path, counted as the portal counts it", () => {
    // "/subscriptions/" + 36 + "/resourceGroups/" + rg + "/providers/Microsoft.Logic/workflows/" + name
    const fixed = "/subscriptions/".length + 36 + "/resourceGroups/".length + "/providers/Microsoft.Logic/workflows/".length;
    const withLength = (total: number) => ({
        subscriptionId: SUB,
        resourceGroupName: "rg",
        logicAppWorkflowName: "w".repeat(total - fixed - 2),
    });

    test.each([149, 150])("%i characters pass", async (n) => {
        for (const family of ["customTaskExtension", "accessPackageWorkflowExtension"]) {
            const r = await P[family].check(
                {},
                { ...(family === "customTaskExtension" ? task.inputs : ap.inputs), endpointConfiguration: withLength(n) },
            );
            expect(r.failures).toEqual([]);
        }
    });

    test("151 characters: a warning with the length, the limit and what to shorten (only the portal states it)", async () => {
        const { providers, notices } = withNotices();
        const r = await providers.customTaskExtension.check({}, { ...task.inputs, endpointConfiguration: withLength(151) });
        expect(r.failures).toEqual([]);
        expect(notices).toHaveLength(1);
        expect(notices[0]).toMatch(
            joined(
                /: warning: endpointConfiguration: .*resource path is 151 characters, over the limit of 150 by 1: /,
                /shorten the workflow name \(\d+ characters\) or the resource group name/,
            ),
        );
    });
});

/** Providers whose notices (warnings at preview) are kept for the test to read. */
function withNotices() {
    const notices: string[] = [];
    return { providers: providersFor(emu, {}, { notice: (m) => void notices.push(m) }), notices };
}

describe("what only a portal or a how-to guide states is a warning at preview, never a refusal", () => {
    const warned: [string, Record<string, unknown>, RegExp][] = [
        [
            "a resourceId of another host (onTokenIssuanceStart)",
            { ...auth.inputs, authenticationConfiguration: { resourceId: `api://other.contoso.com/${APP}` } },
            /authenticationConfiguration.resourceId: .* does not name the host of targetUrl \("api:\/\/claims.contoso.com\//,
        ],
        [
            "a resourceId not of the form api://{host}/{appId} (onTokenIssuanceStart)",
            { ...auth.inputs, authenticationConfiguration: { resourceId: "https://claims.contoso.com" } },
            /authenticationConfiguration.resourceId: "https:\/\/claims.contoso.com" is not api:\/\/\{host of targetUrl\}\/\{appId\}/,
        ],
        [
            "PoP on a custom authentication extension",
            { ...auth.inputs, authenticationConfiguration: {} },
            /authenticationConfiguration: Microsoft documents a token/,
        ],
        [
            "an http targetUrl",
            { ...auth.inputs, endpointConfiguration: { targetUrl: "http://claims.contoso.com/api" } },
            /endpointConfiguration.targetUrl: is not an absolute https URL/,
        ],
    ];
    test.each(warned)("%s", async (_what, inputs, warning) => {
        const { providers, notices } = withNotices();
        const r = await providers.customAuthenticationExtension.check({}, inputs);
        expect(r.failures).toEqual([]);
        expect(notices).toEqual([expect.stringMatching(warning)]);
    });

    test("Microsoft's own resourceId forms for onPasswordSubmit and onVerifiedIdClaimValidation pass without a word", async () => {
        const { providers, notices } = withNotices();
        for (const [extensionType, targetUrl, resourceId] of [
            ["onPasswordSubmit", "https://api.contoso.com/passwordvalidation", "api://api.contoso.com/passwordvalidation"],
            [
                "onVerifiedIdClaimValidation",
                "https://contoso.azurewebsites.net/api/verifiedIdClaimValidation",
                "api://contoso.azurewebsites.net/verifiedIdClaimValidation",
            ],
        ]) {
            const { claimsForTokenConfiguration: _onlyForTokens, ...rest } = auth.inputs as Record<string, unknown>;
            const inputs = { ...rest, extensionType, endpointConfiguration: { targetUrl }, authenticationConfiguration: { resourceId } };
            const r = await providers.customAuthenticationExtension.check({}, inputs);
            expect(r.failures).toEqual([]);
        }
        expect(notices).toEqual([]);
    });
});

test("values unknown at preview are not errors, and pass through untouched", async () => {
    const r = await P.customTaskExtension.check(
        {},
        { ...task.inputs, endpointConfiguration: { subscriptionId: SUB, resourceGroupName: "rg", logicAppWorkflowName: UNKNOWN } },
    );
    expect(r.failures).toEqual([]);
    expect(r.inputs.endpointConfiguration.logicAppWorkflowName).toBe(UNKNOWN);
    const r2 = await P.customAuthenticationExtension.check({}, { ...auth.inputs, endpointConfiguration: UNKNOWN });
    expect(r2.failures).toEqual([]);
});

test("check canonicalizes: PT60M becomes PT1H, claims as strings become objects, PoP is the default", async () => {
    const t = await P.customTaskExtension.check({}, task.inputs);
    expect(t.inputs.callbackConfiguration).toEqual({ timeoutDuration: "PT1H", authorizedApps: [APP] });
    // The state leaves the default out (operations/stateForm.ts); the operations read it back as PoP.
    expect(t.inputs).not.toHaveProperty("authenticationConfiguration");
    expect(fromState(family("customTaskExtension"), t.inputs).authenticationConfiguration).toEqual({ type: "azureAdPopToken" });
    const a = await P.customAuthenticationExtension.check({}, auth.inputs);
    expect(a.inputs.claimsForTokenConfiguration).toEqual([{ claimIdInApiResponse: "employeeId" }, { claimIdInApiResponse: "costCenter" }]);
    const p = await P.accessPackageWorkflowExtension.check({}, ap.inputs);
    expect(p.inputs.callbackConfiguration).toEqual({ timeoutDuration: "P1D" });
});

describe("inputs that once crashed check are refused in words, each naming the property, the rule and the value", () => {
    const workflow = {
        category: "joiner",
        displayName: "Onboard",
        tasks: [{ taskDefinitionId: "70b29d51-b59a-4773-9280-8841dfd3f2ea", displayName: "Send Welcome Email" }],
    };
    const ON_DEMAND = "#microsoft.graph.identityGovernance.onDemandExecutionOnly";
    const reasons = async (family: string, inputs: Record<string, unknown>) =>
        ((await P[family].check({}, inputs)).failures as { reason: string }[]).map((x) => x.reason);

    test("a subscriptionId thousands of characters long, no workflow name (the path warning judged a refused value)", async () => {
        const endpointConfiguration = { subscriptionId: "a".repeat(5000), resourceGroupName: "rg-identity" };
        expect(await reasons("customTaskExtension", { ...task.inputs, endpointConfiguration })).toEqual([
            `endpointConfiguration.logicAppWorkflowName: must be a non-empty string`,
            `endpointConfiguration.subscriptionId: must be a subscription id (a GUID) (got "${"a".repeat(119)}… (5002 characters))`,
        ]);
    });

    test("a toString key in a workflow's executionConditions (a name looked up in a plain object found Object.prototype's)", async () => {
        const executionConditions = { "@odata.type": ON_DEMAND, toString: "x", constructor: "y" };
        expect(await reasons("lifecycleWorkflow", { ...workflow, executionConditions })).toEqual([
            expect.stringMatching(/^executionConditions.toString: is not offered in AzureCloud: its Graph metadata has no toString on /),
            expect.stringMatching(/^executionConditions.constructor: is not offered in AzureCloud: its Graph metadata has no constructor /),
        ]);
    });

    test("a value nested thousands of levels deep: refused with its path and the limit, never walked until the stack ends", async () => {
        let deep: unknown = "x";
        for (let i = 0; i < 5000; i++) deep = { a: deep };
        expect(await reasons("lifecycleWorkflow", { ...workflow, executionConditions: { "@odata.type": ON_DEMAND, deep } })).toEqual([
            "executionConditions.deep.a.a.a.…194 levels….a.a: nests deeper than 200 levels (each object and list is one), " +
                "more than Graph reads in a request body (OData's nesting limit)",
        ]);
    });

    test("an adoption id holding a control character: named escaped, as every name is (the property test found it)", async () => {
        expect(await reasons("customAuthenticationExtension", { ...auth.inputs, __adopt: { id: "\u0000" } })).toEqual([
            "cannot adopt: there is no custom authentication extension with id \\u0000 in this tenant",
        ]);
    });

    test("a list of objects for timeBasedAttribute: the value shown as JSON, not [object Object]", async () => {
        const trigger = {
            "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger",
            timeBasedAttribute: [{ name: "employeeHireDate" }, { name: "employeeLeaveDateTime" }],
            offsetInDays: 0,
        };
        const executionConditions = { "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions", trigger };
        expect(await reasons("lifecycleWorkflow", { ...workflow, executionConditions })).toEqual([
            `executionConditions.trigger.timeBasedAttribute: The value [{"name":"employeeHireDate"},{"name":"employeeLeaveDateTime"}] ` +
                "of 'executionConditions.trigger.timeBasedAttribute' is not a member of " +
                "microsoft.graph.identityGovernance.workflowTriggerTimeBasedAttribute.",
        ]);
    });
});
