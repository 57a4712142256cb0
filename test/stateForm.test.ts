// What the dynamic provider's state holds (provider/operations/stateForm.ts): defaults and a token's type left
// out of inputs and outputs, given back to the operations (fromState) so that Graph still receives them and
// nothing reads as a change, while a state written whole (before this shape, or by the plugin) stays valid.
// Over real HTTP to the emulator; the classes' side is checked by the engine tests (defaultedOutputs).
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { createContext, create as createOp } from "../provider/operations";
import { emulatorEnv, Providers, providersFor } from "./support/setup";

let emu: GraphEmulator;
let P: Providers;
beforeAll(async () => {
    emu = await startEmulator();
    P = providersFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const logicApp = { subscriptionId: SUB, resourceGroupName: "rg", logicAppWorkflowName: "la-shape" };
const apInputs = { catalogId: DEFAULT_CATALOG_ID, displayName: "shape ap", endpointConfiguration: logicApp };
const authInputs = {
    extensionType: "onTokenIssuanceStart",
    displayName: "shape auth",
    endpointConfiguration: { targetUrl: "https://claims.contoso.com/api" },
    authenticationConfiguration: { resourceId: "api://claims.contoso.com/11111111-2222-4333-8444-555555555555" },
};

test("defaults are left out of inputs and outputs, and Graph still receives them", async () => {
    const p = P.accessPackageWorkflowExtension;
    const { inputs, failures } = await p.check({}, apInputs);
    expect(failures).toEqual([]);
    expect(inputs).not.toHaveProperty("authenticationConfiguration");
    expect(inputs).not.toHaveProperty("extensionType");
    const { id, outs } = await p.create(inputs);
    expect(outs).not.toHaveProperty("authenticationConfiguration");
    expect(outs).not.toHaveProperty("extensionType");
    const body = emu.objects().find((o) => o.id === id)!.body;
    expect(body["@odata.type"]).toBe("#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension");
    expect(body.authenticationConfiguration).toMatchObject({ "@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication" });
    // Nothing reads as a change: diff, and a refresh then diff.
    expect((await p.diff(id, outs, inputs)).changes).toBe(false);
    const r = await p.read(id, outs);
    expect(r.inputs).not.toHaveProperty("authenticationConfiguration");
    expect((await p.diff(id, r.props, inputs)).changes).toBe(false);
});

test("a token's type is left to its resourceId in the state, and sent whole", async () => {
    const p = P.customAuthenticationExtension;
    const { inputs } = await p.check({}, authInputs);
    expect(inputs.authenticationConfiguration).toEqual({ resourceId: authInputs.authenticationConfiguration.resourceId });
    const { id, outs } = await p.create(inputs);
    expect(outs.authenticationConfiguration).toEqual(inputs.authenticationConfiguration);
    expect(emu.objects().find((o) => o.id === id)!.body.authenticationConfiguration).toEqual({
        "@odata.type": "#microsoft.graph.azureAdTokenAuthentication",
        resourceId: authInputs.authenticationConfiguration.resourceId,
    });
    // A changed resourceId is still a change, of that property alone.
    const { inputs: next } = await p.check(inputs, { ...authInputs, authenticationConfiguration: { resourceId: "api://other/app" } });
    const d = await p.diff(id, outs, next);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
});

test("a state written whole (defaults and types spelled out) diffs as no change and is refreshed into the lean shape", async () => {
    const p = P.accessPackageWorkflowExtension;
    const { inputs } = await p.check({}, apInputs);
    const { id, outs } = await p.create(inputs);
    const whole = { ...outs, authenticationConfiguration: { type: "azureAdPopToken" }, extensionType: "assignmentRequest" };
    expect((await p.diff(id, whole, inputs)).changes).toBe(false);
    const r = await p.read(id, whole);
    expect(r.props).not.toHaveProperty("extensionType");
    expect(r.inputs).not.toHaveProperty("authenticationConfiguration");
    // A value other than the default is held, and is a change.
    const { inputs: assignment } = await p.check({}, { ...apInputs, extensionType: "assignment" });
    expect(assignment.extensionType).toBe("assignment");
    expect((await p.diff(id, outs, assignment)).replaces).toEqual(["extensionType"]);
});

test("the operations give outputs whole (the plugin's state): only the dynamic face trims them for its state", async () => {
    const ctx = createContext(undefined, { env: emulatorEnv(emu) });
    const { inputs } = await P.accessPackageWorkflowExtension.check({}, apInputs);
    const { outputs } = await createOp(ctx, "accessPackageWorkflowExtension", { inputs, secretPaths: [] });
    expect(outputs).toMatchObject({ authenticationConfiguration: { type: "azureAdPopToken" }, extensionType: "assignmentRequest" });
    expect(outputs.endpointUrl).toMatch(/^https:\/\//);
});
