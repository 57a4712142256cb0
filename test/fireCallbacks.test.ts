// Firing the extensions that call Logic Apps at a local stand-in: the Lifecycle Workflows task call and
// the entitlement management stages (and connection test), their PoP token, and the resume a
// launch-and-wait Logic App makes on the emulator's Graph: completed, failed, denied, too late, and from a
// caller without the right.
import * as jose from "jose";
import { DEFAULT_CATALOG_ID, DEFAULT_TENANT_ID, GraphEmulator, describeVerdict, startEmulator } from "../provider/emulator";
import { CLOUDS } from "../provider/graph/settings";
import { popAccessControl, workflowDefinition } from "../provider/logicApp/workflowDefinition";
import { Endpoint, Received, startEndpoint } from "./support/endpoint";

const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const AUTHORIZED = "aaaaaaaa-1111-4222-8333-444444444444";
const STRANGER = "bbbbbbbb-1111-4222-8333-444444444444";
const LATE = "dddddddd-1111-4222-8333-444444444444";
const RESOURCE_APP = "cccccccc-1111-4222-8333-444444444444";
const endpoint = {
    "@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration",
    subscriptionId: SUB,
    resourceGroupName: "rg",
    logicAppWorkflowName: "la",
};

let emu: GraphEmulator;
let la: Endpoint;
beforeAll(async () => {
    emu = await startEmulator();
    la = await startEndpoint();
});
afterAll(async () => {
    await la.close();
    await emu.close();
});
beforeEach(() => {
    la.received.length = 0;
});

/** A Graph token for `appId` from the emulator's token endpoint, as a Logic App's identity gets one. */
async function tokenFor(appId: string): Promise<string> {
    const res = await fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: appId, scope: "https://graph.microsoft.com/.default" }),
    });
    return (await res.json()).access_token;
}

interface Resumed {
    status: number;
    body: any;
}

/** The stand-in Logic App: answers 202, then after `afterMs` resumes as `appId` with `body(trigger)`. */
function resumeAs(appId: string, body: (trigger: any) => unknown, afterMs = 0): Promise<Resumed> {
    return new Promise((settled) => {
        la.answer = (r: Received) => {
            setTimeout(async () => {
                const path = r.body.data?.callbackUriPath ?? r.body.CallbackUriPath;
                const res = await fetch(`${emu.url}/v1.0${path}`, {
                    method: "POST",
                    headers: { Authorization: `Bearer ${await tokenFor(appId)}`, "Content-Type": "application/json" },
                    body: JSON.stringify(body(r.body)),
                });
                settled({ status: res.status, body: res.status === 204 ? undefined : await res.json() });
            }, afterMs);
            return { status: 202 };
        };
    });
}

function taskExtension(more: Record<string, unknown> = {}): string {
    return emu.create("customTaskExtensions", {
        displayName: `Onboarding ${Math.random()}`,
        endpointConfiguration: endpoint,
        authenticationConfiguration: { "@odata.type": "#microsoft.graph.azureAdTokenAuthentication", resourceId: RESOURCE_APP },
        callbackConfiguration: {
            "@odata.type": "#microsoft.graph.identityGovernance.customTaskExtensionCallbackConfiguration",
            timeoutDuration: "PT5M",
            authorizedApps: [{ id: AUTHORIZED }],
        },
        ...more,
    }).id;
}

const completed = { data: { operationStatus: "Completed" }, source: "sample", type: "lifecycleEvent" };

