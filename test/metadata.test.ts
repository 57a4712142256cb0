// The Graph metadata data file: the generator on a small CSDL fixture, the committed file's own
// consistency, the committed file against Microsoft's files when ENTRA_GRAPH_METADATA_DIR names them,
// and the check built on it (cloudFailures).
import fs from "node:fs";
import path from "node:path";
import { DATA_FILE, SOURCE_FILES, generate, readCsdl, serialize, sha256 } from "../scripts/graph-metadata";
import { fromInputs } from "../provider/families/canonical";
import { cloudFailures } from "../provider/families/clouds";
import { cloudTable } from "../provider/families/cloudOffers";
import { GRAPH_METADATA, METADATA_CLOUDS, MetadataFile, concreteTypes, metadataFor } from "../provider/families/graphMetadata";
import { family } from "../provider/families";
import { UNKNOWN } from "../provider/families/values";
import { APP, SUB } from "./support/setup";

const FIXTURE_DIR = path.join(__dirname, "fixtures/graph-metadata");
const G = "microsoft.graph.";
const AUTH = "customAuthenticationExtension";

describe("the generator, on a CSDL fixture shaped like Microsoft's", () => {
    const data = generate(FIXTURE_DIR);
    const prod = data.clouds.AzureCloud.types;

    test("names resolve through aliases to full names, across namespaces, and same-named types stay apart", () => {
        const model = readCsdl(fs.readFileSync(path.join(FIXTURE_DIR, SOURCE_FILES.AzureCloud), "utf8"));
        expect([...model.schemas]).toEqual([
            ["microsoft.graph", "graph"],
            ["microsoft.graph.annotations", null],
            ["microsoft.graph.identityGovernance", null],
            ["microsoft.graph.security", "self"],
        ]);
        expect(model.types.get(`${G}identityContainer`)!.navigation).toEqual([
            ["customAuthenticationExtensions", `Collection(${G}customAuthenticationExtension)`],
        ]);
        expect(model.types.get(`${G}security.identityContainer`)!.properties).toEqual([["note", "Edm.String"]]);
        const callback = model.types.get(`${G}identityGovernance.customTaskExtensionCallbackConfiguration`)!;
        expect(callback.base).toBe(`${G}customExtensionCallbackConfiguration`);
        expect(data.clouds.AzureCloud.namespaces).toEqual(["microsoft.graph", "microsoft.graph.identityGovernance"]);
    });

    test("properties include inherited ones; abstract types are marked; derived types are listed transitively", () => {
        expect(Object.keys(prod[`${G}onTokenIssuanceStartCustomExtension`].properties)).toEqual([
            "authenticationConfiguration",
            "behaviorOnError",
            "claimsForTokenConfiguration",
            "clientConfiguration",
            "description",
            "displayName",
            "endpointConfiguration",
            "id",
        ]);
        const claims = prod[`${G}onTokenIssuanceStartCustomExtension`].properties.claimsForTokenConfiguration;
        expect(claims).toBe(`Collection(${G}onTokenIssuanceStartReturnClaim)`);
        expect(prod[`${G}customCalloutExtension`].abstract).toBe(true);
        expect(prod[`${G}customExtensionCallbackConfiguration`]).toEqual({
            kind: "complex",
            abstract: true,
            properties: { timeoutDuration: "Edm.Duration" },
            derived: [`${G}identityGovernance.customTaskExtensionCallbackConfiguration`],
        });
        expect(prod[`${G}customCalloutExtension`].derived).toEqual([
            `${G}accessPackageAssignmentRequestWorkflowExtension`,
            `${G}accessPackageAssignmentWorkflowExtension`,
            `${G}customAuthenticationExtension`,
            `${G}identityGovernance.customTaskExtension`,
            `${G}onAttributeCollectionStartCustomExtension`,
            `${G}onTokenIssuanceStartCustomExtension`,
        ]);
    });

    test("navigation properties are kept by name and type; their targets and unrelated types are left out", () => {
        const callback = prod[`${G}identityGovernance.customTaskExtensionCallbackConfiguration`];
        expect(callback.properties).toEqual({ timeoutDuration: "Edm.Duration" });
        expect(callback.navigation).toEqual({ authorizedApps: `Collection(${G}application)` });
        expect(prod[`${G}identityGovernance.customTaskExtension`].navigation).toEqual({ createdBy: `${G}user` });
        for (const absent of ["application", "user", "decoyComplex", "decoyEnum", "identityContainer", "accessPackageCatalog"])
            expect(prod).not.toHaveProperty([`${G}${absent}`]);
        // entity lends `id` as a base type, without its other descendants
        expect(prod[`${G}entity`].derived).not.toContain(`${G}user`);
    });

    test("each cloud keeps only what its file has; collections a cloud lacks are null; sources are hashed", () => {
        const gov = data.clouds.AzureUSGovernment;
        const china = data.clouds.AzureChinaCloud;
        expect(gov.types[`${G}customAuthenticationExtension`].derived).toEqual([`${G}onTokenIssuanceStartCustomExtension`]);
        expect(gov.types[`${G}onTokenIssuanceStartCustomExtension`].properties).not.toHaveProperty("behaviorOnError");
        expect(gov.types).not.toHaveProperty([`${G}fallbackToMicrosoftProviderOnError`]);
        expect(china.collections).toEqual({
            customTaskExtensions: `${G}identityGovernance.customTaskExtension`,
            customWorkflowExtensions: `${G}customCalloutExtension`,
            customAuthenticationExtensions: null,
            // the fixture does not hold the attachments' collections, nor the role assignments'
            authenticationEventListeners: null,
            workflows: null,
            assignmentPolicies: null,
            roleAssignments: null,
        });
        expect(concreteTypes(china, `${G}customExtensionAuthenticationConfiguration`)).toEqual([`${G}azureAdPopTokenAuthentication`]);
        expect(concreteTypes(china, `${G}customExtensionEndpointConfiguration`)).toEqual([`${G}logicAppTriggerEndpointConfiguration`]);
        const text = fs.readFileSync(path.join(FIXTURE_DIR, SOURCE_FILES.AzureChinaCloud), "utf8");
        expect(china.source).toEqual({ file: "v1.0-Mooncake.csdl", sha256: sha256(text) });
    });
});

