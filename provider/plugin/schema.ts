// The Pulumi package schema of the plugin (pulumi-resource-entra), generated from the registry: every family's resource
// with its fields' shapes (families/*: types, required, enumerations and ranges, descriptions) and outputs, and the
// provider's inputs (the entra:* settings). The plugin serves it; `npm run generate` writes it to schema.json (a test
// keeps the file what the generator writes). ExtensionLogicApp is not in it: it is a TypeScript component (its Azure
// side is azure-native's), which the plugin does not construct.

import { families } from "../families";
import { extraOutputNames, Family, fieldDescription, OUTPUTS, typeField } from "../families/family";
import { describedAs, Enumeration, namedTypes, ObjectShape, Shape, withRule } from "../families/shape";
import { own } from "../families/values";
import { cloudSummary, cloudsOffering, propertyCloudNote } from "../families/cloudOffers";
import { importIdForm } from "./importId";

// ------------------------------------------------------------------------------------------------------------------
// The package's Registry metadata (what the Pulumi Registry shows and where the engine downloads the plugin) and the
// Import section of each resource's description. Every address is built from `repository` in package.json: a fork
// publishes under its own path by changing that one line.
// ------------------------------------------------------------------------------------------------------------------

const packageJson = require("pulumi-entra-extensions/package.json");

/** The package's version: the plugin's and the SDKs' (by package name, so that it resolves from dist/ and when installed). */
export const PACKAGE_VERSION: string = packageJson.version;

/** `owner/name` of the GitHub repository that package.json's `repository` names (`git+https://github.com/o/n.git`, `github:o/n`). */
export function githubRepository(repository: string | { url?: string } | undefined = packageJson.repository): string {
    const url = typeof repository === "string" ? repository : (repository?.url ?? "");
    const m =
        /^(?:github:|(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/|git@github\.com:)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
            url,
        );
    if (!m) throw new Error(`package.json repository is not a GitHub repository: ${JSON.stringify(repository)}`);
    return `${m[1]}/${m[2]}`;
}

const REPOSITORY = githubRepository();

/** The Go SDK's module: sdk/ of the repository (tagged sdk/v<version>), the package in sdk/go/entra. */
export const GO_MODULE = `github.com/${REPOSITORY}/sdk`;
export const GO_IMPORT_BASE = `${GO_MODULE}/go/entra`;

/**
 * The package's top-level metadata. pluginDownloadURL: the engine fetches `pulumi-resource-entra-v<version>-<os>-<arch>.tar.gz`
 * from the GitHub release `v<version>` (.github/workflows/release.yml attaches them).
 */
export const PACKAGE_METADATA = {
    displayName: "Entra ID custom extensions",
    description:
        "Microsoft Entra ID custom extensions (Lifecycle Workflows, entitlement management, custom authentication) " +
        "and the objects that make them fire.",
    publisher: REPOSITORY.split("/")[0],
    keywords: ["pulumi", "entra", "azuread", "microsoft-graph", "category/cloud", "kind/native"],
    homepage: `https://github.com/${REPOSITORY}`,
    repository: `https://github.com/${REPOSITORY}`,
    logoUrl: `https://raw.githubusercontent.com/${REPOSITORY}/main/assets/logo.svg`,
    license: packageJson.license as string,
    pluginDownloadURL: `github://api.github.com/${REPOSITORY}`,
};

/** A resource's description with the Import section the Registry shows last: the `pulumi import` id form (importId.ts). */
export function withImportSection(f: Family, description: string): string {
    const form = importIdForm(f);
    return (
        `${description}\n\n## Import\n\nAn existing ${f.title} is imported by ${form.explained}:\n\n` +
        `\`\`\`sh\n$ pulumi import entra:index:${f.resourceType} <name> ${form.id}\n\`\`\`\n`
    );
}

// ------------------------------------------------------------------------------------------------------------------

const ref = (t: string) => ({ $ref: `#/types/entra:index:${t}` });
const str = (description: string) => ({ type: "string", description });

/** The schema of a value of this shape, described as `description` (a type's own description is in `types`). */
function schemaOf(shape: Shape, description?: string): Record<string, unknown> {
    const described = (o: Record<string, unknown>) => (description === undefined ? o : { ...o, description: withRule(description, shape) });
    switch (shape.type) {
        case "string":
            return described(shape.enum ? ref(shape.enum.name) : { type: "string" });
        case "integer":
        case "boolean":
            return described({ type: shape.type });
        case "object":
            return described(ref(shape.name));
        case "array":
            return described({ type: "array", items: schemaOf(shape.items) });
        case "json":
            return described({ type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } });
    }
}

