// AccessPackageCatalogRoleAssignment through its dynamic provider, over real HTTP to the emulator: a catalog role
// given to a principal (create after one filtered look-up, read, no update, replace on change, drift when removed by
// hand, delete), what is already there never taken over, and a principal made a moment ago waited for.
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { CATALOG_ROLES } from "../provider";
import { families } from "../provider/families";
import { fromGraph, fromInputs, toGraph } from "../provider/families/canonical";
import { differences } from "../provider/operations/adoption";
import { fromState } from "../provider/operations/stateForm";
import { providersFor } from "./support/setup";

const PRINCIPAL = "0b0e0c0a-1111-4222-8333-444455556666";
const OTHER_CATALOG = "c0ffee00-0000-4000-8000-0000000000b2";
const ASSIGNMENTS = "/v1.0/roleManagement/entitlementManagement/roleAssignments";
let emu: GraphEmulator;
const progress: string[] = [];

beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
    emu.reset();
    emu.addCatalog(OTHER_CATALOG);
    progress.length = 0;
});

const provider = () => providersFor(emu, {}, { progress: (m) => progress.push(m) }).accessPackageCatalogRoleAssignment;
const inputs = { principalId: PRINCIPAL, roleDefinitionId: "accessPackageAssignmentManager", catalogId: DEFAULT_CATALOG_ID };
const requests = () => emu.log.map((e) => `${e.method} ${e.path}${decodeURIComponent(e.query ?? "")} ${e.status}`);

async function created(p = provider(), given: Record<string, unknown> = inputs) {
    const checked = await p.check!({}, given);
    expect(checked.failures ?? []).toEqual([]);
    emu.clearLog();
    return { p, checked: checked.inputs, made: await p.create!(checked.inputs) };
}

test("create: one look-up filtered on the principal, one POST of the role's id and the catalog's scope; read and diff agree", async () => {
    emu.addServicePrincipal({ appId: "a0a0a0a0-0000-4000-8000-000000000001", id: PRINCIPAL });
    const { p, checked, made } = await created();
    expect(requests()).toEqual([`GET ${ASSIGNMENTS}?$filter=principalId eq '${PRINCIPAL}' 200`, `POST ${ASSIGNMENTS} 201`]);
    const held = await fetch(`${emu.url}${ASSIGNMENTS}/${made.id}`, { headers: { Authorization: `Bearer ${emu.token}` } });
    expect(await held.json()).toMatchObject({
        principalId: PRINCIPAL,
        roleDefinitionId: CATALOG_ROLES.accessPackageAssignmentManager,
        appScopeId: `/AccessPackageCatalog/${DEFAULT_CATALOG_ID}`,
        directoryScopeId: null,
    });
    expect(emu.entitlementRoles.rolesOn(DEFAULT_CATALOG_ID, PRINCIPAL)).toEqual([CATALOG_ROLES.accessPackageAssignmentManager]);
    emu.clearLog();
    const read = await p.read!(made.id, made.outs);
    expect(requests()).toEqual([`GET ${ASSIGNMENTS}/${made.id} 200`]);
    expect(read.id).toBe(made.id);
    // The role given by name and the id Graph holds are the same role: no diff.
    expect((await p.diff!(made.id, read.props, checked)).changes).toBe(false);
});

test("no update: a change of role or catalog is a replacement; the role by name or by id is no change", async () => {
    emu.addServicePrincipal({ appId: "a0a0a0a0-0000-4000-8000-000000000001", id: PRINCIPAL });
    const { p, checked, made } = await created();
    const diffWith = async (change: Record<string, unknown>) =>
        p.diff!(made.id, made.outs, (await p.check!(checked, { ...inputs, ...change })).inputs);
    expect(await diffWith({ roleDefinitionId: CATALOG_ROLES.accessPackageAssignmentManager.toUpperCase() })).toMatchObject({
        changes: false,
    });
    expect(await diffWith({ catalogId: OTHER_CATALOG })).toMatchObject({ changes: true, replaces: ["catalogId"] });
    expect(await diffWith({ roleDefinitionId: "catalogReader" })).toMatchObject({ changes: true, replaces: ["roleDefinitionId"] });
});

