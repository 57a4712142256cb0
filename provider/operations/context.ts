// What the operations run with: the settings, the Graph client and what this provider process has
// learned about the stack's objects. `configure` builds one; every operation receives it. Each provider
// object has its own, kept here keyed by the object (see providers/makeProvider.ts): never in the object
// or its closures, which Pulumi serializes into the state whenever the object was used before.

import { GraphClient } from "../graph/client";
import { ConfigGetter, fromEngine, GraphSettings, resolveSettings } from "../graph/settings";
import { SharedListings } from "./lookups";

export interface ContextOptions {
    /** Where `ENTRA_*` and `AZURE_*` settings are read after stack config; the process environment by default. */
    env?: NodeJS.ProcessEnv;
    /** Sign in with this credential instead of DefaultAzureCredential. */
    credential?: GraphSettings["credential"];
    /** Progress of long or repeated work (retries, look-ups); by default on stderr when ENTRA_LOG is set. */
    progress?: (message: string) => void;
    /** What a user must know whatever the log setting (an object taken over instead of created); stderr by default. */
    notice?: (message: string) => void;
}

export interface OperationContext {
    /** The resolved settings; undefined when they cannot be used (see `settingsProblem`). */
    readonly settings?: GraphSettings;
    /** Why the settings cannot be used: check reports it, so that preview stops before any resource. */
    readonly settingsProblem?: string;
    /** The Graph client, made on first use (a preview without refresh never needs one). */
    graph(): GraphClient;
    /**
     * Objects that resources of this stack stand for, as this provider learns them (created, taken over,
     * or shown by the engine in diff, read, update and delete, gone or not): a create never takes one of them over.
     */
    readonly taken: Set<string>;
    /** Objects diff found must be replaced in this run: a replacement is created anew, not adopted. */
    readonly replacing: Set<string>;
    /**
     * Objects a create of this run came to stand for without making them (a leftover taken over, an object
     * adopted), with what did it. A resource that stood for one before and is removed in the same run (a
     * resource renamed without an alias) lets go of it instead of deleting it. (A policy's stages are not
     * among them: the old and the new resource name the same policy, and nothing tells their deletes apart.)
     */
    readonly claimed: Map<string, string>;
    /** The collection listings, one each, that the creates of this run share for their look-up of leftovers (lookups.ts). */
    readonly listings: SharedListings;
    /**
     * A dynamic provider's context: results are shaped for its state, which the resource classes complete
     * (resources/stateShape.ts). Others (the plugin: schema-based SDKs read its state as is) get them whole.
     */
    readonly leanState: boolean;
    readonly progress: (message: string) => void;
    readonly notice: (message: string) => void;
}

const toStderr = (message: string) => void process.stderr.write(`entra: ${message}\n`);

/** A context for one provider process from stack config (`entra:*`) and the environment. */
export function createContext(
    config: ConfigGetter = () => undefined,
    options: ContextOptions = {},
    how: {
        /** Configured by the engine's host: the context lives for one engine operation (lookups.ts). */
        oneRun?: boolean;
        /** See OperationContext.leanState. */
        leanState?: boolean;
    } = {},
): OperationContext {
    const env = options.env ?? process.env;
    let settings: GraphSettings | undefined;
    let settingsProblem: string | undefined;
    try {
        settings = { ...resolveSettings(config, env), credential: options.credential };
    } catch (e) {
        settingsProblem = (e as Error).message;
    }
    const progress = options.progress ?? ((m: string) => (env.ENTRA_LOG ? toStderr(m) : undefined));
    let client: GraphClient | undefined;
    return {
        settings,
        settingsProblem,
        graph() {
            if (!settings) throw new Error(`provider settings: ${settingsProblem}`);
            return (client ??= new GraphClient(settings, { onRetry: progress }));
        },
        taken: new Set(),
        replacing: new Set(),
        claimed: new Map(),
        listings: new SharedListings(how.oneRun ? "run" : "inFlight"),
        leanState: how.leanState === true,
        progress,
        notice: options.notice ?? toStderr,
    };
}

/** A provider object's options and, once built, its context. Weak: a dropped provider drops both. */
const byProvider = new WeakMap<object, { options: ContextOptions; context?: OperationContext }>();

const entryOf = (provider: object) => {
    let e = byProvider.get(provider);
    if (!e) byProvider.set(provider, (e = { options: {} }));
    return e;
};

/** The options a program or test gives its provider object in its own process (they never travel with it). */
export function setProviderOptions(provider: object, options: ContextOptions): void {
    entryOf(provider).options = options;
}

/** What `configure` does: the provider's context for one run from stack config, replacing any earlier one. */
export function configureProvider(provider: object, config: ConfigGetter): OperationContext {
    const e = entryOf(provider);
    return (e.context = createContext(fromEngine(config), e.options, { oneRun: true, leanState: true }));
}

/** The provider's context: the configured one, else one from its options and the environment. */
export function contextOf(provider: object): OperationContext {
    const e = entryOf(provider);
    return (e.context ??= createContext(undefined, e.options, { leanState: true }));
}
