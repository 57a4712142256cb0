// Where Graph is and how to sign in: stack config (`entra:*`, handed to the provider's configure)
// first, then the environment. Settings live in this process only; nothing here is serialized.

/** The Graph API version the collections are addressed under. */
export type GraphVersion = "v1.0" | "beta";

/**
 * The hosts of each cloud: `graph` (Microsoft Graph, also the audience of a token for it), `authority`
 * (where one signs in), `arm` (Azure Resource Manager: the host the PoP token of a Logic App call names)
 * `issuer` (the `iss` of a v1 token the cloud's Entra ID issues, before `/{tenantId}/`) and `logicApps`
 * (the domain of Logic Apps' trigger endpoints, `prod-NN.{region}.` before it). Sources and
 * what could not be confirmed: docs/national-clouds.md.
 */
export const CLOUDS = {
    AzureCloud: {
        graph: "https://graph.microsoft.com",
        authority: "https://login.microsoftonline.com",
        arm: "management.azure.com",
        issuer: "https://sts.windows.net",
        logicApps: "logic.azure.com",
    },
    AzureUSGovernment: {
        graph: "https://graph.microsoft.us",
        authority: "https://login.microsoftonline.us",
        arm: "management.usgovcloudapi.net",
        issuer: "https://login.microsoftonline.us",
        logicApps: "logic.azure.us",
    },
    AzureUSGovernmentDoD: {
        graph: "https://dod-graph.microsoft.us",
        authority: "https://login.microsoftonline.us",
        arm: "management.usgovcloudapi.net",
        issuer: "https://login.microsoftonline.us",
        logicApps: "logic.azure.us",
    },
    AzureChinaCloud: {
        graph: "https://microsoftgraph.chinacloudapi.cn",
        authority: "https://login.chinacloudapi.cn",
        arm: "management.chinacloudapi.cn",
        issuer: "https://sts.chinacloudapi.cn",
        logicApps: "logic.azure.cn",
    },
} as const;
export type CloudName = keyof typeof CLOUDS;
export type CloudHosts = (typeof CLOUDS)[CloudName];

/** The `iss` of the v1 tokens a cloud's Entra ID issues for this tenant (trailing slash included, as issued). */
export const tokenIssuer = (cloud: CloudName, tenantId: string) => `${CLOUDS[cloud].issuer}/${tenantId}/`;

/** The cloud named by stack config (`entra:cloud`), else ENTRA_CLOUD, else AzureCloud; any other name is refused. */
export function resolveCloud(get: ConfigGetter = () => undefined, env: NodeJS.ProcessEnv = process.env): CloudName {
    const fromConfig = get("entra:cloud");
    const name = fromConfig !== undefined && fromConfig !== "" ? fromConfig : env.ENTRA_CLOUD || "AzureCloud";
    return checkCloud(name, "entra:cloud");
}

/** `name` if it is one of CLOUDS; otherwise an error naming `what` and the clouds there are. */
export function checkCloud(name: string, what: string): CloudName {
    if (!Object.prototype.hasOwnProperty.call(CLOUDS, name))
        throw new Error(`${what} must be one of ${Object.keys(CLOUDS).join(", ")} (got "${name}")`);
    return name as CloudName;
}

export interface GraphSettings {
    cloud: CloudName;
    /** Base URL without version, e.g. https://graph.microsoft.com or http://127.0.0.1:8080 (the emulator). */
    endpoint: string;
    /** Why that endpoint, for a message about a Graph that does not answer: which setting named it, and who handed it over. */
    endpointFrom: string;
    version: GraphVersion;
    tenantId?: string;
    clientId?: string;
    /** A token obtained elsewhere (ENTRA_ACCESS_TOKEN); when absent, @azure/identity signs in. */
    accessToken?: string;
    /** A credential to use instead of DefaultAzureCredential (a context's `credential` option: tests, embedders). */
    credential?: import("@azure/identity").TokenCredential;
    /** Per-request timeout; a request that takes longer counts as a transient failure. */
    requestTimeoutMs: number;
    /** How many times a throttled or transient request is tried again. */
    maxRetries: number;
}