/** A named type of the registry as the schema's `types` hold it. */
function typeSchema(t: ObjectShape | Enumeration, valueDescription?: (value: string) => string): Record<string, unknown> {
    if (!("type" in t))
        return {
            type: "string",
            description: t.description,
            enum: t.values.map((value) => (valueDescription ? { value, description: valueDescription(value) } : { value })),
        };
    return {
        type: "object",
        description: t.description,
        properties: Object.fromEntries(Object.entries(t.properties).map(([k, p]) => [k, schemaOf(p.shape, describedAs(p))])),
        required: Object.keys(t.properties).filter((k) => t.properties[k].required),
    };
}

/** Per enum value of a family's type choice (extensionType): the clouds whose Graph metadata has it. */
const offeredIn = (familyName: string) => (choice: string) =>
    `Offered in ${cloudsOffering(familyName, choice).join(", ") || "no cloud"} (Graph v1.0 metadata).`;

export function buildSchema() {
    const resources: Record<string, unknown> = {};
    const types = new Map<string, ObjectShape | Enumeration>();
    const valueNotes = new Map<string, (value: string) => string>();
    for (const [key, f] of Object.entries(families)) {
        const inputProperties: Record<string, unknown> = {};
        for (const field of f.fields) {
            const schema = schemaOf(field.shape, fieldDescription(f, field));
            const note = field.graphKey && propertyCloudNote(key, field.graphKey);
            if (note) schema.description = `${schema.description} ${note}`;
            inputProperties[field.name] = { ...schema, ...(field.replaceOnChange ? { replaceOnChanges: true } : {}) };
            namedTypes(field.shape, types);
            const choices = typeField(f) === field && field.shape.type === "string" ? field.shape.enum : undefined;
            if (choices && !valueNotes.has(choices.name)) valueNotes.set(choices.name, offeredIn(key));
        }
        const requiredInputs = f.fields.filter((x) => x.required).map((x) => x.name);
        resources[`entra:index:${f.resourceType}`] = {
            description: withImportSection(f, `A Microsoft Entra ${f.title}, managed through Microsoft Graph. ${cloudSummary(key)}`),
            inputProperties,
            requiredInputs,
            properties: {
                ...inputProperties,
                ...Object.fromEntries(
                    extraOutputNames(f).map((name) => {
                        const output = own(OUTPUTS, name);
                        if (!output) throw new Error(`no shape for output ${key}.${name}`);
                        return [name, schemaOf(output.shape, describedAs(output))];
                    }),
                ),
            },
            required: [...requiredInputs, ...f.fields.filter((x) => !x.required && x.defaultValue !== undefined).map((x) => x.name)],
        };
    }
    /** The entra:* stack config, which also configures an explicit provider (provider/graph/settings.ts). */
    const settings = {
        tenantId: str("Tenant to sign in to (else AZURE_TENANT_ID)."),
        clientId: str("Client id of the identity to use (else AZURE_CLIENT_ID)."),
        cloud: { type: "string", description: "AzureCloud (default), AzureUSGovernment, AzureUSGovernmentDoD or AzureChinaCloud." },
        graphEndpoint: str("Graph base URL, e.g. the emulator's (else ENTRA_GRAPH_ENDPOINT)."),
        graphVersion: str("v1.0 (default) or beta."),
        requestTimeoutMs: {
            type: "integer",
            description: "Per-request timeout in milliseconds (default 60000; else ENTRA_REQUEST_TIMEOUT_MS).",
        },
        maxRetries: {
            type: "integer",
            description: "Retries of a throttled or failed request (default 8; all within 60 s of the first send; else ENTRA_MAX_RETRIES).",
        },
    };
    return {
        name: "entra",
        version: PACKAGE_VERSION,
        ...PACKAGE_METADATA,
        config: { variables: settings },
        provider: { description: "The settings of an explicit provider: the same as the entra:* stack config.", inputProperties: settings },
        types: Object.fromEntries(
            [...types].map(([name, t]) => [
                `entra:index:${name}`,
                typeSchema(t, valueNotes.get(name) ?? ("type" in t ? undefined : t.valueDescription)),
            ]),
        ),
        resources,
        // respectSchemaVersion: SDKs ask for the plugin of this version (else for v0.0.0).
        language: {
            nodejs: { packageName: "pulumi-entra", respectSchemaVersion: true },
            // pyproject: the SDK builds a wheel and an sdist with `python -m build` (scripts/sdks.ts).
            python: { packageName: "pulumi_entra", respectSchemaVersion: true, pyproject: { enabled: true } },
            go: { importBasePath: GO_IMPORT_BASE, generateResourceContainerTypes: true, respectSchemaVersion: true },
            csharp: { rootNamespace: "PulumiEntra", respectSchemaVersion: true },
        },
    };
}
