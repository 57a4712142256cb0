// Each family through its real ResourceProvider object, over real HTTP to the emulator:
// create, read, diff, update, delete; no diff after create or refresh; drift and deletion seen.
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { fixtures } from "./support/fixtures";
import { nameExtension } from "./support/attachments";
import { Providers, providersFor } from "./support/setup";
import { AUTHENTICATION_EXTENSION_TYPES } from "../provider/families/customAuthenticationExtension";
import { family } from "../provider/families";
import { fromState } from "../provider/operations/stateForm";

let emu: GraphEmulator;
let P: Providers;
beforeAll(async () => {
    emu = await startEmulator();
    P = providersFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function checked(p: any, news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
    const r = await p.check(olds, news);
    expect(r.failures).toEqual([]);
    return r.inputs as Record<string, unknown>;
}

describe.each(fixtures)("$family", (fx) => {
    test("create stores one object, answers its id and outputs, with no diff against the program afterwards", async () => {
        const p = P[fx.family];
        const inputs = await checked(p, fx.inputs);
        const { id, outs } = await p.create(inputs);
        expect(emu.objects().map((o) => o.id)).toEqual([id]);
        expect(outs.displayName).toBe(fx.inputs.displayName);
        expect(emu.writes().map((e) => `${e.method} ${e.status}`)).toEqual(["POST 201"]);
        const again = await checked(p, fx.inputs, outs);
        expect((await p.diff(id, outs, again)).changes).toBe(false);
    });

    test("read after create reports the program's values: no drift, no diff", async () => {
        const p = P[fx.family];
        const inputs = await checked(p, fx.inputs);
        const { id, outs } = await p.create(inputs);
        const r = await p.read(id, outs);
        expect(r.id).toBe(id);
        expect(r.inputs).toEqual(inputs);
        expect((await p.diff(id, r.props, inputs)).changes).toBe(false);
    });

    test(`update sends ${fx.updateVerb} and a changed program converges`, async () => {
        const p = P[fx.family];
        const inputs = await checked(p, fx.inputs);
        const { id, outs } = await p.create(inputs);
        const next = await checked(p, { ...fx.inputs, ...fx.change }, outs);
        const d = await p.diff(id, outs, next);
        expect(d.changes).toBe(true);
        expect(d.replaces).toEqual([]);
        emu.clearLog();
        const u = await p.update(id, outs, next);
        expect(emu.writes().map((e) => e.method)).toEqual([fx.updateVerb]);
        const r = await p.read(id, u.outs);
        expect(r.inputs).toEqual(next);
        expect((await p.diff(id, r.props, next)).changes).toBe(false);
    });

    if (fx.replacement) {
        test("a change of type or catalog is reported as a replacement", async () => {
            const p = P[fx.family];
            const inputs = await checked(p, fx.inputs);
            const { id, outs } = await p.create(inputs);
            const next = await checked(p, { ...fx.inputs, ...fx.replacement }, outs);
            const d = await p.diff(id, outs, next);
            expect(d.changes).toBe(true);
            expect(d.replaces).toContain(Object.keys(fx.replacement!).find((k) => k === "extensionType" || k === "catalogId"));
        });
    }

    test.each(fx.drifts)("out-of-band change of $property is reported as drift of exactly that property", async (drift) => {
        const p = P[fx.family];
        const inputs = await checked(p, fx.inputs);
        const { id, outs } = await p.create(inputs);
        emu.mutate(id, drift.graphChange);
        const r = await p.read(id, outs);
        // read's inputs are as the state holds them (a token's type left to its resourceId): read back as the operations do
        expect(fromState(family(fx.family), r.inputs)[drift.property]).toEqual(drift.expected);
        const d = await p.diff(id, r.props, inputs);
        expect(d.changes).toBe(true);
        const changed = Object.keys({ ...inputs, ...r.inputs }).filter((k) => JSON.stringify(inputs[k]) !== JSON.stringify(r.inputs[k]));
        expect(changed).toEqual([drift.property]);
        // and the program's values repair it
        await p.update(id, r.props, inputs);
        expect((await p.read(id, outs)).inputs).toEqual(inputs);
    });

    test("out-of-band deletion: read answers an empty id; delete of a gone object succeeds", async () => {
        const p = P[fx.family];
        const inputs = await checked(p, fx.inputs);
        const { id, outs } = await p.create(inputs);
        emu.remove(id);
        const r = await p.read(id, { ...outs, createdDateTime: "2020-01-01T00:00:00Z" });
        expect(r.id).toBe("");
        await expect(p.delete(id, outs)).resolves.toBeUndefined();
    });

    test("delete removes the object; an extension in use is refused with the reason, and stays", async () => {
        const p = P[fx.family];
        const inputs = await checked(p, fx.inputs);
        const { id, outs } = await p.create(inputs);
        const namers = nameExtension(
            emu,
            fx.family,
            emu.objects().find((o) => o.id === id)!,
        );
        await expect(p.delete(id, outs)).rejects.toThrow(/409 ResourceInUse.*request-id: [0-9a-f-]{36}.*still (referenced|used|named)/);
        expect(emu.objects().some((o) => o.id === id)).toBe(true);
        namers.forEach((n) => emu.remove(n));
        await p.delete(id, outs);
        expect(emu.objects()).toHaveLength(0);
    });
});

test("Graph's echo is no change: bare or #-types, null clientConfiguration, server url, PT60M = PT1H, callback spellings", async () => {
    const p = P.accessPackageWorkflowExtension;
    const fx = fixtures[1];
    const inputs = await checked(p, fx.inputs);
    const { id, outs } = await p.create(inputs);
    emu.mutate(id, {
        "@odata.type": "microsoft.graph.accessPackageAssignmentRequestWorkflowExtension",
        clientConfiguration: null,
        callbackConfiguration: { "@odata.type": "microsoft.graph.customExtensionCallbackConfiguration", durationBeforeTimeout: "PT24H" },
        authenticationConfiguration: { "@odata.type": "microsoft.graph.azureAdPopTokenAuthentication" },
    });
    const r = await p.read(id, outs);
    expect(r.inputs).toEqual(inputs);
    expect(r.props.endpointUrl).toMatch(/^https:\/\/.*la-onboarding/);
    expect((await p.diff(id, r.props, inputs)).changes).toBe(false);
});

test("the beta version uses the beta access package path", async () => {
    const p = providersFor(emu, { ENTRA_GRAPH_VERSION: "beta" }).accessPackageWorkflowExtension;
    const inputs = await checked(p, fixtures[1].inputs);
    await p.create(inputs);
    // the listing at check and again before the create (no run boundary here), then the create: all on the beta path
    const catalogs = "/beta/identityGovernance/entitlementManagement/accessPackageCatalogs";
    const beta = `${catalogs}/${inputs.catalogId}/accessPackageCustomWorkflowExtensions`;
    expect(emu.log.map((e) => `${e.method} ${e.path}`)).toEqual([`GET ${beta}`, `GET ${beta}`, `POST ${beta}`]);
});

test.each(Object.keys(AUTHENTICATION_EXTENSION_TYPES))(
    "custom authentication extension of event type %s: created with its @odata.type, read back without drift",
    async (extensionType) => {
        const p = P.customAuthenticationExtension;
        const { claimsForTokenConfiguration: _claims, ...rest } = fixtures[2].inputs;
        const inputs = await checked(p, { ...rest, extensionType, displayName: `ext ${extensionType}` });
        const { id, outs } = await p.create(inputs);
        expect(emu.objects().find((o) => o.id === id)!.body["@odata.type"]).toBe(`#microsoft.graph.${extensionType}CustomExtension`);
        const r = await p.read(id, outs);
        expect(r.inputs).toEqual(inputs);
    },
);

test("inputs written in Graph's own shape canonicalize to the same form as the friendly shape", async () => {
    const p = P.customAuthenticationExtension;
    const friendly = await checked(p, fixtures[2].inputs);
    const graphShaped = await checked(p, {
        ...fixtures[2].inputs,
        authenticationConfiguration: {
            "@odata.type": "#microsoft.graph.azureAdTokenAuthentication",
            resourceId: (fixtures[2].inputs.authenticationConfiguration as any).resourceId,
        },
        endpointConfiguration: { "@odata.type": "microsoft.graph.httpRequestEndpoint", targetUrl: "https://claims.contoso.com/api/token" },
        claimsForTokenConfiguration: [{ claimIdInApiResponse: "employeeId" }, { claimIdInApiResponse: "costCenter" }],
    });
    expect(graphShaped).toEqual(friendly);
});