/** Reads a key from stack config; `get` is the dynamic provider Config's `get`. */
export type ConfigGetter = (key: string) => string | undefined;

const HANDED_OVER = Symbol("settings the engine handed over");
/**
 * Marks a getter as the settings the engine handed to the provider's configure: on a refresh without
 * --run-program, those are the settings recorded at the last `pulumi up`, not the stack config of now.
 */
export function fromEngine(get: ConfigGetter): ConfigGetter {
    return Object.assign(get, { [HANDED_OVER]: true });
}

const ENGINE_SETTINGS =
    "the settings the engine handed to the provider (on a refresh without --run-program: those of the last `pulumi up`)";

/** Why the endpoint is what it is, in a user's terms. */
function endpointSource(get: ConfigGetter, env: NodeJS.ProcessEnv, cloud: CloudName): string {
    const engine = (get as { [HANDED_OVER]?: boolean })[HANDED_OVER] === true;
    const configured = get("entra:graphEndpoint");
    if (configured) return engine ? `entra:graphEndpoint of ${ENGINE_SETTINGS}` : "entra:graphEndpoint";
    const none = engine ? `${ENGINE_SETTINGS} name no entra:graphEndpoint` : "no entra:graphEndpoint is set";
    if (env.ENTRA_GRAPH_ENDPOINT) return `ENTRA_GRAPH_ENDPOINT in the provider's environment: ${none}`;
    return `${cloud}'s Graph: ${none}, and ENTRA_GRAPH_ENDPOINT is not set`;
}

export function resolveSettings(get: ConfigGetter = () => undefined, env: NodeJS.ProcessEnv = process.env): GraphSettings {
    const pick = (key: string, ...envKeys: string[]) => {
        const fromConfig = get(`entra:${key}`);
        if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
        for (const k of envKeys) if (env[k]) return env[k];
        return undefined;
    };
    const cloudName = resolveCloud(get, env);
    // A base URL that ends in a version (".../v1.0", as copied from Graph Explorer) names the host and,
    // unless graphVersion says otherwise, the version: the version segment is never doubled.
    const rawEndpoint = (pick("graphEndpoint", "ENTRA_GRAPH_ENDPOINT") ?? CLOUDS[cloudName].graph).trim().replace(/\/+$/, "");
    const versioned = /^(.*?)\/(v1\.0|beta)$/i.exec(rawEndpoint);
    const endpoint = versioned ? versioned[1] : rawEndpoint;
    if (!/^https?:\/\/[^/]+/i.test(endpoint))
        throw new Error(`entra:graphEndpoint must be an http(s) URL such as https://graph.microsoft.com (got "${rawEndpoint}")`);
    const version = (pick("graphVersion", "ENTRA_GRAPH_VERSION") ?? (versioned ? versioned[2].toLowerCase() : "v1.0")) as GraphVersion;
    if (version !== "v1.0" && version !== "beta") throw new Error(`entra:graphVersion must be v1.0 or beta (got "${version}")`);
    const number = (key: string, envKey: string, dflt: number) => {
        const raw = pick(key, envKey);
        const n = raw === undefined ? dflt : Number(raw);
        if (!Number.isInteger(n) || n < 0) throw new Error(`entra:${key} must be a whole number, 0 or more (got "${raw}")`);
        return n;
    };
    return {
        cloud: cloudName,
        endpoint,
        endpointFrom: endpointSource(get, env, cloudName),
        version,
        tenantId: pick("tenantId", "AZURE_TENANT_ID", "ARM_TENANT_ID"),
        clientId: pick("clientId", "AZURE_CLIENT_ID", "ARM_CLIENT_ID"),
        accessToken: env.ENTRA_ACCESS_TOKEN || undefined,
        requestTimeoutMs: number("requestTimeoutMs", "ENTRA_REQUEST_TIMEOUT_MS", 60_000),
        maxRetries: number("maxRetries", "ENTRA_MAX_RETRIES", 8),
    };
}
