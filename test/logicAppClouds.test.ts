// ExtensionLogicApp in each cloud: the component (under pulumi.runtime.setMocks, cloud from the stack's
// `entra:cloud` or its own `cloud` argument) builds a workflow whose definition and PoP policy are put,
// as built, on the ARM surface of an emulator serving that cloud (real HTTP); an extension pointing at
// it is then created through the provider, which the emulator's wiring check lets through only when
// the callback calls that cloud's Graph and the policy names that cloud's ARM host and token issuer.
import * as pulumi from "@pulumi/pulumi";
import { GraphEmulator, startEmulator, DEFAULT_CATALOG_ID } from "../provider/emulator";
import { CLOUDS, CloudName, resolveCloud, tokenIssuer } from "../provider/graph/settings";
import { LogicAppKind } from "../provider/logicApp/kinds";
import { providersFor, SUB } from "./support/setup";

const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];
const registered: pulumi.runtime.MockResourceArgs[] = [];

pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            registered.push(args);
            // ARM gives a system-assigned identity its principal (what the catalog role is given to).
            const identity = { ...args.inputs.identity, principalId: "c10d0000-0000-4000-8000-00000000c10d" };
            const state =
                args.type === "azure-native:logic:Workflow" ? { ...args.inputs, name: args.inputs.workflowName, identity } : args.inputs;
            return { id: `${args.name}-id`, state };
        },
        call: () => ({}),
    },
    "project",
    "stack",
    false,
);

const emulators = new Map<CloudName, GraphEmulator>();
beforeAll(async () => {
    for (const cloud of CLOUD_NAMES) emulators.set(cloud, await startEmulator({ cloud }));
});
afterAll(async () => {
    for (const emu of emulators.values()) await emu.close();
});
beforeEach(() => {
    for (const emu of emulators.values()) emu.reset();
    pulumi.runtime.setAllConfig({});
});

const value = <T>(o: pulumi.Output<T>): Promise<T> => (o as any).promise();

/** Builds the component as a program would and returns what it registered for the workflow. */
async function build(name: string, kind: LogicAppKind, tenantId: string, cloud?: CloudName) {
    const { ExtensionLogicApp } = await import("../provider/logicApp/component");
    const la = new ExtensionLogicApp(name, {
        resourceGroupName: "rg-clouds",
        location: "usgovvirginia",
        workflowName: name,
        subscriptionId: SUB,
        tenantId,
        kind,
        launchAndWait: true,
        ...(kind === "customTaskExtension" ? {} : { catalogId: "b6f1c3a2-0000-4000-8000-00000000ca7a" }),
        ...(cloud ? { cloud } : {}),
    });
    const endpoint = await value(la.endpointConfiguration);
    const wf = registered.find((r) => r.type === "azure-native:logic:Workflow" && r.name === name)!;
    return { endpoint, inputs: wf.inputs };
}

/** Puts the group and the workflow, as the component declared it, on the emulator's ARM surface. */
async function deploy(emu: GraphEmulator, inputs: Record<string, any>) {
    const put = async (path: string, body: unknown, apiVersion: string) => {
        const r = await fetch(`${emu.url}${path}?api-version=${apiVersion}`, {
            method: "PUT",
            headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
            body: JSON.stringify(body),
        });
        if (r.status >= 300) throw new Error(`PUT ${path}: ${r.status} ${await r.text()}`);
        return r.json();
    };
    await put(`/subscriptions/${SUB}/resourceGroups/rg-clouds`, { location: inputs.location }, "2024-03-01");
    const { definition, accessControl, state, location, identity } = inputs;
    return put(
        `/subscriptions/${SUB}/resourceGroups/rg-clouds/providers/Microsoft.Logic/workflows/${inputs.workflowName}`,
        { location, identity, properties: { state, definition, accessControl } },
        "2019-05-01",
    );
}