describe("Lifecycle Workflows", () => {
    test("the task call carries the trigger schema's data and a PoP token with the claims the Logic App's policy checks", async () => {
        const id = taskExtension({ callbackConfiguration: null });
        la.answer = () => ({ status: 202 });
        const workflow = emu.create("workflows", {
            category: "joiner",
            displayName: "Onboard new hire",
            tasks: [
                {
                    displayName: "Provision badge",
                    taskDefinitionId: "4262b724-8dba-4fad-afc3-43fcbb497a0e",
                    arguments: [{ name: "customTaskExtensionID", value: id }],
                },
            ],
        });
        const v = await emu.fire(id, { url: la.url });
        expect(v.ok).toBe(true);
        expect(v.consequence).toMatch(/the Logic App started \(launch and continue\)/);
        const { body, headers } = la.received[0];
        expect(body.data["@odata.type"]).toBe("microsoft.graph.identityGovernance.customTaskExtensionCalloutData");
        expect(body.data.workflow).toMatchObject({ id: workflow.id, displayName: "Onboard new hire" });
        expect(body.data.task.displayName).toBe("Provision badge");
        expect(body.data.callbackUriPath).toMatch(
            new RegExp(`^/identityGovernance/lifecycleWorkflows/workflows/${workflow.id}/tasks/[^/]+/taskProcessingResults/[^/]+/resume$`),
        );
        expect(Object.keys(body.data.subject)).toEqual(expect.arrayContaining(["id", "displayName", "email", "userPrincipalName"]));
        const token = String(headers.authorization).replace(/^PoP /, "");
        const jwks = jose.createRemoteJWKSet(new URL(`${emu.url}/${emu.tenantId}/discovery/v2.0/keys`));
        const { payload } = await jose.jwtVerify(token, jwks, {
            issuer: `https://sts.windows.net/${emu.tenantId}/`,
            audience: "https://management.azure.com",
        });
        expect(payload).toMatchObject({
            appid: "ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7",
            m: "POST",
            u: "management.azure.com",
            p: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Logic/workflows/la`,
        });
    });

    test.each(["AzureUSGovernment", "AzureUSGovernmentDoD", "AzureChinaCloud"] as const)(
        "in %s the call's token carries the claims ExtensionLogicApp's policy for that cloud checks",
        async (cloud) => {
            const other = await startEmulator({ cloud });
            try {
                const pop = { "@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication" };
                const id = other.create("customTaskExtensions", {
                    displayName: "Onboarding",
                    endpointConfiguration: endpoint,
                    authenticationConfiguration: pop,
                }).id;
                la.answer = () => ({ status: 202 });
                expect((await other.fire(id, { url: la.url })).ok).toBe(true);
                const token = String(la.received[0].headers.authorization).replace(/^PoP /, "");
                const jwks = jose.createRemoteJWKSet(new URL(`${other.url}/${other.tenantId}/discovery/v2.0/keys`));
                const { payload } = await jose.jwtVerify(token, jwks, { audience: `https://${CLOUDS[cloud].arm}` });
                const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Logic/workflows/la`;
                const policy = Object.values(
                    popAccessControl("customTaskExtension", other.tenantId, path, cloud).triggers.openAuthenticationPolicies.policies,
                )[0];
                for (const claim of policy.claims) expect({ [claim.name]: payload[claim.name] }).toEqual({ [claim.name]: claim.value });
            } finally {
                await other.close();
            }
        },
    );

    test("completed: an authorized app resumes in time", async () => {
        const id = taskExtension();
        const resumed = resumeAs(AUTHORIZED, () => completed, 50);
        const v = await emu.fire(id, { url: la.url });
        expect((await resumed).status).toBe(204);
        expect(v.ok).toBe(true);
        expect(v.callback).toMatchObject({ outcome: "completed", caller: AUTHORIZED, timeoutDuration: "PT5M", refused: [] });
        expect(v.callback!.detail).toMatch(/'Completed' is written 'completed'/);
        expect(v.consequence).toBe("the task is completed and the workflow goes on");
    });

    test("failed: the Logic App reports failure, and the task fails", async () => {
        const id = taskExtension();
        const resumed = resumeAs(AUTHORIZED, () => ({ data: { operationStatus: "failed" }, source: "sample", type: "lifecycleEvent" }));
        const v = await emu.fire(id, { url: la.url });
        expect((await resumed).status).toBe(204);
        expect(v.callback!.outcome).toBe("failed");
        expect(v.consequence).toBe("the task is failed");
    });

    test("too late: no resume within the timeout is a timed-out task, and the late resume is refused", async () => {
        const id = taskExtension();
        const resumed = resumeAs(AUTHORIZED, () => completed, 600);
        const v = await emu.fire(id, { url: la.url, callbackTimeoutMs: 300 });
        expect(v.ok).toBe(false);
        expect(v.callback!.outcome).toBe("timedOut");
        // The wait it used (callbackTimeoutMs), not the extension's timeoutDuration it stood in for.
        const within = "300 ms (instead of the extension's PT5M)";
        expect(v.violations).toEqual([
            { code: "CallbackTimedOut", name: "CallbackTimedOut", message: `no accepted resume within ${within}` },
        ]);
        expect(v.callback!.detail).toBe(`no resume within ${within}`);
        const late = await resumed;
        expect(late.status).toBe(400);
        expect(late.body.error.message).toContain(`too late: nothing waits for it any more, it timed out after ${within}`);
    });

    test("a caller without the right is refused with 403, the task times out, and the verdict names the least right to grant", async () => {
        const id = taskExtension();
        const resumed = resumeAs(STRANGER, () => completed);
        const v = await emu.fire(id, { url: la.url, callbackTimeoutMs: 400 });
        const refused = await resumed;
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe("Authorization_RequestDenied");
        expect(v.callback!.outcome).toBe("timedOut");
        expect(v.callback!.refused).toEqual([
            {
                status: 403,
                code: "Authorization_RequestDenied",
                message: "Insufficient privileges to complete the operation.",
                remedy: expect.stringMatching(
                    `^app ${STRANGER} may not resume this task: name it in the custom task extension's ` +
                        "callbackConfiguration.authorizedApps",
                ),
            },
        ]);
        expect(describeVerdict(v)).toMatch(
            new RegExp(
                String.raw`refused resume: HTTP 403 Authorization_RequestDenied: .*\n\s+` +
                    String.raw`missing right: app ${STRANGER} may not resume this task: ` +
                    String.raw`.*authorizedApps: \[app\.clientId\]`,
            ),
        );
    });

    test.each([
        [
            "an app granted LifecycleWorkflows.ReadWrite.All",
            STRANGER,
            () => emu.firing.grantAppRoles(STRANGER, ["LifecycleWorkflows.ReadWrite.All"]),
        ],
        ["the app of authenticationConfiguration.resourceId", RESOURCE_APP, () => undefined],
    ])("%s may resume", async (_who, appId, grant) => {
        grant();
        const id = taskExtension();
        const resumed = resumeAs(appId, () => completed);
        const v = await emu.fire(id, { url: la.url });
        expect((await resumed).status).toBe(204);
        expect(v.callback).toMatchObject({ outcome: "completed", caller: appId });
        emu.firing.appRoles.clear();
    });

    test("a resume body without operationStatus is refused with 400 and counted", async () => {
        const id = taskExtension();
        const resumed = resumeAs(AUTHORIZED, () => ({ data: {}, source: "x", type: "y" }));
        const v = await emu.fire(id, { url: la.url, callbackTimeoutMs: 300 });
        expect((await resumed).status).toBe(400);
        expect(v.callback!.refused[0].message).toMatch(/data.operationStatus/);
    });

    test("a Logic App that does not accept the call: no wait, the task fails", async () => {
        const id = taskExtension({ clientConfiguration: { maximumRetries: 0, timeoutInMilliseconds: 1000 } });
        la.answer = () => ({ status: 401, body: { error: { code: "MisMatchingOAuthClaims" } } });
        const v = await emu.fire(id, { url: la.url });
        expect(v.violations).toEqual([expect.objectContaining({ code: "LogicAppNotAccepted" })]);
        expect(v.callback).toBeUndefined();
        expect(v.consequence).toBe("the task is failed: the Logic App could not be started");
    });
});