test("removed by hand: read answers no object (drift); delete sends one DELETE, and a gone one is not an error", async () => {
    emu.addServicePrincipal({ appId: "a0a0a0a0-0000-4000-8000-000000000001", id: PRINCIPAL });
    const { p, made } = await created();
    emu.clearLog();
    await p.delete!(made.id, made.outs);
    expect(requests()).toEqual([`DELETE ${ASSIGNMENTS}/${made.id} 204`]);
    expect(emu.entitlementRoles.rolesOn(DEFAULT_CATALOG_ID, PRINCIPAL)).toEqual([]);
    expect((await p.read!(made.id, made.outs)).id).toBe("");
    await p.delete!(made.id, made.outs);
});

test("the same role already given (by hand, by another stack) stops the create before any write; another role is made", async () => {
    emu.addServicePrincipal({ appId: "a0a0a0a0-0000-4000-8000-000000000001", id: PRINCIPAL });
    const { made: first } = await created();
    emu.clearLog();
    await expect(created()).rejects.toThrow(new RegExp(`stopped before any write: [^]*${first.id}`));
    expect(emu.log.filter((e) => e.method !== "GET")).toEqual([]);
    const { made: reader } = await created(provider(), { ...inputs, roleDefinitionId: "catalogReader" });
    expect(reader.id).not.toBe(first.id);
});

test("a principal made a moment ago (not yet readable: Graph's 404) is waited for, saying so; then the POST is sent again", async () => {
    // The service principal appears 500 ms after the first POST: the first wait (1 s) covers it.
    const q = provider();
    const c = (await q.check!({}, inputs)).inputs;
    emu.clearLog();
    const appears = setTimeout(() => emu.addServicePrincipal({ appId: "a0a0a0a0-0000-4000-8000-000000000001", id: PRINCIPAL }), 500);
    try {
        const made = await q.create!(c);
        expect(requests().filter((r) => r.startsWith("POST"))).toEqual([`POST ${ASSIGNMENTS} 404`, `POST ${ASSIGNMENTS} 201`]);
        expect(progress).toContainEqual(expect.stringMatching(/Graph answered 404 .*principal made a moment ago .*trying again in 1 s/));
        expect(emu.entitlementRoles.rolesOn(DEFAULT_CATALOG_ID, PRINCIPAL)).toEqual([CATALOG_ROLES.accessPackageAssignmentManager]);
        expect(made.id).toBeTruthy();
    } finally {
        clearTimeout(appears);
    }
});

test.each([
    [{ roleDefinitionId: "owner" }, "roleDefinitionId: must be a role definition id (a GUID) or one of catalogOwner, catalogReader"],
    [{ catalogId: "" }, "catalogId: must be a non-empty string"],
    [{ principalId: 7 }, "principalId: must be a non-empty string"],
])("check refuses %j with its reason", async (change, reason) => {
    const failures = (await provider().check!({}, { ...inputs, ...change })).failures ?? [];
    expect(failures.map((f) => `${f.property}: ${f.reason}`).join("\n")).toContain(reason);
});

test("a principal id that is not a GUID is Graph's to judge (a directory object's id is often, not always, one)", async () => {
    expect((await provider().check!({}, { ...inputs, principalId: "not-a-guid" })).failures ?? []).toEqual([]);
});

test("the stop names the role and principal, the three fields that identify it, and no displayName to change", async () => {
    emu.addServicePrincipal({ appId: "a0a0a0a0-0000-4000-8000-000000000001", id: PRINCIPAL });
    const { made: first } = await created();
    // The catalog's id in other letters is the same catalog.
    const err = await created(provider(), { ...inputs, catalogId: DEFAULT_CATALOG_ID.toUpperCase() }).catch((e) => e as Error);
    expect(err.message).toMatch(
        new RegExp(`^creating access package catalog role assignment accessPackageAssignmentManager for ${PRINCIPAL} stopped`),
    );
    expect(err.message).toContain("with the same principalId, roleDefinitionId, catalogId");
    expect(err.message).toContain(`\n  - ${first.id}`);
    expect(err.message).toContain(
        "make this stack's access package catalog role assignment differ in principalId, roleDefinitionId, catalogId",
    );
    expect(err.message).not.toContain("displayName");
});

