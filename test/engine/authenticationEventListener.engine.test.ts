// An authentication event listener and the custom claims provider it runs, under the real CLI (see attachmentScenario.ts).
import { APP } from "../support/setup";
import { attachmentScenario } from "./attachmentScenario";
import { describeEngine, ref } from "./harness";

// FIRST sorts before A: an application added in the portal that shifts the places of the others.
const [FIRST, A, C] = [
    "0aaaaaaa-0000-4000-8000-000000000000",
    "aaaaaaaa-0000-4000-8000-000000000001",
    "cccccccc-0000-4000-8000-000000000003",
];
const apps = (...ids: string[]) => ({ applications: { includeApplications: ids } });
const listener = (more: Record<string, unknown> = {}) => ({
    eventType: "onTokenIssuanceStart",
    displayName: "Claims for the portal",
    conditions: apps(A),
    handler: { customExtensionId: ref("claims", "id") },
    ...more,
});
const NAV = "authenticationEventListeners/{id}/conditions/applications/includeApplications";

describeEngine("AuthenticationEventListener through the Pulumi CLI", (engine) =>
    attachmentScenario(engine, {
        name: "listener-life",
        type: "AuthenticationEventListener",
        extensions: () => [
            {
                type: "CustomAuthenticationExtension",
                name: "claims",
                args: {
                    extensionType: "onTokenIssuanceStart",
                    displayName: "Claims from HR",
                    endpointConfiguration: { targetUrl: "https://claims.contoso.com/api/token" },
                    authenticationConfiguration: { resourceId: `api://claims.contoso.com/${APP}` },
                    claimsForTokenConfiguration: ["employeeId"],
                },
            },
        ],
        args: () => listener(),
        createWrites: ["POST customAuthenticationExtensions 201", "POST authenticationEventListeners 201"],
        drift: {
            // An application added in the admin center (one that sorts first): one DELETE takes it away again. The CLI
            // draws the list by index (`~ [0]`, `- [1]`); the provider says what the set loses.
            change: (emu, id) =>
                emu.mutate(id, { conditions: { applications: { includeApplications: [{ appId: FIRST }, { appId: A }] } } }),
            property: "conditions",
            repairWrites: [`DELETE ${NAV}/{id} 204`],
            previewSays: new RegExp(
                `entra: authentication event listener "Claims for the portal" \\([0-9a-f-]+\\): conditions: removes ${FIRST} \\(a set: `,
            ),
        },
        updates: () => [
            { what: "an application added", args: listener({ conditions: apps(A, C) }), writes: [`POST ${NAV} 201`] },
            { what: "an application removed", args: listener({ conditions: apps(C) }), writes: [`DELETE ${NAV}/{id} 204`] },
            {
                what: "the handler's configuration",
                args: listener({
                    conditions: apps(C),
                    handler: {
                        customExtensionId: ref("claims", "id"),
                        configuration: { clientConfiguration: { timeoutInMilliseconds: 1500 } },
                    },
                }),
                writes: ["PATCH authenticationEventListeners/{id} 204"],
            },
        ],
        badInput: () => ({
            args: listener({ eventType: "onAttributeCollectionStart" }),
            says: "handler.customExtensionId: names a onTokenIssuanceStart extension",
        }),
        replace: () => ({
            what: "--replace",
            writes: ["DELETE authenticationEventListeners/{id} 204", "POST authenticationEventListeners 201"],
        }),
        replaceExtensionWrites: [
            "DELETE authenticationEventListeners/{id} 204",
            "DELETE customAuthenticationExtensions/{id} 204",
            "POST customAuthenticationExtensions 201",
            "POST authenticationEventListeners 201",
        ],
        destroyWrites: ["DELETE authenticationEventListeners/{id} 204", "DELETE customAuthenticationExtensions/{id} 204"],
    }),
);
