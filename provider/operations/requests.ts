// What the generic operations take and give back, typed: plain values, the paths of those that are secrets, and what
// the program asks besides its arguments (adopt an object; what the same-program resources it names are). The two
// faces adapt their own wire forms to these (the dynamic provider's bags with `__secrets`, `__adopt` and `__named`,
// dynamic/adapter.ts; the plugin's Structs with secret envelopes, plugin/server.ts), and nothing else crosses.

import type { Canonical, ProgramReference } from "../families/family";
import type { CheckFailure } from "../families/values";
import type { AdoptRequest } from "./adoption";

/** Values as a face hands them over: secrets unwrapped, their paths ("endpointConfiguration.targetUrl") beside them. */
export interface WithSecrets {
    secretPaths: string[];
}

export interface CheckRequest extends WithSecrets {
    /** The inputs checked at the last `up` (empty for a resource not in state). */
    olds: Record<string, unknown>;
    /** The program's arguments. */
    news: Record<string, unknown>;
    /** Adopt an existing object instead of creating one (TypeScript's `import` / `importByDisplayName`). */
    adopt?: AdoptRequest;
    /** Resources of the same program the arguments name by their unknown id, by the argument's path. */
    named?: Record<string, ProgramReference>;
}

export interface CheckResult {
    /** The canonical form of the arguments (unknowns kept where they are). */
    inputs: Canonical;
    failures: CheckFailure[];
    /** The adoption to perform at create, the object found at preview. */
    adopt?: AdoptRequest;
}

export interface DiffRequest extends WithSecrets {
    id: string;
    /** What the state holds (outputs). */
    olds: Record<string, unknown>;
    /** The checked inputs. */
    news: Record<string, unknown>;
}

export interface DiffResult {
    /** The fields whose values differ, each by its own notion of sameness. */
    changed: string[];
    /** Of those, the ones that need a new object (and the references whose object is replaced). */
    replaces: string[];
    stables: string[];
    deleteBeforeReplace: boolean;
    /** A set-valued field's change in words (`removes <appId>`), for a face whose diff is drawn by index. */
    setChanges: { field: string; words: string }[];
}

export interface CreateRequest extends WithSecrets {
    inputs: Record<string, unknown>;
    adopt?: AdoptRequest;
}

export interface Written {
    id: string;
    /** Every output, whole: the fields' canonical values, what Graph sets, what the fields derive. */
    outputs: Record<string, unknown>;
}

export interface ReadRequest extends WithSecrets {
    id: string;
    /** What the state holds (outputs; for an import, nothing). */
    state: Record<string, unknown>;
    /**
     * Whether the engine reads a resource of the stack with its state (a refresh), as each face knows it; false for
     * an import's or a get's read, whose `state` may still hold what the face adds to address the object.
     */
    refresh: boolean;
}

/** The object as Graph holds it (its canonical inputs beside the outputs), or gone. */
export type ReadResult = (Written & { inputs: Canonical }) | { id: "" };

export interface UpdateRequest extends WithSecrets {
    id: string;
    olds: Record<string, unknown>;
    news: Record<string, unknown>;
}

export interface DeleteRequest extends WithSecrets {
    id: string;
    state: Record<string, unknown>;
}