test("adoption: a differing role is refused even with updateOnImport (Graph changes nothing in place); by name is refused", async () => {
    emu.addServicePrincipal({ appId: "a0a0a0a0-0000-4000-8000-000000000001", id: PRINCIPAL });
    const { made } = await created(provider(), { ...inputs, roleDefinitionId: "catalogReader" });
    const adopting = await provider().check!({}, { ...inputs, __adopt: { id: made.id, update: true } });
    expect(adopting.failures?.map((f) => f.reason)).toEqual([
        expect.stringMatching(
            new RegExp(`^cannot adopt ${made.id}: it differs from the program where Graph changes nothing in place: roleDefinitionId: `),
        ),
    ]);
    const byName = await provider().check!({}, { ...inputs, __adopt: { displayName: "reader" } });
    expect(byName.failures?.map((f) => f.reason)).toEqual([
        "importByDisplayName: access package catalog role assignments have no displayName; adopt one by id with import",
    ]);
    // The same role, by id: adopted with no write.
    emu.clearLog();
    const same = await provider().check!({}, { ...inputs, roleDefinitionId: "catalogReader", __adopt: { id: made.id } });
    expect(same.failures ?? []).toEqual([]);
    expect(emu.writes()).toEqual([]);
});

describe("Microsoft's published example (rbacapplication-post-roleassignments, Example 4: access package catalog scope)", () => {
    const docs = path.join(__dirname, "fixtures/graph-docs/accessPackageCatalogRoleAssignment");
    const request = JSON.parse(fs.readFileSync(path.join(docs, "create-example4.request.json"), "utf8"));
    const response = JSON.parse(fs.readFileSync(path.join(docs, "create-example4.response-201.json"), "utf8"));
    const f = families.accessPackageCatalogRoleAssignment;
    const EXAMPLE_CATALOG = "beedadfe-01d5-4025-910b-84abb9369997";

    test("its response reads as the program that asks for Catalog owner on that catalog, by name or by id", async () => {
        const held = fromGraph(f, response);
        expect(held).toEqual({
            principalId: request.principalId,
            roleDefinitionId: CATALOG_ROLES.catalogOwner,
            catalogId: EXAMPLE_CATALOG,
        });
        for (const roleDefinitionId of ["catalogOwner", CATALOG_ROLES.catalogOwner]) {
            const checked = await provider().check!({}, { principalId: request.principalId, roleDefinitionId, catalogId: EXAMPLE_CATALOG });
            expect(checked.failures ?? []).toEqual([]);
            expect(differences(f, held, fromState(f, checked.inputs))).toEqual([]);
        }
    });

    test("what the provider sends is its request, with the entity's @odata.type; the emulator takes the request as printed", async () => {
        const { canonical } = fromInputs(f, {
            principalId: request.principalId,
            roleDefinitionId: "catalogOwner",
            catalogId: EXAMPLE_CATALOG,
        });
        expect(toGraph(f, canonical, { withType: true })).toEqual({ "@odata.type": "#microsoft.graph.unifiedRoleAssignment", ...request });
        emu.addCatalog(EXAMPLE_CATALOG);
        emu.addServicePrincipal({ appId: "a0a0a0a0-0000-4000-8000-000000000002", id: request.principalId });
        const answer = await fetch(`${emu.url}${ASSIGNMENTS}`, {
            method: "POST",
            headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
            body: JSON.stringify(request),
        });
        expect(answer.status).toBe(201);
        const { id, ...rest } = await answer.json();
        expect(typeof id).toBe("string");
        const { "@odata.context": _context, id: _id, ...printed } = response;
        expect(rest).toMatchObject(printed);
    });
});
