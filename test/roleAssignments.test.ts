// The emulator's directory over real HTTP: the service principal of a Logic App's system-assigned identity
// (read by id and by app id), and entitlement management's role definitions and role assignments on
// catalogs, with Graph's verbs, codes and error bodies.
import { DEFAULT_CATALOG_ID, DEFAULT_TENANT_ID, GraphEmulator, startEmulator } from "../provider/emulator";
import { popAccessControl, workflowDefinition } from "../provider/logicApp/workflowDefinition";

const SUB = "5a1e2d3c-4b5a-4697-8877-665544332299";
const WF = `/subscriptions/${SUB}/resourceGroups/rg-dir/providers/Microsoft.Logic/workflows/la-dir`;
const MANAGER = "e2182095-804a-4656-ae11-64734e9b7ae5";
const READER = "44272f93-9762-48e8-af59-1b5351b1d6b3";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let emu: GraphEmulator;

beforeAll(async () => {
    emu = await startEmulator({ armRetryAfterSeconds: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function call(method: string, path: string, body?: unknown) {
    const r = await fetch(`${emu.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${emu.token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

/** A Logic App with a system-assigned identity on the ARM surface; returns its principalId. */
async function logicApp(): Promise<string> {
    expect(
        (await call("PUT", `/subscriptions/${SUB}/resourcegroups/rg-dir?api-version=2021-04-01`, { location: "westeurope" })).status,
    ).toBe(201);
    const wf = await call("PUT", `${WF}?api-version=2019-05-01`, {
        location: "westeurope",
        identity: { type: "SystemAssigned" },
        properties: {
            definition: workflowDefinition({ kind: "accessPackageAssignmentRequest", launchAndWait: true }),
            accessControl: popAccessControl("accessPackageAssignmentRequest", DEFAULT_TENANT_ID, WF),
        },
    });
    expect(wf.status).toBe(201);
    return wf.body.identity.principalId;
}

const RA = "/v1.0/roleManagement/entitlementManagement/roleAssignments";
const onCatalog = (principalId: string, roleDefinitionId = MANAGER, catalogId = DEFAULT_CATALOG_ID) => ({
    principalId,
    roleDefinitionId,
    appScopeId: `/AccessPackageCatalog/${catalogId}`,
});

describe("service principals", () => {
    test("a Logic App's identity is a service principal: by id, by appId, $select, filtered on appId; gone with the workflow", async () => {
        const principalId = await logicApp();
        const sp = await call("GET", `/v1.0/servicePrincipals/${principalId}`);
        expect(sp.status).toBe(200);
        expect(sp.body).toMatchObject({
            id: principalId,
            displayName: "la-dir",
            servicePrincipalType: "ManagedIdentity",
            alternativeNames: [WF],
        });
        const appId = sp.body.appId;
        expect(appId).toMatch(GUID);
        expect(appId).not.toBe(principalId);
        expect((await call("GET", `/v1.0/servicePrincipals/${principalId}?$select=appId`)).body).toEqual({ appId });
        expect((await call("GET", `/beta/servicePrincipals(appId='${appId}')`)).body.id).toBe(principalId);
        expect((await call("GET", `/v1.0/servicePrincipals?$filter=appId eq '${appId}'`)).body.value.map((s: any) => s.id)).toEqual([
            principalId,
        ]);
        // An update of the workflow keeps its identity and so its app id.
        await call("PUT", `${WF}?api-version=2019-05-01`, {
            location: "westeurope",
            identity: { type: "SystemAssigned" },
            properties: { definition: workflowDefinition({ kind: "accessPackageAssignmentRequest" }) },
        });
        expect((await call("GET", `/v1.0/servicePrincipals/${principalId}`)).body.appId).toBe(appId);
        await call("DELETE", `${WF}?api-version=2019-05-01`);
        expect(await call("GET", `/v1.0/servicePrincipals/${principalId}`)).toMatchObject({
            status: 404,
            body: {
                error: {
                    code: "Request_ResourceNotFound",
                    message: `Resource '${principalId}' does not exist or one of its queried reference-property objects are not present.`,
                },
            },
        });
    });

    test("an app added by hand (addServicePrincipal, POST /_emulator/servicePrincipals); reads only", async () => {
        const added = await call("POST", "/_emulator/servicePrincipals", {
            appId: "aaaaaaaa-1111-4222-8333-444444444444",
            displayName: "Resumer",
        });
        expect(added.body).toMatchObject({ appId: "aaaaaaaa-1111-4222-8333-444444444444", servicePrincipalType: "Application" });
        expect((await call("GET", `/v1.0/servicePrincipals/${added.body.id}`)).body.displayName).toBe("Resumer");
        expect((await call("PATCH", `/v1.0/servicePrincipals/${added.body.id}`, { displayName: "x" })).status).toBe(405);
    });
});

describe("entitlement management role definitions", () => {
    test("the built-in roles as Graph prints them; one by id; an unknown id is 404; no $filter", async () => {
        const list = await call("GET", "/v1.0/roleManagement/entitlementManagement/roleDefinitions");
        expect(list.status).toBe(200);
        expect(Object.fromEntries(list.body.value.map((d: any) => [d.id, d.displayName]))).toEqual({
            "ae79f266-94d4-4dab-b730-feca7e132178": "Catalog owner",
            [READER]: "Catalog reader",
            "7f480852-ebdc-47d4-87de-0d8498384a83": "AccessPackages manager",
            "ba92d953-d8e0-4e39-a797-0cbedb0a89e8": "Catalog creator",
            [MANAGER]: "AccessPackage assignment manager",
        });
        const one = await call("GET", `/v1.0/roleManagement/entitlementManagement/roleDefinitions/${MANAGER}`);
        expect(one.body.rolePermissions[0].allowedResourceActions).toContain(
            "microsoft.entitlementManagement/AccessPackageCatalog/AccessPackage/GrantRequests/allTasks",
        );
        expect(
            (await call("GET", "/v1.0/roleManagement/entitlementManagement/roleDefinitions/00000000-0000-4000-8000-000000000000")).status,
        ).toBe(404);
        expect(
            (await call("GET", "/v1.0/roleManagement/entitlementManagement/roleDefinitions?$filter=displayName eq 'Catalog owner'")).body
                .error.code,
        ).toBe("InvalidFilter");
    });
});

describe("entitlement management role assignments", () => {
    test("create 201, get, list by documented filters and $expand, delete 204, then 404", async () => {
        const principalId = await logicApp();
        const created = await call("POST", RA, onCatalog(principalId));
        expect(created.status).toBe(201);
        expect(created.body).toEqual({ id: expect.stringMatching(GUID), directoryScopeId: null, ...onCatalog(principalId) });
        const id = created.body.id;
        const reader = (await call("POST", RA, onCatalog(principalId, READER))).body.id;
        expect((await call("GET", `${RA}/${id}`)).body).toEqual(created.body);

        const ids = async (filter: string) =>
            (await call("GET", `${RA}?$filter=${encodeURIComponent(filter)}`)).body.value.map((a: any) => a.id).sort();
        expect(await ids(`appScopeId eq '/AccessPackageCatalog/${DEFAULT_CATALOG_ID}'`)).toEqual([id, reader].sort());
        expect(await ids(`principalId eq '${principalId}' and roleDefinitionId eq '${MANAGER}'`)).toEqual([id]);
        expect(await ids(`roleDefinitionId in ('${READER}', '00000000-0000-4000-8000-000000000000')`)).toEqual([reader]);
        expect(await ids(`principalId eq '00000000-0000-4000-8000-000000000000'`)).toEqual([]);
        const expanded = await call(
            "GET",
            `${RA}?$filter=principalId eq '${principalId}'&$expand=roleDefinition,principal&$select=id,appScopeId,roleDefinition,principal`,
        );
        expect(expanded.body.value.find((a: any) => a.id === id)).toEqual({
            id,
            appScopeId: `/AccessPackageCatalog/${DEFAULT_CATALOG_ID}`,
            roleDefinition: expect.objectContaining({ id: MANAGER, displayName: "AccessPackage assignment manager" }),
            principal: expect.objectContaining({ id: principalId, servicePrincipalType: "ManagedIdentity" }),
        });

        expect((await call("PATCH", `${RA}/${id}`, { roleDefinitionId: READER })).status).toBe(405);
        expect((await call("DELETE", `${RA}/${id}`)).status).toBe(204);
        expect((await call("GET", `${RA}/${id}`)).status).toBe(404);
        expect((await call("DELETE", `${RA}/${id}`)).body.error.code).toBe("ResourceNotFound");
        expect(await ids(`principalId eq '${principalId}'`)).toEqual([reader]);
    });

    test("refused: a duplicate; a catalog, principal or role not there; a missing or wrong scope; unknown property or filter", async () => {
        const principalId = await logicApp();
        expect((await call("POST", RA, onCatalog(principalId))).status).toBe(201);
        const refused = async (body: unknown) => {
            const r = await call("POST", RA, body);
            return [r.status, r.body.error.code, r.body.error.message];
        };
        expect(await refused(onCatalog(principalId))).toEqual([409, "RoleAssignmentExists", expect.stringMatching(/already exists/)]);
        expect(await refused(onCatalog(principalId, MANAGER, "0000ca7a-0000-4000-8000-000000000000"))).toEqual([
            404,
            "ResourceNotFound",
            "Catalog '0000ca7a-0000-4000-8000-000000000000' does not exist.",
        ]);
        expect(await refused(onCatalog("0000beef-0000-4000-8000-000000000000"))).toEqual([
            404,
            "ResourceNotFound",
            expect.stringMatching(/0000beef/),
        ]);
        expect(await refused(onCatalog(principalId, "0000f00d-0000-4000-8000-000000000000"))).toEqual([
            404,
            "ResourceNotFound",
            expect.any(String),
        ]);
        expect(await refused({ principalId, roleDefinitionId: MANAGER })).toEqual([
            400,
            "BadRequest",
            "Either appScopeId or directoryScopeId must be specified.",
        ]);
        expect(await refused({ principalId, appScopeId: `/AccessPackageCatalog/${DEFAULT_CATALOG_ID}` })).toEqual([
            400,
            "BadRequest",
            "Property 'roleDefinitionId' is required.",
        ]);
        expect(await refused({ principalId, roleDefinitionId: MANAGER, directoryScopeId: "/" })).toEqual([
            400,
            "BadRequest",
            expect.stringMatching(/assigned on a catalog: appScopeId '\/AccessPackageCatalog\/\{catalogId\}'/),
        ]);
        expect(await refused({ ...onCatalog(principalId, READER), principal: { id: principalId } })).toEqual([
            400,
            "BadRequest",
            expect.stringMatching(/^The property 'principal' does not exist on type 'microsoft.graph.unifiedRoleAssignment'/),
        ]);
        // A type that is not a text is quoted as JSON (the property test found `'[object Object]'` here).
        expect(await refused({ ...onCatalog(principalId, READER), "@odata.type": { type: 1 } })).toEqual([
            400,
            "BadRequest",
            `'{"type":1}' is not microsoft.graph.unifiedRoleAssignment.`,
        ]);
        const filter = await call("GET", `${RA}?$filter=startswith(appScopeId, '/Access')`);
        expect([filter.status, filter.body.error.code]).toEqual([400, "InvalidFilter"]);
        // Writes and their refusals are in the request log like any Graph call.
        expect(emu.log.filter((e) => e.path === RA && e.method === "POST").map((e) => e.status)).toEqual([
            201, 409, 404, 404, 404, 400, 400, 400, 400, 400,
        ]);
    });
});
