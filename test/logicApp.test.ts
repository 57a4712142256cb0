// ExtensionLogicApp under pulumi.runtime.setMocks: the workflow's inputs per kind, the outputs wired
// into an extension, the 150-character rule, the callback URL and azure-native as an optional peer.
// test/engine/logicApp.engine.test.ts runs the same component under the real CLI (azure-native stand-in).
import * as pulumi from "@pulumi/pulumi";
import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { KINDS, LogicAppKind } from "../provider/logicApp/kinds";
import { POP_CONDITION, WORKFLOW_SCHEMA } from "../provider/logicApp/workflowDefinition";
import { validateWorkflowDefinition } from "./support/workflowDefinitionRules";

const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const IDENTITY = { type: "SystemAssigned", principalId: "9d2f0000-0000-4000-8000-00000000c1a0" };
const CATALOG = "b6f1c3a2-0000-4000-8000-00000000ca7a";
const registered: pulumi.runtime.MockResourceArgs[] = [];
const invoked: pulumi.runtime.MockCallArgs[] = [];

let preview = false;

function setMocks() {
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args);
                if (args.type === "azure-native:logic:Workflow")
                    return {
                        id: `/subscriptions/${SUB}/wf/${args.inputs.workflowName}`,
                        state: { ...args.inputs, name: args.inputs.workflowName, identity: IDENTITY },
                    };
                if (args.type === "test:index:Names") return { id: "names", state: preview ? {} : { rg: "r".repeat(90) } };
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => {
                invoked.push(args);
                return args.token === "azure-native:logic:listWorkflowTriggerCallbackUrl"
                    ? { value: `https://logic.example/workflows/x/triggers/${args.inputs.triggerName}/paths/invoke?sig=s3cr3t` }
                    : {};
            },
        },
        "project",
        "stack",
        preview,
    );
}

/** The settled value of an output (rejects when the output failed). */
const value = <T>(o: pulumi.Output<T>): Promise<T> => (o as any).promise();

class Names extends pulumi.CustomResource {
    declare readonly rg: pulumi.Output<string>;
    constructor(name: string) {
        super("test:index:Names", name, { rg: undefined }, {});
    }
}

async function build(kind: LogicAppKind, extra: Record<string, unknown> = {}) {
    const { ExtensionLogicApp } = await import("../provider/logicApp/component");
    const names = { resourceGroupName: "rg-identity", location: "westeurope", workflowName: `wf-${kind}`, subscriptionId: SUB };
    // An access package kind names its catalog (where a request workflow's Logic App is given its right to resume).
    const catalog = kind === "customTaskExtension" ? {} : { catalogId: CATALOG };
    const la = new ExtensionLogicApp(`la-${kind}`, { ...names, tenantId: TENANT, kind, ...catalog, ...extra });
    const path = await value(la.resourcePath);
    const endpoint = await value(la.endpointConfiguration);
    const principal = await value(la.principalId);
    const wf = registered.find((r) => r.type === "azure-native:logic:Workflow" && r.name === `la-${kind}`)!;
    return { la, path, endpoint, principal, wf };
}

beforeEach(() => {
    registered.length = 0;
    invoked.length = 0;
    preview = false;
    setMocks();
});

describe.each(Object.keys(KINDS) as LogicAppKind[])("%s", (kind) => {
    test("trigger with the kind's schema, PoP condition, managed identity and AADPOP policy with the five claims", async () => {
        const { wf, path, endpoint, principal } = await build(kind, { launchAndWait: KINDS[kind].canWait });
        const def = wf.inputs.definition;
        expect(def.$schema).toBe(WORKFLOW_SCHEMA);
        expect(def.triggers.manual).toMatchObject({
            type: "Request",
            kind: "Http",
            operationOptions: "IncludeAuthorizationHeadersInOutputs",
            conditions: [{ expression: POP_CONDITION }],
        });
        expect(def.triggers.manual.inputs.schema).toEqual(KINDS[kind].schema);
        expect(wf.inputs.identity).toEqual({ type: "SystemAssigned" });
        const policy = wf.inputs.accessControl.triggers.openAuthenticationPolicies.policies[KINDS[kind].policyName];
        expect(policy.type).toBe("AADPOP");
        expect(Object.fromEntries(policy.claims.map((c: any) => [c.name, c.value]))).toEqual({
            iss: `https://sts.windows.net/${TENANT}/`,
            appid: KINDS[kind].callingAppId,
            m: "POST",
            u: "management.azure.com",
            p: `/subscriptions/${SUB}/resourceGroups/rg-identity/providers/Microsoft.Logic/workflows/wf-${kind}`,
        });
        expect(path).toBe(policy.claims.find((c: any) => c.name === "p").value);
        expect(endpoint).toEqual({ subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: `wf-${kind}` });
        expect(principal).toBe(IDENTITY.principalId);
        expect(validateWorkflowDefinition(def)).toEqual([]);
    });
});

