// What a family of extensions is to the generic operations: data about its Graph collection and a
// list of fields, each knowing how to read user input, read Graph JSON and write Graph JSON.

import type { GraphVersion } from "../graph/settings";
import { CheckFailure, deepEqual } from "./values";

export type { GraphVersion };
export type Canonical = Record<string, unknown>;
export type GraphBody = Record<string, any>;

/** Reports a rule a value broke; `sub` names a nested property, e.g. `timeoutInMilliseconds`. */
export type Fail = (reason: string, sub?: string) => void;

export interface Field {
    /** The property name users write and see in outputs. */
    name: string;
    /** Where the value lives in Graph's JSON; undefined for values that live in the URL (catalogId). */
    graphKey?: string;
    required?: boolean;
    /** A change to this field needs a new object (Graph cannot move it). */
    replaceOnChange?: boolean;
    /** Canonical value used when the user leaves the field out. */
    defaultValue?: unknown;
    /** Validates and canonicalizes a known, non-null input value. */
    fromInput(value: unknown, fail: Fail): unknown;
    /** Canonical value from Graph's JSON; `previous` is the canonical value held before, when there is one. */
    fromGraph(body: GraphBody, previous: unknown): unknown;
    /** Graph JSON for a canonical value. */
    toGraph?(value: unknown): unknown;
    /** Whether two canonical values are the same to the user (held `before`, wanted `after`); deep equality when absent. */
    same?(before: unknown, after: unknown): boolean;
    /** For a type choice (`extensionType`): each value and the `@odata.type` it is sent as. */
    choices?: Record<string, string>;
    /**
     * Outputs derived from Graph's JSON beside the field itself (e.g. `endpointUrl`). Every name it
     * derives is a key of the result, undefined when Graph has no value: `extraOutputNames` reads them.
     */
    derivedOutputs?(body: GraphBody): Record<string, unknown>;
}

/** Outputs Graph sets on every object beside the fields. */
export const SERVER_OUTPUTS = ["createdDateTime", "lastModifiedDateTime"] as const;

/** Every output of a family beyond its fields: Graph's, and those its fields derive. */
export function extraOutputNames(f: Family): string[] {
    const derived = f.fields.flatMap((x) => Object.keys(x.derivedOutputs?.({}) ?? {}));
    return [...SERVER_OUTPUTS, ...new Set(derived)];
}

/** Whether objects of this family live in an access package catalog (their path and identity hold its id). */
export const inCatalog = (f: Family): boolean => f.fields.some((x) => x.name === "catalogId");

/** The field's own notion of sameness, else deep equality. */
export function sameFieldValue(field: Field, before: unknown, after: unknown): boolean {
    return field.same ? field.same(before, after) : deepEqual(before, after);
}

export interface Family {
    /** Key in `providers` and in messages: "customTaskExtension". */
    name: string;
    /** What a person calls one: "custom task extension". */
    title: string;
    /** The resource class and its schema token (`entra:index:CustomTaskExtension`). */
    resourceType: string;
    /** One word for the family in commands and generated names: "task" (`export --families task`). */
    shortName: string;
    /** The Graph collection: the navigation property, and the type that declares it in Graph's metadata. */
    collection: { name: string; declaredBy: string };
    fields: Field[];
    /** Rules across fields; run on canonical input with unknown values left out. */
    crossRules?(c: Canonical): CheckFailure[];
    /** The collection URL path (without version) for an object with this canonical form. */
    collectionPath(c: Canonical, version: GraphVersion): string;
    /** The concrete `@odata.type` (with `#`) for this canonical form, sent on create. */
    odataType(c: Canonical): string;
    /** Whether update bodies must carry `@odata.type` too. */
    typeOnUpdate: boolean;
    updateVerb: "PATCH" | "PUT";
    /** Shown when Graph refuses a delete: what still uses the extension and where to detach it. */
    inUseHint: string;
}
