// What the operations run with: the settings, the Graph client and what this provider process has
// learned about the stack's objects. `configure` builds one; every operation receives it. Each provider
// object has its own, kept here keyed by the object (see providers/makeProvider.ts): never in the object
// or its closures, which Pulumi serializes into the state whenever the object was used before.

import { GraphClient } from "../graph/client";
import { ConfigGetter, fromEngine, GraphSettings, resolveSettings } from "../graph/settings";
import { SharedListings } from "./lookups";
import { redact } from "./secrets";

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
     * What the engine showed this provider in this run as resources of this stack (read, diff, update, delete):
     * the evidence that an object is this stack's (operations/ownership.ts). A create may take over such an object
     * when no resource of the run stands for it (a resource renamed without aliases).
     */
    readonly shown: Set<string>;
    /**
     * Objects a resource of this run stands for: made, adopted or taken over in this run, or shown by the engine in
     * update, or in diff once the program runs (a resource it still declares). A create never takes one of them over.
     */
    readonly standing: Set<string>;
    /**
     * Set by the first check of the process: the program is running. A refresh before it (`up --refresh`) reads and
     * diffs every resource of the stack, declared or not; only a diff after it is of a resource the program declares.
     */
    programRunning: boolean;
    /** Set when check could not reach Graph to look for what is already there: the rest of the run's checks do not try. */
    noLookUpAtPreview?: boolean;
    /**
     * The inputs of resources checked against their old state in this run (declared, to be updated or replaced),
     * as `inputsKey` writes them: the engine checks a replacement again with no old state, and that check must not
     * meet the very object it replaces (deleted first).
     */
    readonly checkedAgainstState: Set<string>;
    /** Objects deleted in this run (or found gone): a listing kept for the run may still hold them. */
    readonly gone: Set<string>;
    /** Objects diff found must be replaced in this run: a replacement is created anew, not adopted. */
    readonly replacing: Set<string>;
    /**
     * Objects a create of this run came to stand for without making them (one taken over from a resource renamed
     * without aliases, an object adopted), with what did it. The resource that stood for one before and is removed
     * in the same run lets go of it instead of deleting it.
     */
    readonly claimed: Map<string, string>;
    /**
     * Of those, the ones taken over as this stack's (ownership.ts), not adopted on the program's word: a resource
     * the program still declares that the engine shows afterwards (diff) is a second resource for one object.
     * Kept for configured contexts only, whose knowledge lasts one run.
     */
    readonly takenOver?: Set<string>;
    /** The collection listings, one each, that the checks and creates of this run share (lookups.ts). */
    readonly listings: SharedListings;
    readonly progress: (message: string) => void;
    readonly notice: (message: string) => void;
    /**
     * Every secret argument value an operation of this context has seen: progress and notices carry [secret]
     * instead of any of them (a notice may quote Graph's values, a retry line Graph's message).
     */
    readonly secrets: Set<string>;
}

const toStderr = (message: string) => void process.stderr.write(`entra: ${message}\n`);

/** A context for one provider process from stack config (`entra:*`) and the environment. */
export function createContext(
    config: ConfigGetter = () => undefined,
    options: ContextOptions = {},
    how: {
        /** Configured by the engine's host: the context lives for one engine operation (lookups.ts). */
        oneRun?: boolean;
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
    const secrets = new Set<string>();
    // Redacted only where a line is written: progress goes nowhere without ENTRA_LOG, and costs nothing then.
    const hidden =
        (say: (m: string) => void) =>
        (m: string): void =>
            say(
                redact(
                    m,
                    [...secrets].sort((x, y) => y.length - x.length),
                ),
            );
    const sayProgress = options.progress ?? (env.ENTRA_LOG ? toStderr : undefined);
    const progress = sayProgress ? hidden(sayProgress) : () => undefined;
    let client: GraphClient | undefined;
    return {
        settings,
        settingsProblem,
        graph() {
            if (!settings) throw new Error(`provider settings: ${settingsProblem}`);
            return (client ??= new GraphClient(settings, { onRetry: progress }));
        },
        shown: new Set(),
        standing: new Set(),
        gone: new Set(),
        checkedAgainstState: new Set(),
        programRunning: false,
        replacing: new Set(),
        claimed: new Map(),
        takenOver: how.oneRun ? new Set() : undefined,
        listings: new SharedListings(how.oneRun ? "run" : "inFlight"),
        progress,
        notice: hidden(options.notice ?? toStderr),
        secrets,
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
    return (e.context = createContext(fromEngine(config), e.options, { oneRun: true }));
}

/** The provider's context: the configured one, else one from its options and the environment. */
export function contextOf(provider: object): OperationContext {
    const e = entryOf(provider);
    return (e.context ??= createContext(undefined, e.options));
}