test("launch and wait resumes a Lifecycle Workflows task through Graph with the managed identity, after the user's steps", async () => {
    const steps = {
        Call_HR: { type: "Http", inputs: { method: "GET", uri: "https://hr.contoso.com/" } },
        Log: { type: "Compose", inputs: "@body('Call_HR')" },
    };
    const { wf } = await build("customTaskExtension", { launchAndWait: true, steps });
    const actions = wf.inputs.definition.actions;
    expect(Object.keys(actions)).toEqual(["Call_HR", "Log", "Resume_through_Graph"]);
    expect(actions.Log.runAfter).toEqual({ Call_HR: ["Succeeded"] });
    expect(actions.Resume_through_Graph).toMatchObject({
        type: "Http",
        runAfter: { Log: ["Succeeded"] },
        inputs: {
            method: "POST",
            uri: "https://graph.microsoft.com/v1.0@{triggerBody()?['data']?['callbackUriPath']}",
            body: { data: { operationStatus: "completed" }, type: "lifecycleEvent" },
            authentication: { type: "ManagedServiceIdentity", audience: "https://graph.microsoft.com" },
        },
    });
    expect(validateWorkflowDefinition(wf.inputs.definition)).toEqual([]);
});

test("an access package request Logic App answers the connection test with 202 and otherwise resumes the request", async () => {
    const { wf } = await build("accessPackageAssignmentRequest", { launchAndWait: true });
    const test = wf.inputs.definition.actions.Connection_test;
    expect(test.expression).toEqual({ and: [{ equals: ["@triggerBody()?['Stage']", "CustomExtensionConnectionTest"] }] });
    expect(test.actions.Answer_connection_test).toEqual({ type: "Response", kind: "Http", inputs: { statusCode: 202 } });
    expect(test.else.actions.Resume_through_Graph.inputs.uri).toBe("https://graph.microsoft.com/v1.0@{triggerBody()?['CallbackUriPath']}");
    const resume = test.else.actions.Resume_through_Graph;
    expect(resume.inputs.body.data["@odata.type"]).toBe("microsoft.graph.accessPackageAssignmentRequestCallbackData");
});

test("launch and wait is refused for the pre-expiration kind", async () => {
    await expect(build("accessPackageAssignment", { launchAndWait: true })).rejects.toThrow(
        /launchAndWait is not available for kind accessPackageAssignment/,
    );
});

test("the outputs wire straight into an extension", async () => {
    const { la } = await build("customTaskExtension");
    const { CustomTaskExtension } = await import("../provider");
    const ext = new CustomTaskExtension("ext", { displayName: "x", endpointConfiguration: la.endpointConfiguration });
    await value(ext.urn);
    const reg = registered.find((r) => r.name === "ext")!;
    const expected = { subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: "wf-customTaskExtension" };
    expect(reg.inputs.endpointConfiguration).toEqual(expected);
});