function accessPackageExtension(kind: "assignmentRequest" | "assignment", timeoutDuration?: string): string {
    return emu.create(
        "customWorkflowExtensions",
        {
            "@odata.type": `#microsoft.graph.accessPackage${kind === "assignment" ? "Assignment" : "AssignmentRequest"}WorkflowExtension`,
            displayName: `Check ${Math.random()}`,
            endpointConfiguration: endpoint,
            authenticationConfiguration: { "@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication" },
            ...(timeoutDuration
                ? { callbackConfiguration: { "@odata.type": "#microsoft.graph.customExtensionCallbackConfiguration", timeoutDuration } }
                : {}),
        },
        DEFAULT_CATALOG_ID,
    ).id;
}

const resumeBody = (trigger: any, more: Record<string, unknown> = {}) => ({
    source: "Contoso.SodCheckProcess",
    type: `microsoft.graph.accessPackageCustomExtensionStage.${trigger.Stage}`,
    data: {
        "@odata.type": "microsoft.graph.accessPackageAssignmentRequestCallbackData",
        stage: trigger.Stage,
        customExtensionStageInstanceId: trigger.CustomExtensionStageInstanceId,
        customExtensionStageInstanceDetail: "This user is all verified",
        ...more,
    },
});

describe("entitlement management", () => {
    test("a request stage: the flat body Microsoft's Logic Apps read, and completed on resume", async () => {
        const id = accessPackageExtension("assignmentRequest", "PT1H");
        emu.firing.grantAppRoles(AUTHORIZED, ["EntitlementManagement.ReadWrite.All"]);
        const resumed = resumeAs(AUTHORIZED, (t) => resumeBody(t));
        const v = await emu.fire(id, { url: la.url, stage: "assignmentRequestApproved" });
        expect((await resumed).status).toBe(204);
        const body = la.received[0].body;
        expect(body).toMatchObject({
            Stage: "assignmentRequestApproved",
            CallbackUriPath: `/identityGovernance/entitlementManagement/assignmentRequests/${body.AccessPackageAssignmentRequestId}/resume`,
            CallbackConfiguration: { DurationBeforeTimeout: "PT1H" },
            AccessPackageCatalog: { Id: DEFAULT_CATALOG_ID, DisplayName: "General" },
        });
        expect(String(la.received[0].headers.authorization)).toMatch(/^PoP /);
        expect(v.ok).toBe(true);
        expect(v.callback).toMatchObject({ outcome: "completed", detail: "This user is all verified" });
        emu.firing.appRoles.clear();
    });

    test("denied at assignmentRequestCreated", async () => {
        const id = accessPackageExtension("assignmentRequest", "PT1H");
        const resumed = resumeAs(AUTHORIZED, (t) => resumeBody(t, { state: "denied" }));
        emu.firing.grantCatalogRole(DEFAULT_CATALOG_ID, AUTHORIZED, "Access package assignment manager");
        const v = await emu.fire(id, { url: la.url, stage: "assignmentRequestCreated" });
        expect((await resumed).status).toBe(204);
        expect(v.callback!.outcome).toBe("denied");
        expect(v.consequence).toBe("the request is denied");
    });

    test("a deny at assignmentRequestGranted is refused, and the request times out", async () => {
        const id = accessPackageExtension("assignmentRequest", "PT1H");
        emu.firing.grantAppRoles(AUTHORIZED, ["EntitlementManagement.ReadWrite.All"]);
        const resumed = resumeAs(AUTHORIZED, (t) => resumeBody(t, { state: "Denied" }));
        const v = await emu.fire(id, { url: la.url, stage: "assignmentRequestGranted", callbackTimeoutMs: 400 });
        const r = await resumed;
        expect(r.status).toBe(400);
        expect(r.body.error.message).toMatch(/can be denied only at assignmentRequestCreated or assignmentRequestApproved/);
        expect(v.callback!.outcome).toBe("timedOut");
        emu.firing.appRoles.clear();
    });

    test("a caller with neither EntitlementManagement.ReadWrite.All nor a catalog role: entitlement management's 403", async () => {
        const id = accessPackageExtension("assignmentRequest", "PT1H");
        const resumed = resumeAs(STRANGER, (t) => resumeBody(t));
        const v = await emu.fire(id, { url: la.url, callbackTimeoutMs: 400 });
        expect(await resumed).toMatchObject({
            status: 403,
            body: {
                error: {
                    code: "UnAuthorized",
                    message: "User is not authorized to perform the operation. Reason: The caller is not authorized.",
                },
            },
        });
        expect(v.ok).toBe(false);
        expect(v.callback).toMatchObject({
            outcome: "timedOut",
            refused: [expect.objectContaining({ status: 403, code: "UnAuthorized" })],
        });
        expect(v.callback!.refused[0].remedy).toBe(
            `app ${STRANGER} has no service principal in this tenant, so it holds no role on catalog ${DEFAULT_CATALOG_ID} ("General"): ` +
                "assign it Access package assignment manager (roleDefinitionId e2182095-804a-4656-ae11-64734e9b7ae5, " +
                `the least privilege) with appScopeId /AccessPackageCatalog/${DEFAULT_CATALOG_ID}: ` +
                "POST /roleManagement/entitlementManagement/roleAssignments to its service principal",
        );
    });

    test("the Logic App's identity: refused as Catalog reader, resumes once assigned Access package assignment manager", async () => {
        // A workflow with a system-assigned identity, in a subscription of its own (the extensions here point elsewhere).
        const sub = "7c1e2d3c-4b5a-4697-8877-665544332277";
        const wfPath = `/subscriptions/${sub}/resourceGroups/rg-id/providers/Microsoft.Logic/workflows/la-id`;
        const graph = (method: string, path: string, body?: unknown) =>
            fetch(`${emu.url}${path}`, {
                method,
                headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
                body: body === undefined ? undefined : JSON.stringify(body),
            }).then(async (r) => ({ status: r.status, body: r.status === 204 ? undefined : await r.json() }));
        await graph("PUT", `/subscriptions/${sub}/resourcegroups/rg-id?api-version=2021-04-01`, { location: "westeurope" });
        const wf = await graph("PUT", `${wfPath}?api-version=2019-05-01`, {
            location: "westeurope",
            identity: { type: "SystemAssigned" },
            properties: {
                definition: workflowDefinition({ kind: "accessPackageAssignmentRequest", launchAndWait: true }),
                accessControl: popAccessControl("accessPackageAssignmentRequest", DEFAULT_TENANT_ID, wfPath),
            },
        });
        const principalId = wf.body.identity.principalId;
        const appId = (await graph("GET", `/v1.0/servicePrincipals/${principalId}?$select=appId`)).body.appId;
        const assign = (roleDefinitionId: string) =>
            graph("POST", "/v1.0/roleManagement/entitlementManagement/roleAssignments", {
                principalId,
                roleDefinitionId,
                appScopeId: `/AccessPackageCatalog/${DEFAULT_CATALOG_ID}`,
            });
        expect((await assign("44272f93-9762-48e8-af59-1b5351b1d6b3")).status).toBe(201);

        const id = accessPackageExtension("assignmentRequest", "PT1H");
        const statuses: number[] = [];
        let chain: Promise<unknown> = Promise.resolve();
        la.answer = (r: Received) => {
            const resume = () =>
                tokenFor(appId).then((token) =>
                    fetch(`${emu.url}/v1.0${r.body.CallbackUriPath}`, {
                        method: "POST",
                        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
                        body: JSON.stringify(resumeBody(r.body)),
                    }).then((res) => statuses.push(res.status)),
                );
            chain = resume()
                .then(() => assign("e2182095-804a-4656-ae11-64734e9b7ae5"))
                .then(resume);
            return { status: 202 };
        };
        const v = await emu.fire(id, { url: la.url });
        await chain;
        expect(statuses).toEqual([403, 204]);
        expect(v.ok).toBe(true);
        expect(v.callback).toMatchObject({ outcome: "completed", caller: appId });
        expect(v.callback!.refused).toEqual([
            expect.objectContaining({
                code: "UnAuthorized",
                remedy: expect.stringContaining(
                    `service principal ${principalId} (app ${appId}) holds no role on catalog ${DEFAULT_CATALOG_ID} ("General") ` +
                        "that may resume a request (it holds Catalog reader): assign it Access package assignment manager",
                ),
            }),
        ]);
    });

    test("too late", async () => {
        const id = accessPackageExtension("assignmentRequest", "PT1H");
        const resumed = resumeAs(LATE, (t) => resumeBody(t), 500);
        emu.firing.grantAppRoles(LATE, ["EntitlementManagement.ReadWrite.All"]);
        const v = await emu.fire(id, { url: la.url, callbackTimeoutMs: 250 });
        expect(v.callback!.outcome).toBe("timedOut");
        expect(v.consequence).toMatch(/Process expired/);
        expect((await resumed).status).toBe(400);
        emu.firing.appRoles.clear();
    });

    test("a resume naming another stage instance is refused", async () => {
        const id = accessPackageExtension("assignmentRequest", "PT1H");
        emu.firing.grantAppRoles(AUTHORIZED, ["EntitlementManagement.ReadWrite.All"]);
        const resumed = resumeAs(AUTHORIZED, (t) =>
            resumeBody(t, { customExtensionStageInstanceId: "957d0c50-466b-4840-bb5b-c92cea7141ff" }),
        );
        const v = await emu.fire(id, { url: la.url, callbackTimeoutMs: 300 });
        expect((await resumed).status).toBe(400);
        expect(v.callback!.refused[0].message).toMatch(/customExtensionStageInstanceId must be/);
        emu.firing.appRoles.clear();
    });

    test("the connection test: Stage CustomExtensionConnectionTest and the catalog, no wait", async () => {
        const id = accessPackageExtension("assignmentRequest", "PT1H");
        la.answer = () => ({ status: 202 });
        const v = await emu.fire(id, { url: la.url, stage: "CustomExtensionConnectionTest" });
        expect(la.received[0].body).toEqual({
            Stage: "CustomExtensionConnectionTest",
            AccessPackageCatalog: { Id: DEFAULT_CATALOG_ID, DisplayName: "General", Description: "" },
        });
        expect(v.ok).toBe(true);
        expect(v.callback).toBeUndefined();
        expect(v.consequence).toMatch(/answered the connection test/);
    });

    test("a pre-expiration stage is launch and continue; a request stage answered 200 instead of 202 is a violation", async () => {
        const pre = accessPackageExtension("assignment");
        la.answer = () => ({ status: 202 });
        const v = await emu.fire(pre, { url: la.url });
        expect(v.event).toBe("assignmentFourteenDaysBeforeExpiration");
        expect(la.received[0].body.CallbackUriPath).toBeUndefined();
        expect(v.ok).toBe(true);
        const req = accessPackageExtension("assignmentRequest");
        la.answer = () => ({ status: 200 });
        const w = await emu.fire(req, { url: la.url });
        expect(w.violations).toEqual([
            expect.objectContaining({ code: "LogicAppNotAccepted", message: expect.stringMatching(/expects 202 Accepted/) }),
        ]);
    });

    test("a stage of the other kind is refused before anything is sent", async () => {
        const pre = accessPackageExtension("assignment");
        await expect(emu.fire(pre, { url: la.url, stage: "assignmentRequestCreated" })).rejects.toThrow(
            /stage assignmentRequestCreated does not run assignment extensions; their stages: assignmentFourteenDaysBeforeExpiration/,
        );
        expect(la.received).toHaveLength(0);
    });
});