/** Creates the extension of `kind` pointing at `endpointConfiguration`, as the engine would. */
async function createExtension(emu: GraphEmulator, cloud: CloudName, kind: LogicAppKind, endpointConfiguration: Record<string, string>) {
    const P = providersFor(emu, { ENTRA_CLOUD: cloud });
    const [p, args] =
        kind === "customTaskExtension"
            ? [P.customTaskExtension, { displayName: `task ${cloud}`, endpointConfiguration }]
            : [
                  P.accessPackageWorkflowExtension,
                  {
                      catalogId: DEFAULT_CATALOG_ID,
                      extensionType: "assignmentRequest",
                      displayName: `request ${cloud}`,
                      endpointConfiguration,
                  },
              ];
    const checked = await p.check!({}, args);
    expect(checked.failures ?? []).toEqual([]);
    return p.create!(checked.inputs);
}

const resumeOf = (kind: LogicAppKind, definition: any) =>
    kind === "customTaskExtension"
        ? definition.actions.Resume_through_Graph
        : definition.actions.Connection_test.else.actions.Resume_through_Graph;
const claimsOf = (accessControl: any) =>
    Object.fromEntries(
        (Object.values(accessControl.triggers.openAuthenticationPolicies.policies)[0] as any).claims.map((c: any) => [c.name, c.value]),
    );

describe.each(CLOUD_NAMES)("%s", (cloud) => {
    test.each(["customTaskExtension", "accessPackageAssignmentRequest"] as LogicAppKind[])(
        "%s: cloud from entra:cloud; callback to its Graph, its ARM host and issuer in the policy; the wiring check lets it through",
        async (kind) => {
            const emu = emulators.get(cloud)!;
            pulumi.runtime.setConfig("entra:cloud", cloud);
            const name = `la-${kind === "customTaskExtension" ? "task" : "request"}-${cloud.slice(5)}`;
            const { endpoint, inputs } = await build(name, kind, emu.tenantId);

            const graph = CLOUDS[cloud].graph;
            const resume = resumeOf(kind, inputs.definition);
            expect(resume.inputs.uri.startsWith(`${graph}/v1.0@{triggerBody()`)).toBe(true);
            expect(resume.inputs.authentication).toEqual({ type: "ManagedServiceIdentity", audience: graph });
            const claims = claimsOf(inputs.accessControl);
            expect(claims.u).toBe(CLOUDS[cloud].arm);
            expect(claims.iss).toBe(tokenIssuer(cloud, emu.tenantId));
            // No host of another cloud anywhere in what the workflow is given.
            const text = JSON.stringify({ definition: inputs.definition, accessControl: inputs.accessControl });
            for (const other of CLOUD_NAMES.filter((c) => CLOUDS[c].graph !== graph)) expect(text).not.toContain(CLOUDS[other].graph);

            const stored = await deploy(emu, inputs);
            expect(new URL(stored.properties.accessEndpoint).hostname.endsWith(`.${CLOUDS[cloud].logicApps}`)).toBe(true);
            const created = await createExtension(emu, cloud, kind, endpoint);
            expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
            expect(emu.objects()).toHaveLength(1);
        },
    );
});

