// The emulator's Logic App wiring check, through the extension providers as the engine calls them
// (real HTTP): a Logic App built the way ExtensionLogicApp builds it passes; each miswiring is refused
// on create or update with a Graph error that says what is wrong; subscriptions the ARM surface never
// saw are not checked.
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { LogicAppKind } from "../provider/logicApp/kinds";
import { logicAppResourcePath } from "../provider/azure/resourcePath";
import { POP_CONDITION, popAccessControl, workflowDefinition } from "../provider/logicApp/workflowDefinition";
import { SUB, Providers, providersFor } from "./support/setup";

const OTHER_SUB = "9a8b7c6d-5e4f-4321-8abc-def012345678";
const OTHER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const [NOT_FOUND, TRIGGER, AUTHORIZATION] = ["LogicAppNotFound", "LogicAppTriggerInvalid", "LogicAppAuthorizationInvalid"];
let emu: GraphEmulator;
let P: Providers;

beforeAll(async () => {
    emu = await startEmulator();
    P = providersFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

type Mutate = (wf: { definition: any; accessControl: any }) => void;

/** Puts a resource group and a workflow wired for `kind` as ExtensionLogicApp wires it, then applies `mutate`. */
async function logicApp(kind: LogicAppKind, name: string, opts: { sub?: string; mutate?: Mutate; pathInPolicy?: string } = {}) {
    const sub = opts.sub ?? SUB;
    const where = { subscriptionId: sub, resourceGroupName: "rg-wiring", logicAppWorkflowName: name };
    const wf = {
        definition: workflowDefinition({ kind }),
        accessControl: popAccessControl(kind, emu.tenantId, opts.pathInPolicy ?? logicAppResourcePath(where)),
    };
    opts.mutate?.(wf);
    const put = async (path: string, body: unknown, apiVersion: string) => {
        const r = await fetch(`${emu.url}${path}?api-version=${apiVersion}`, {
            method: "PUT",
            headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
            body: JSON.stringify(body),
        });
        if (r.status >= 300) throw new Error(`PUT ${path}: ${r.status} ${await r.text()}`);
    };
    await put(`/subscriptions/${sub}/resourceGroups/rg-wiring`, { location: "westeurope" }, "2024-03-01");
    const properties = { state: "Enabled", definition: wf.definition, ...(wf.accessControl ? { accessControl: wf.accessControl } : {}) };
    await put(logicAppResourcePath(where), { location: "westeurope", identity: { type: "SystemAssigned" }, properties }, "2019-05-01");
    return where;
}

const endpoint = (name: string, sub = SUB) => ({ subscriptionId: sub, resourceGroupName: "rg-wiring", logicAppWorkflowName: name });

async function createTask(endpointConfiguration: Record<string, string>) {
    const p = P.customTaskExtension;
    const { inputs } = await p.check({}, { displayName: `task ${Math.random()}`, endpointConfiguration });
    return p.create(inputs);
}

async function createRequest(endpointConfiguration: Record<string, string>) {
    const p = P.accessPackageWorkflowExtension;
    const args = { catalogId: DEFAULT_CATALOG_ID, extensionType: "assignmentRequest", displayName: "request", endpointConfiguration };
    const { inputs } = await p.check({}, args);
    return p.create(inputs);
}

describe("wired as ExtensionLogicApp wires it", () => {
    test("a custom task extension and an access package extension are created", async () => {
        await logicApp("customTaskExtension", "la-task");
        await logicApp("accessPackageAssignmentRequest", "la-request");
        expect((await createTask(endpoint("la-task"))).id).toMatch(/^[0-9a-f-]{36}$/);
        expect((await createRequest(endpoint("la-request"))).id).toMatch(/^[0-9a-f-]{36}$/);
        expect(
            emu
                .writes()
                .filter((e) => !e.path.startsWith("/subscriptions/"))
                .map((e) => e.status),
        ).toEqual([201, 201]);
    });

    test("the resource path in the policy is compared as ARM compares paths, without case", async () => {
        const where = { subscriptionId: SUB, resourceGroupName: "rg-wiring", logicAppWorkflowName: "la-task" };
        await logicApp("customTaskExtension", "la-task", { pathInPolicy: logicAppResourcePath(where).toLowerCase() });
        await expect(createTask(endpoint("LA-TASK"))).resolves.toHaveProperty("id");
    });

    test("a subscription the ARM surface never saw is not checked (extensions pointing at Logic Apps elsewhere keep working)", async () => {
        await logicApp("customTaskExtension", "la-task");
        await expect(createTask(endpoint("la-anything", OTHER_SUB))).resolves.toHaveProperty("id");
    });
});

describe("miswirings are refused with what is wrong", () => {
    const refused = async (create: Promise<unknown>, code: string, what: RegExp) => {
        const e = await create.then(
            () => undefined,
            (x: Error) => x,
        );
        expect(e).toBeInstanceOf(Error);
        expect(e!.message).toMatch(new RegExp(`Graph answered 400 ${code}: The Logic App /subscriptions/.+ cannot be called by`));
        expect(e!.message).toMatch(what);
        // Nothing was stored.
        expect(emu.objects()).toEqual([]);
    };

    test("no such workflow in the group", async () => {
        await logicApp("customTaskExtension", "la-task");
        await refused(createTask(endpoint("la-typo")), NOT_FOUND, /resource group 'rg-wiring' has no workflow 'la-typo'/);
    });

    test("no such resource group in the subscription", async () => {
        await logicApp("customTaskExtension", "la-task");
        await refused(createTask({ ...endpoint("la-task"), resourceGroupName: "rg-other" }), NOT_FOUND, /has no resource group 'rg-other'/);
    });

    test("the workflow is in another subscription than the extension names", async () => {
        await logicApp("customTaskExtension", "la-task", { sub: OTHER_SUB });
        await logicApp("customTaskExtension", "la-elsewhere");
        await refused(createTask(endpoint("la-task")), NOT_FOUND, /has no workflow 'la-task'/);
    });

    test("the trigger is not an HTTP request trigger", async () => {
        await logicApp("customTaskExtension", "la-task", {
            mutate: (wf) => (wf.definition.triggers = { Every_hour: { type: "Recurrence", recurrence: { frequency: "Hour" } } }),
        });
        await refused(createTask(endpoint("la-task")), TRIGGER, /needs an HTTP request trigger .*triggers: 'Every_hour' \(Recurrence\)/);
    });

    test("the trigger lacks the PoP condition", async () => {
        await logicApp("customTaskExtension", "la-task", { mutate: (wf) => delete wf.definition.triggers.manual.conditions });
        const condition = POP_CONDITION.replace(/[()?[\]'@]/g, "\\$&");
        await refused(createTask(endpoint("la-task")), TRIGGER, new RegExp(`lacks the condition ${condition}`));
    });

    test("the trigger does not pass the Authorization header to its condition", async () => {
        await logicApp("customTaskExtension", "la-task", { mutate: (wf) => delete wf.definition.triggers.manual.operationOptions });
        await refused(createTask(endpoint("la-task")), TRIGGER, /lacks operationOptions IncludeAuthorizationHeadersInOutputs/);
    });

    test("no authorization policy at all", async () => {
        await logicApp("customTaskExtension", "la-task", { mutate: (wf) => (wf.accessControl = undefined) });
        await refused(createTask(endpoint("la-task")), AUTHORIZATION, /needs an AADPOP authorization policy; its policies: none/);
    });

    test("an AAD (bearer) policy instead of AADPOP", async () => {
        await logicApp("customTaskExtension", "la-task", {
            mutate: (wf) => {
                const policies = wf.accessControl.triggers.openAuthenticationPolicies.policies;
                for (const p of Object.values(policies) as any[]) p.type = "AAD";
            },
        });
        await refused(createTask(endpoint("la-task")), AUTHORIZATION, /its policies: 'AzureADLifecycleWorkflowsAuthPOPAuthPolicy' \(AAD\)/);
    });

    const claim =
        (name: string, value: string | undefined): Mutate =>
        (wf) => {
            const p: any = Object.values(wf.accessControl.triggers.openAuthenticationPolicies.policies)[0];
            p.claims = p.claims.filter((c: any) => c.name !== name).concat(value === undefined ? [] : [{ name, value }]);
        };

    test("the issuer is another tenant's", async () => {
        await logicApp("customTaskExtension", "la-task", { mutate: claim("iss", `https://sts.windows.net/${OTHER_TENANT}/`) });
        const other = new RegExp(`claim 'iss' is 'https://sts.windows.net/${OTHER_TENANT}/' but this tenant's issuer is`);
        await refused(createTask(endpoint("la-task")), AUTHORIZATION, other);
    });

    test("the issuer lacks its trailing slash", async () => {
        await logicApp("customTaskExtension", "la-task", { mutate: (wf) => claim("iss", `https://sts.windows.net/${emu.tenantId}`)(wf) });
        await refused(createTask(endpoint("la-task")), AUTHORIZATION, /claim 'iss' is 'https:\/\/sts\.windows\.net\/[0-9a-f-]+' but/);
    });

    test("a task extension pointing at a Logic App made for entitlement management (wrong calling app)", async () => {
        await logicApp("accessPackageAssignmentRequest", "la-request");
        await refused(
            createTask(endpoint("la-request")),
            AUTHORIZATION,
            new RegExp(
                "cannot be called by Lifecycle Workflows: .*" +
                    "claim 'appid' is '810dcf14-1858-4bf2-8134-4c369fa3235b' \\(entitlement management\\) " +
                    "but Lifecycle Workflows calls as 'ce79fdc4-cd1d-4ea5-8139-e74d7dbe0bb7'",
            ),
        );
    });

    test("an access package extension pointing at a Logic App made for Lifecycle Workflows (wrong calling app)", async () => {
        await logicApp("customTaskExtension", "la-task");
        const wrongApp = /cannot be called by entitlement management: .*claim 'appid' is 'ce79fdc4.*\(Lifecycle Workflows\)/;
        await refused(createRequest(endpoint("la-task")), AUTHORIZATION, wrongApp);
    });

    test("the method is not POST", async () => {
        await logicApp("customTaskExtension", "la-task", { mutate: claim("m", "GET") });
        await refused(createTask(endpoint("la-task")), AUTHORIZATION, /claim 'm' is 'GET' \(expected 'POST'\)/);
    });

    test("the policy names another workflow's resource path (a copied or renamed Logic App)", async () => {
        const other = logicAppResourcePath({ subscriptionId: SUB, resourceGroupName: "rg-wiring", logicAppWorkflowName: "la-original" });
        await logicApp("customTaskExtension", "la-copy", { pathInPolicy: other });
        const copied = /claim 'p' is '.*\/workflows\/la-original' but this workflow's resource path is '.*\/workflows\/la-copy'/;
        await refused(createTask(endpoint("la-copy")), AUTHORIZATION, copied);
    });

    test("a claim is missing", async () => {
        await logicApp("customTaskExtension", "la-task", { mutate: claim("p", undefined) });
        await refused(createTask(endpoint("la-task")), AUTHORIZATION, /claim 'p' is missing \(expected '\/subscriptions\/.*\/la-task'\)/);
    });

    test("the u claim names another host", async () => {
        await logicApp("customTaskExtension", "la-task", { mutate: claim("u", "prod-00.westeurope.logic.azure.com") });
        const host = /claim 'u' is 'prod-00\.westeurope\.logic\.azure\.com' \(expected 'management\.azure\.com'\)/;
        await refused(createTask(endpoint("la-task")), AUTHORIZATION, host);
    });

    test("every mismatch of the closest policy is named at once", async () => {
        const both: Mutate = (wf) => {
            claim("m", "GET")(wf);
            claim("iss", "https://sts.windows.net/x/")(wf);
        };
        await logicApp("customTaskExtension", "la-task", { mutate: both });
        await refused(createTask(endpoint("la-task")), AUTHORIZATION, /claim 'iss' is .*; claim 'm' is 'GET'/);
    });

    test("an update that points a valid extension at a miswired Logic App is refused; the stored extension stays as it was", async () => {
        await logicApp("customTaskExtension", "la-task");
        await logicApp("accessPackageAssignmentRequest", "la-request");
        const p = P.customTaskExtension;
        const { inputs } = await p.check({}, { displayName: "task", endpointConfiguration: endpoint("la-task") });
        const { id, outs } = await p.create(inputs);
        const { inputs: news } = await p.check(outs, { displayName: "task", endpointConfiguration: endpoint("la-request") });
        await expect(p.update(id, outs, news)).rejects.toThrow(/400 LogicAppAuthorizationInvalid: .*claim 'appid' is '810dcf14/);
        expect(emu.objects()[0].body.endpointConfiguration.logicAppWorkflowName).toBe("la-task");
    });
});
