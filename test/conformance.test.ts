// Every body the provider can produce (each family, each type, each optional property set and unset,
// in friendly and in the docs' spellings; create and update) goes over real HTTP to an emulator started
// for each cloud, which holds it against that cloud's Graph v1.0 metadata. What each cloud must refuse
// is written here from the reading of Microsoft's files, not from the data file, and check
// (cloudFailures) must refuse exactly the same inputs at preview.
import { fromInputs, toGraph } from "../provider/families/canonical";
import { cloudFailures } from "../provider/families/clouds";
import { family } from "../provider/families";
import { AUTHENTICATION_EXTENSION_TYPES } from "../provider/families/customAuthenticationExtension";
import { Family } from "../provider/families/family";
import { route } from "../provider/emulator/collections";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import type { CloudName } from "../provider/graph/settings";
import { APP, SUB } from "./support/setup";

const CLOUDS: CloudName[] = ["AzureCloud", "AzureUSGovernment", "AzureUSGovernmentDoD", "AzureChinaCloud"];

type Inputs = Record<string, unknown>;

/** Every combination of the given choices; `undefined` means the property is left out. */
function product(choices: Record<string, unknown[]>): Inputs[] {
    return Object.entries(choices).reduce<Inputs[]>(
        (acc, [k, values]) => acc.flatMap((o) => values.map((v) => (v === undefined ? { ...o } : { ...o, [k]: v }))),
        [{}],
    );
}

const logicApp = { subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: "la-conformance" };
const logicAppWithUrl = { ...logicApp, url: "https://prod-00.westus.logic.azure.com/workflows/x/triggers/manual/paths/invoke" };
const common = {
    description: [undefined, "Calls the conformance endpoint"],
    clientConfiguration: [undefined, { timeoutInMilliseconds: 1000, maximumRetries: 1 }, { timeoutInMilliseconds: 500 }],
};
const logicAppAuth = [undefined, { resourceId: "api://conformance.contoso.com" }];
const target = "https://claims.contoso.com/api/callout";
const claims = ["employeeId", { claimIdInApiResponse: "costCenter" }];

const INPUTS: Record<string, Inputs[]> = {
    customTaskExtension: product({
        ...common,
        endpointConfiguration: [logicApp, logicAppWithUrl],
        authenticationConfiguration: logicAppAuth,
        callbackConfiguration: [undefined, { timeoutDuration: "PT1H" }, { timeoutDuration: "PT2H", authorizedApps: [APP] }],
    }),
    accessPackageWorkflowExtension: [
        ...product({
            extensionType: ["assignmentRequest"],
            ...common,
            endpointConfiguration: [logicApp, logicAppWithUrl],
            authenticationConfiguration: logicAppAuth,
            callbackConfiguration: [
                undefined,
                { timeoutDuration: "P1D" },
                { durationBeforeTimeout: "PT12H" },
                // the docs' example
                { "@odata.type": "microsoft.graph.customExtensionCallbackConfiguration", durationBeforeTimeout: "PT1H" },
            ],
        }),
        ...product({
            extensionType: ["assignment"],
            ...common,
            endpointConfiguration: [logicApp, logicAppWithUrl],
            authenticationConfiguration: logicAppAuth,
        }),
    ].map((i) => ({ ...i, catalogId: DEFAULT_CATALOG_ID })),
    customAuthenticationExtension: Object.keys(AUTHENTICATION_EXTENSION_TYPES).flatMap((extensionType) =>
        product({
            extensionType: [extensionType],
            ...common,
            endpointConfiguration: [{ targetUrl: target }],
            authenticationConfiguration: [
                { resourceId: `api://claims.contoso.com/${APP}` },
                { "@odata.type": "#microsoft.graph.azureAdTokenAuthentication", resourceId: `api://claims.contoso.com/${APP}` },
            ],
            behaviorOnError: [undefined, "fallbackToMicrosoftProvider", "default"],
            claimsForTokenConfiguration: extensionType === "onTokenIssuanceStart" ? [undefined, claims] : [undefined],
        }),
    ),
};