describe("the committed data file", () => {
    const text = fs.readFileSync(DATA_FILE, "utf8");
    const committed = JSON.parse(text) as MetadataFile;

    test("is what the writer writes for its own content, and is the data the provider loads", () => {
        expect(serialize(committed)).toBe(text);
        expect(GRAPH_METADATA).toEqual(committed);
    });

    test.each(METADATA_CLOUDS)("%s: names its source, and every type reference, base and derived type resolves", (cloud) => {
        const meta = committed.clouds[cloud];
        expect(meta.source.file).toBe(SOURCE_FILES[cloud]);
        expect(meta.source.sha256).toMatch(/^[0-9a-f]{64}$/);
        const unresolved: string[] = [];
        for (const [name, t] of Object.entries(meta.types)) {
            if (t.base && !meta.types[t.base]) unresolved.push(`${name} base ${t.base}`);
            for (const [p, ref] of Object.entries((t.base && meta.types[t.base]?.properties) || {}))
                if (t.properties[p] !== ref) unresolved.push(`${name} lacks inherited ${p}`);
            for (const [p, ref] of Object.entries(t.properties)) {
                const element = ref.replace(/^Collection\((.+)\)$/, "$1");
                if (!element.startsWith("Edm.") && !meta.types[element] && !meta.enums?.[element]) unresolved.push(`${name}.${p}: ${ref}`);
            }
            for (const d of t.derived ?? []) {
                let b = meta.types[d]?.base;
                while (b && b !== name) b = meta.types[b]?.base;
                if (b !== name) unresolved.push(`${name} derived ${d}`);
            }
        }
        for (const declared of Object.values(meta.collections))
            if (declared && !meta.types[declared]) unresolved.push(`collection ${declared}`);
        expect(unresolved).toEqual([]);
        expect(meta.namespaces).toEqual([...new Set(Object.keys(meta.types).map((n) => n.slice(0, n.lastIndexOf("."))))].sort());
    });

    test("says what the issue found in Microsoft's files", () => {
        const [prod, gov, china] = METADATA_CLOUDS.map((c) => committed.clouds[c]);
        const auth = (m: typeof prod) => concreteTypes(m, `${G}customAuthenticationExtension`);
        expect(auth(prod)).toHaveLength(6);
        expect(auth(gov)).toEqual([`${G}onTokenIssuanceStartCustomExtension`]);
        expect(gov.types[`${G}onTokenIssuanceStartCustomExtension`].properties).not.toHaveProperty("behaviorOnError");
        expect(china.collections.customAuthenticationExtensions).toBeNull();
        expect(china.types).not.toHaveProperty([`${G}azureAdTokenAuthentication`]);
        expect(china.types).not.toHaveProperty([`${G}httpRequestEndpoint`]);
        for (const m of [prod, gov, china]) {
            const callback = m.types[`${G}customExtensionCallbackConfiguration`];
            expect(callback).toMatchObject({ abstract: true, properties: { timeoutDuration: "Edm.Duration" } });
            const taskCallback = m.types[`${G}identityGovernance.customTaskExtensionCallbackConfiguration`];
            expect(taskCallback.navigation).toEqual({ authorizedApps: `Collection(${G}application)` });
        }
        expect(metadataFor("AzureUSGovernmentDoD", committed)).toBe(gov);
    });

    // Microsoft's files are not in the repository; CI (or a maintainer) points at them to prove the
    // committed file is exactly what the generator writes from them.
    const dir = process.env.ENTRA_GRAPH_METADATA_DIR;
    (dir ? test : test.skip)("is what the generator writes from ENTRA_GRAPH_METADATA_DIR (regenerate: npm run metadata -- <dir>)", () => {
        const fresh = generate(dir!);
        for (const cloud of METADATA_CLOUDS) expect([cloud, committed.clouds[cloud].source]).toEqual([cloud, fresh.clouds[cloud].source]);
        expect(text).toBe(serialize(fresh));
    });

    test("docs/national-clouds.md shows the table the data gives", () => {
        const page = fs.readFileSync(path.join(__dirname, "../docs/national-clouds.md"), "utf8");
        const section = page.split(/^## /m).find((s) => s.startsWith("What Graph accepts in each cloud"));
        expect(section).toContain(cloudTable(committed));
    });
});

describe("cloudFailures: what check refuses per cloud", () => {
    const logicApp = { subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: "la" };
    const authInputs = {
        extensionType: "onAttributeCollectionStart",
        displayName: "Attributes",
        endpointConfiguration: { targetUrl: "https://claims.contoso.com/api" },
        authenticationConfiguration: { resourceId: `api://claims.contoso.com/${APP}` },
    };
    const canonical = (name: string, inputs: Record<string, unknown>) => {
        const r = fromInputs(family(name), inputs);
        expect(r.failures).toEqual([]);
        return r.canonical;
    };

    test("US Government: onAttributeCollectionStart is refused, naming the cloud and what it offers (DoD alike)", () => {
        for (const cloud of ["AzureUSGovernment", "AzureUSGovernmentDoD"] as const) {
            const failures = cloudFailures(AUTH, canonical(AUTH, authInputs), cloud);
            const reason = new RegExp(`^onAttributeCollectionStart is not offered in ${cloud}.*offers onTokenIssuanceStart$`);
            expect(failures).toEqual([{ property: "extensionType", reason: expect.stringMatching(reason) }]);
        }
        expect(cloudFailures(AUTH, canonical(AUTH, authInputs), "AzureCloud")).toEqual([]);
    });

    test("US Government: behaviorOnError is refused on token issuance; the reason lists what the type has", () => {
        const c = canonical(AUTH, { ...authInputs, extensionType: "onTokenIssuanceStart", behaviorOnError: "fallbackToMicrosoftProvider" });
        const failures = cloudFailures(AUTH, c, "AzureUSGovernment");
        expect(failures).toEqual([{ property: "behaviorOnError", reason: expect.stringContaining("is not offered in AzureUSGovernment") }]);
        const has = ["authenticationConfiguration", "claimsForTokenConfiguration", "clientConfiguration", "description", "displayName"];
        has.push("endpointConfiguration");
        expect(failures[0].reason).toMatch(new RegExp(`which has ${has.join(", ")}$`));
        expect(cloudFailures(AUTH, { ...c, behaviorOnError: undefined }, "AzureUSGovernment")).toEqual([]);
    });

    test("China: no custom authentication extension at all, whatever its type, known or not", () => {
        for (const extensionType of ["onTokenIssuanceStart", UNKNOWN]) {
            const c = { ...canonical(AUTH, { ...authInputs, extensionType: "onTokenIssuanceStart" }), extensionType };
            expect(cloudFailures(AUTH, c, "AzureChinaCloud")).toEqual([
                {
                    property: "extensionType",
                    reason: expect.stringMatching(/^custom authentication extensions are not offered in AzureChinaCloud: .*CustomTask/),
                },
            ]);
        }
    });

    test("China: an Azure AD token (not PoP) is refused on task and access package extensions; PoP passes", () => {
        for (const name of ["customTaskExtension", "accessPackageWorkflowExtension"]) {
            const catalogId = name === "customTaskExtension" ? undefined : "cat";
            const inputs = { displayName: "x", catalogId, endpointConfiguration: logicApp };
            const token = canonical(name, { ...inputs, authenticationConfiguration: { resourceId: "api://x" } });
            expect(cloudFailures(name, token, "AzureChinaCloud")).toEqual([
                {
                    property: "authenticationConfiguration",
                    reason:
                        `${G}azureAdTokenAuthentication is not offered in AzureChinaCloud (not in its Graph metadata); ` +
                        `AzureChinaCloud offers ${G}azureAdPopTokenAuthentication here`,
                },
            ]);
            expect(cloudFailures(name, token, "AzureUSGovernment")).toEqual([]);
            expect(cloudFailures(name, canonical(name, inputs), "AzureChinaCloud")).toEqual([]);
        }
    });

    test("values unknown at preview stay unknowns: no failure for them, the rest is still checked", () => {
        const c = canonical(AUTH, { ...authInputs, extensionType: "onTokenIssuanceStart" });
        expect(cloudFailures(AUTH, { ...c, behaviorOnError: UNKNOWN }, "AzureUSGovernment")).toEqual([]);
        expect(cloudFailures(AUTH, { ...c, extensionType: UNKNOWN }, "AzureUSGovernment")).toEqual([]);
        // with the type unknown, behaviorOnError still fails: no type US Government offers has it
        const typeUnknown = { ...c, extensionType: UNKNOWN, behaviorOnError: "fallbackToMicrosoftProvider" };
        expect(cloudFailures(AUTH, typeUnknown, "AzureUSGovernment").map((f) => f.property)).toEqual(["behaviorOnError"]);
        const task = canonical("customTaskExtension", { displayName: "x", endpointConfiguration: logicApp });
        const unknownToken = { ...task, authenticationConfiguration: { resourceId: UNKNOWN } };
        expect(cloudFailures("customTaskExtension", unknownToken, "AzureChinaCloud")).toEqual([]);
    });
});