describe("the 150-character path rule", () => {
    const base = { resourceGroupName: "rg", subscriptionId: SUB, tenantId: TENANT, kind: "customTaskExtension" as const };
    const fixed = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Logic/workflows/`.length;
    const named = (n: number) => "w".repeat(n - fixed);

    test.each([149, 150])("%i characters: the workflow is created", async (n) => {
        const { ExtensionLogicApp } = await import("../provider/logicApp/component");
        const la = new ExtensionLogicApp(`la${n}`, { ...base, workflowName: named(n) });
        expect((await value(la.resourcePath)).length).toBe(n);
        await value(la.workflow.urn);
        expect(registered.some((r) => r.type === "azure-native:logic:Workflow" && r.name === `la${n}`)).toBe(true);
    });

    test("151 characters: refused at construction, so at preview, with the length, the limit, what to shorten; no workflow", async () => {
        const { ExtensionLogicApp } = await import("../provider/logicApp/component");
        expect(() => new ExtensionLogicApp("la151", { ...base, workflowName: named(151) })).toThrow(
            /ExtensionLogicApp la151: the Logic App resource path is 151 characters, over the limit of 150 by 1: shorten the workflow name/,
        );
        await new Promise((r) => setTimeout(r, 50));
        expect(registered.some((r) => r.type === "azure-native:logic:Workflow" && r.name === "la151")).toBe(false);
    });

    test("names unknown at preview are not refused at preview; the same names are refused at creation, before the workflow", async () => {
        preview = true;
        setMocks();
        const { ExtensionLogicApp } = await import("../provider/logicApp/component");
        const names = new Names("n1");
        new ExtensionLogicApp("la-preview", { ...base, resourceGroupName: names.rg, workflowName: "w".repeat(40) });
        await new Promise((r) => setTimeout(r, 200));
        expect(registered.some((r) => r.name === "la-preview")).toBe(true);
        // At creation the names resolve and the program fails; a failed program is a process whose
        // unhandled error the Pulumi runtime reports, so that half runs in a process of its own.
        const script = path.join(__dirname, "support/refusedAtCreation.js");
        const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: path.resolve(__dirname, "..") });
        const r = JSON.parse(stdout);
        expect(r.error).toMatch(/ExtensionLogicApp la-up: the Logic App resource path is 234 characters, over the limit of 150 by 84/);
        expect(r.registered).toContain("test:index:Names n2");
        expect(r.registered).not.toContain("azure-native:logic:Workflow la-up");
        // Reported after the program body returned, Pulumi prints the stack: it is the message alone.
        expect(r.stack).toMatch(/^ExtensionLogicApp la-up: the Logic App resource path is 234 characters[^\n]*$/);
    });

    test("refusals from the arguments are RunErrors (one line, no stack) thrown before anything registers", async () => {
        const { ExtensionLogicApp } = await import("../provider/logicApp/component");
        const attempt = (extra: Record<string, unknown>) => {
            try {
                new ExtensionLogicApp("refused", { ...base, workflowName: "w", ...extra });
            } catch (e) {
                return e;
            }
        };
        const refusals = [{ workflowName: "w".repeat(120) }, { kind: "accessPackageAssignment", launchAndWait: true }, { kind: "nope" }];
        for (const extra of refusals) {
            const e = attempt(extra);
            expect(pulumi.RunError.isInstance(e)).toBe(true);
            expect((e as Error).message).toMatch(/^ExtensionLogicApp refused: /);
        }
        await new Promise((r) => setTimeout(r, 50));
        expect(registered.filter((r) => r.name === "refused")).toEqual([]);
    });
});

describe("the right to resume: the catalog role", () => {
    const roles = () => registered.filter((r) => r.name.endsWith("-catalog-role"));

    test("a request workflow's Logic App that waits grants its identity Access package assignment manager on the catalog", async () => {
        const { la, principal } = await build("accessPackageAssignmentRequest", { launchAndWait: true });
        expect(roles().map((r) => [r.name, r.inputs.principalId, r.inputs.roleDefinitionId, r.inputs.catalogId])).toEqual([
            ["la-accessPackageAssignmentRequest-catalog-role", principal, "accessPackageAssignmentManager", CATALOG],
        ]);
        expect(await value(la.catalogRole!.id)).toBe("la-accessPackageAssignmentRequest-catalog-role-id");
        // The endpoint an extension is given carries the grant as a dependency: the extension is made after it.
        const deps = await (la.endpointConfiguration as any).allResources();
        expect([...deps]).toContain(la.catalogRole);
    });

    test.each([
        ["accessPackageAssignmentRequest", { launchAndWait: true, grantCatalogRole: false }],
        ["accessPackageAssignmentRequest", { launchAndWait: false }],
        ["accessPackageAssignment", {}],
        ["customTaskExtension", { launchAndWait: true }],
    ] as const)("%s %j: no role (nothing resumes through one, or the user grants it)", async (kind, extra) => {
        const { la } = await build(kind, extra);
        expect(la.catalogRole).toBeUndefined();
        expect(roles()).toEqual([]);
    });

    test.each([
        [
            { kind: "accessPackageAssignmentRequest", launchAndWait: true },
            "catalogId: the extension's catalog is needed, where the Logic App's identity is given the Access package assignment " +
                "manager role it resumes its request with; or grantCatalogRole: false to grant that right yourself",
        ],
        [
            { kind: "accessPackageAssignment", catalogId: CATALOG, grantCatalogRole: true },
            "grantCatalogRole: a Logic App of kind accessPackageAssignment without launchAndWait resumes no request",
        ],
        [
            { kind: "customTaskExtension", launchAndWait: true, grantCatalogRole: true },
            "grantCatalogRole: a customTaskExtension Logic App resumes its task by its clientId in the extension's " +
                "callbackConfiguration.authorizedApps",
        ],
        [{ kind: "customTaskExtension", catalogId: CATALOG }, "catalogId: a customTaskExtension Logic App has no catalog"],
        [
            { kind: "accessPackageAssignmentRequest", catalogId: CATALOG, grantCatalogRole: "yes" },
            'grantCatalogRole: must be true or false (got "yes")',
        ],
    ])("%j is refused before anything registers", async (args, message) => {
        const { ExtensionLogicApp } = await import("../provider/logicApp/component");
        const names = { resourceGroupName: "rg", workflowName: "w", subscriptionId: SUB, tenantId: TENANT };
        expect(() => new ExtensionLogicApp("refused", { ...names, ...(args as any) })).toThrow(`ExtensionLogicApp refused: ${message}`);
        await new Promise((r) => setTimeout(r, 50));
        expect(registered.filter((r) => r.name.startsWith("refused"))).toEqual([]);
    });
});

describe("@pulumi/azure-native is an optional peer", () => {
    test("loading the package does not load it (ExtensionLogicApp loads it when constructed)", () => {
        const code = [
            "const before = Object.keys(require.cache).some((k) => k.includes('@pulumi/azure-native'));",
            "require('./dist/provider');",
            "const after = Object.keys(require.cache).some((k) => k.includes('@pulumi/azure-native'));",
            "process.stdout.write(JSON.stringify({ before, after }));",
        ].join("\n");
        const out = execFileSync(process.execPath, ["-e", code], { cwd: path.resolve(__dirname, ".."), encoding: "utf8" });
        expect(JSON.parse(out)).toEqual({ before: false, after: false });
    });

    test("missing, it is named with the command to install it; any other load failure is reported as it is", async () => {
        const { azureNativeLogic, AZURE_NATIVE_MISSING } = await import("../provider/logicApp/azureNative");
        const notFound = (message: string) => Object.assign(new Error(message), { code: "MODULE_NOT_FOUND" });
        const missing = notFound("Cannot find module '@pulumi/azure-native/logic'\nRequire stack:\n- x.js");
        const e = (() => {
            try {
                azureNativeLogic(() => {
                    throw missing;
                });
            } catch (x) {
                return x;
            }
        })();
        expect(pulumi.RunError.isInstance(e)).toBe(true);
        expect((e as Error).message).toBe(AZURE_NATIVE_MISSING);
        expect(AZURE_NATIVE_MISSING).toContain("npm install @pulumi/azure-native@^3");
        const broken = notFound("Cannot find module '@pulumi/pulumi/x'");
        expect(() =>
            azureNativeLogic(() => {
                throw broken;
            }),
        ).toThrow(broken);
    });
});

test("callbackUrl asks listWorkflowTriggerCallbackUrl for this workflow's manual trigger, only when read, as a secret", async () => {
    const { la } = await build("customTaskExtension");
    expect(invoked).toEqual([]);
    const url = la.callbackUrl;
    expect(await value(url)).toMatch(/triggers\/manual\/paths\/invoke\?sig=s3cr3t$/);
    expect(await (url as any).isSecret).toBe(true);
    expect(invoked.map((c) => [c.token, c.inputs])).toEqual([
        [
            "azure-native:logic:listWorkflowTriggerCallbackUrl",
            { resourceGroupName: "rg-identity", workflowName: "wf-customTaskExtension", triggerName: "manual" },
        ],
    ]);
    expect(la.callbackUrl).toBe(url);
});