/** What each cloud refuses, as the issue reads Microsoft's files. */
function refusedIn(cloud: CloudName, familyName: string, inputs: Inputs): boolean {
    const tokenAuth = (inputs.authenticationConfiguration as { resourceId?: string } | undefined)?.resourceId !== undefined;
    if (cloud === "AzureChinaCloud") return familyName === "customAuthenticationExtension" || tokenAuth;
    if (cloud === "AzureUSGovernment" || cloud === "AzureUSGovernmentDoD")
        return (
            familyName === "customAuthenticationExtension" &&
            (inputs.extensionType !== "onTokenIssuanceStart" || inputs.behaviorOnError === "fallbackToMicrosoftProvider")
        );
    return false;
}

interface Sent {
    cloud: CloudName;
    family: string;
    verb: string;
    body: Record<string, unknown>;
    status: number;
    error?: { code: string; message: string };
    expectRefused: boolean;
    checkRefused: boolean;
}

const outcome = (answer: { status: number; json: any }) => ({ status: answer.status, error: answer.json?.error });

async function send(emu: GraphEmulator, verb: string, path: string, body: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${emu.url}/v1.0${path}`, {
        method: verb,
        headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

function canonicalOf(f: Family, inputs: Inputs) {
    const { canonical, failures } = fromInputs(f, inputs);
    if (failures.length) throw new Error(`fixture ${JSON.stringify(inputs)} fails check: ${JSON.stringify(failures)}`);
    return canonical;
}

/** Of the inputs of one type, the one with the most properties set that the cloud accepts (or any, if none). */
function fullestOf(f: Family, cloud: CloudName, combos: Inputs[], extensionType: unknown): Inputs {
    const sameType = combos.filter((x) => x.extensionType === extensionType);
    const pool = sameType.filter((x) => !refusedIn(cloud, f.name, x));
    const size = (x: Inputs) => Object.keys(canonicalOf(f, { ...x, displayName: "size" })).length;
    return (pool.length ? pool : sameType).map((x) => ({ x, n: size(x) })).reduce((a, b) => (b.n > a.n ? b : a)).x;
}

const sent: Sent[] = [];

describe.each(CLOUDS)("%s", (cloud) => {
    let emu: GraphEmulator;
    beforeAll(async () => {
        emu = await startEmulator({ cloud });
    });
    afterAll(() => emu.close());

    test.each(Object.keys(INPUTS))("%s: each create and update body conforms, or check and emulator both refuse it", async (familyName) => {
        const f = family(familyName);
        const combos = INPUTS[familyName];
        let n = 0;
        for (const [i, combo] of combos.entries()) {
            const inputs = { ...combo, displayName: `${cloud} ${familyName} ${i}` };
            const c = canonicalOf(f, inputs);
            const expectRefused = refusedIn(cloud, familyName, inputs);
            const checkRefused = cloudFailures(familyName, c, cloud).length > 0;
            const path = f.collectionPath(c, "v1.0");

            const createBody = toGraph(f, c, { withType: true });
            const created = await send(emu, "POST", path, createBody);
            const record = (verb: string, body: Record<string, unknown>, answer: { status: number; json: any }) =>
                sent.push({ cloud, family: familyName, verb, body, ...outcome(answer), expectRefused, checkRefused });
            record("POST", createBody, created);

            // The update goes to an object holding the fullest input of the same type that this cloud
            // accepts (so that unset properties are cleared), or, where none is accepted, to one
            // stored directly, as another client might have left it.
            const fullest = fullestOf(f, cloud, combos, combo.extensionType);
            const before = canonicalOf(f, { ...fullest, displayName: `${inputs.displayName} (updated)` });
            let id: string;
            if (!refusedIn(cloud, familyName, fullest)) {
                const r = await send(emu, "POST", path, toGraph(f, before, { withType: true }));
                expect([r.status, r.json?.error]).toEqual([201, undefined]);
                id = r.json.id;
            } else id = emu.collections.create(route(`/v1.0${path}`)!, toGraph(f, before, { withType: true })).id;
            const clear = f.fields.filter((x) => before[x.name] !== undefined && c[x.name] === undefined).map((x) => x.name);
            const updateBody = toGraph(f, { ...c, displayName: before.displayName }, { withType: f.typeOnUpdate, clear });
            const updated = await send(emu, f.updateVerb, `${path}/${encodeURIComponent(id)}`, updateBody);
            record(f.updateVerb, updateBody, updated);
            n += 2;
            emu.collections.objects.clear(); // Graph's limit of 100 custom authentication extensions per tenant
        }
        const mine = sent.slice(-n);
        const wrong = mine.filter((s) => (s.expectRefused ? s.status !== 400 : s.status >= 300) || s.checkRefused !== s.expectRefused);
        const shown = wrong.map((s) => ({ verb: s.verb, status: s.status, error: s.error?.message, check: s.checkRefused, body: s.body }));
        expect(shown).toEqual([]);
        for (const s of mine.filter((x) => x.expectRefused))
            expect(s.error).toEqual(expect.objectContaining({ code: "BadRequest", message: expect.any(String) }));
    });
});

describe("the emulator refuses what Graph's metadata does not have (AzureCloud)", () => {
    let emu: GraphEmulator;
    beforeAll(async () => {
        emu = await startEmulator();
    });
    afterAll(() => emu.close());

    const apPath = `/identityGovernance/entitlementManagement/catalogs/${DEFAULT_CATALOG_ID}/customWorkflowExtensions`;
    const apBody = {
        "@odata.type": "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension",
        displayName: "negative control",
        endpointConfiguration: { "@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration", ...logicApp },
        authenticationConfiguration: { "@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication" },
    };
    const docsCallback = { "@odata.type": "#microsoft.graph.customExtensionCallbackConfiguration", timeoutDuration: "PT1H" };
    const taskCallback = "#microsoft.graph.identityGovernance.customTaskExtensionCallbackConfiguration";
    const docsSpelling = { "@odata.type": taskCallback, durationBeforeTimeout: "PT1H" };
    test.each([
        ["the docs' abstract callback type", { callbackConfiguration: docsCallback }, /abstract/],
        ["the docs' durationBeforeTimeout", { callbackConfiguration: docsSpelling }, /'durationBeforeTimeout' does not exist/],
        [
            "a type not derived from the declared one",
            { endpointConfiguration: { "@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication" } },
            /not assignable to the expected type 'microsoft.graph.customExtensionEndpointConfiguration'/,
        ],
        ["an abstract type with no @odata.type", { authenticationConfiguration: {} }, /abstract/],
        ["a type no cloud has", { authenticationConfiguration: { "@odata.type": "#microsoft.graph.secret" } }, /could not be resolved/],
        ["an unknown top-level property", { behaviourOnError: null }, /'behaviourOnError' does not exist on type 'microsoft.graph.access/],
        ["a property of another type", { claimsForTokenConfiguration: [] }, /'claimsForTokenConfiguration' does not exist/],
    ])("%s: 400 with Graph's error shape", async (_what, change, message) => {
        const r = await send(emu, "POST", apPath, { ...apBody, ...change });
        expect(r.status).toBe(400);
        const innerError = expect.objectContaining({ "request-id": expect.any(String) });
        expect(r.json.error).toEqual({ code: "BadRequest", message: expect.stringMatching(message), innerError });
    });

    test("the same body without the mistake is created", async () => {
        expect((await send(emu, "POST", apPath, apBody)).status).toBe(201);
    });
});

const counts = (cloud: CloudName) => {
    const mine = sent.filter((s) => s.cloud === cloud);
    const accepted = mine.filter((s) => s.status < 300).length;
    return { bodies: mine.length, accepted, refused: mine.filter((s) => s.status === 400).length };
};

test("the counts are docs/national-clouds.md's", () => {
    expect(Object.fromEntries(CLOUDS.map((c) => [c, counts(c)]))).toEqual({
        AzureCloud: { bodies: 888, accepted: 888, refused: 0 },
        AzureUSGovernment: { bodies: 888, accepted: 480, refused: 408 },
        AzureUSGovernmentDoD: { bodies: 888, accepted: 480, refused: 408 },
        AzureChinaCloud: { bodies: 888, accepted: 192, refused: 696 },
    });
});