describe("a Logic App made for another cloud is refused by the wiring check, with what is wrong", () => {
    test.each([
        ["AzureCloud", "AzureUSGovernment"],
        ["AzureUSGovernment", "AzureChinaCloud"],
        ["AzureChinaCloud", "AzureCloud"],
        ["AzureUSGovernment", "AzureUSGovernmentDoD"],
    ] as [CloudName, CloudName][])("built for %s, saved in %s", async (builtFor, servedBy) => {
        const emu = emulators.get(servedBy)!;
        const { endpoint, inputs } = await build(
            `la-${builtFor.slice(5)}-in-${servedBy.slice(5)}`,
            "customTaskExtension",
            emu.tenantId,
            builtFor,
        );
        await deploy(emu, inputs);
        const e = await createExtension(emu, servedBy, "customTaskExtension", endpoint).then(
            () => undefined,
            (x: Error) => x,
        );
        expect(e?.message).toMatch(
            /Graph answered 400 LogicAppCallbackInvalid: The Logic App \/subscriptions\/.+ cannot be called by Lifecycle Workflows/,
        );
        const [want, got] = [CLOUDS[servedBy].graph, CLOUDS[builtFor].graph];
        expect(e?.message).toContain(`action 'Resume_through_Graph' calls ${got} but this tenant's Graph is ${want}`);
        expect(e?.message).toContain(`asks a token for ${got}`);
        expect(emu.objects()).toEqual([]);
    });

    test("the callback fixed by hand, the policy still names the other cloud's ARM host and issuer: refused on the policy", async () => {
        const emu = emulators.get("AzureChinaCloud")!;
        const { endpoint, inputs } = await build("la-policy-only", "customTaskExtension", emu.tenantId, "AzureCloud");
        const china = CLOUDS.AzureChinaCloud.graph;
        const resume = inputs.definition.actions.Resume_through_Graph.inputs;
        resume.uri = resume.uri.replace(CLOUDS.AzureCloud.graph, china);
        resume.authentication.audience = china;
        await deploy(emu, inputs);
        const e = await createExtension(emu, "AzureChinaCloud", "customTaskExtension", endpoint).then(
            () => undefined,
            (x: Error) => x,
        );
        expect(e?.message).toMatch(/Graph answered 400 LogicAppAuthorizationInvalid/);
        expect(e?.message).toContain(
            `claim 'iss' is '${tokenIssuer("AzureCloud", emu.tenantId)}' ` +
                `but this tenant's issuer is '${tokenIssuer("AzureChinaCloud", emu.tenantId)}'`,
        );
        expect(e?.message).toContain("claim 'u' is 'management.azure.com' (expected 'management.chinacloudapi.cn')");
    });
});

describe("which cloud the component follows", () => {
    test("its own cloud argument wins over the stack's entra:cloud", async () => {
        pulumi.runtime.setConfig("entra:cloud", "AzureChinaCloud");
        const { inputs } = await build("la-own-cloud", "customTaskExtension", "t", "AzureUSGovernmentDoD");
        expect(inputs.definition.actions.Resume_through_Graph.inputs.authentication.audience).toBe("https://dod-graph.microsoft.us");
        expect(claimsOf(inputs.accessControl).u).toBe("management.usgovcloudapi.net");
    });

    test("without either, AzureCloud", async () => {
        const { inputs } = await build("la-default-cloud", "customTaskExtension", "t");
        expect(inputs.definition.actions.Resume_through_Graph.inputs.uri.startsWith("https://graph.microsoft.com/v1.0")).toBe(true);
        expect(claimsOf(inputs.accessControl)).toMatchObject({ u: "management.azure.com", iss: "https://sts.windows.net/t/" });
    });

    test("a cloud that is not one of the four is refused at construction, naming the four", async () => {
        const { ExtensionLogicApp } = await import("../provider/logicApp/component");
        const args = {
            resourceGroupName: "rg",
            workflowName: "w",
            subscriptionId: SUB,
            tenantId: "t",
            kind: "customTaskExtension" as const,
        };
        expect(() => new ExtensionLogicApp("bad", { ...args, cloud: "AzureGermanCloud" as CloudName })).toThrow(
            new RegExp(`^ExtensionLogicApp bad: cloud must be one of ${CLOUD_NAMES.join(", ")} \\(got "AzureGermanCloud"\\)$`),
        );
        pulumi.runtime.setConfig("entra:cloud", "toString");
        expect(() => new ExtensionLogicApp("bad2", args)).toThrow(
            /^ExtensionLogicApp bad2: entra:cloud must be one of .* \(got "toString"\)$/,
        );
    });

    test("as the provider reads it: stack config first, then ENTRA_CLOUD", () => {
        const config = (v?: string) => (k: string) => (k === "entra:cloud" ? v : undefined);
        expect(resolveCloud(config("AzureChinaCloud"), { ENTRA_CLOUD: "AzureUSGovernment" })).toBe("AzureChinaCloud");
        expect(resolveCloud(config(""), { ENTRA_CLOUD: "AzureUSGovernment" })).toBe("AzureUSGovernment");
        expect(resolveCloud(config(undefined), {})).toBe("AzureCloud");
    });
});
