// What a family is to the generic operations: data about its Graph collection and a list of fields, each
// knowing how to read user input, read Graph JSON and write Graph JSON, plus declared hooks for the
// resources of other shapes (a set changed through a navigation, a new version, a part of another object).

import type { GraphVersion } from "../graph/settings";
import type { GraphClient } from "../graph/client";
import { CheckFailure, deepEqual } from "./values";
import type { Property, Shape } from "./shape";

export type { GraphVersion };
export type Canonical = Record<string, unknown>;
export type GraphBody = Record<string, any>;

/** Reports a rule a value broke; `sub` names a nested property, e.g. `timeoutInMilliseconds`. */
export type Fail = (reason: string, sub?: string) => void;

/**
 * A set-valued field whose items Graph adds and removes one request each, on a navigation of the object
 * (a listener's `conditions/applications/includeApplications`): never in the update body.
 */
export interface NavigationSet {
    /** The navigation's path below the object's URL; also where the items sit in the canonical value, in `items`' order. */
    path: string;
    /** The items of a canonical value. */
    items(value: unknown): unknown[];
    /** The key that addresses one item (`.../includeApplications/{key}`). */
    key(item: unknown): string;
    /** The body that adds one item. */
    body(item: unknown): GraphBody;
}

/**
 * How a change to a field reaches Graph: in the update body (the default), in a new version of the whole
 * object (a workflow's `createNewVersion`), or item by item through a navigation.
 */
export type UpdateThrough = "body" | "newVersion" | NavigationSet;

export interface Field {
    /** The property name users write and see in outputs. */
    name: string;
    /** What it is, for the schema and the classes (a shared field says it of its family: `title` is "custom task extension"). */
    description: string | ((title: string) => string);
    /**
     * What its value is, declared once (shape.ts): the schema, the classes' types and the docs' table of ranges are
     * generated from it, and the codec reads its ranges and choices from it.
     */
    shape: Shape;
    /** Where the value lives in Graph's JSON; undefined for values that live in the URL (catalogId) or nowhere. */
    graphKey?: string;
    required?: boolean;
    /** A change to this field needs a new object (Graph cannot move it). */
    replaceOnChange?: boolean;
    /**
     * The field names other resources' objects (an extension's id): when its whole value turns unknown,
     * the engine is asking whether this resource must go before the object it names is deleted and
     * replaced, and the answer is yes (the resource is replaced with it).
     */
    namesReplaceable?: boolean;
    /** Canonical value used when the user leaves the field out (and left out of the state: operations/stateForm.ts). */
    defaultValue?: unknown;
    /**
     * The shortest input `fromInput` turns back into this known canonical value, for the state (operations/stateForm.ts);
     * the value itself when absent.
     */
    stateForm?(value: unknown): unknown;
    /** Validates and canonicalizes a known, non-null input value. */
    fromInput(value: unknown, fail: Fail): unknown;
    /**
     * Warnings about a known canonical value, each starting with the property path: what only a portal or a
     * how-to guide states (never a refusal: Graph may hold such values, and they must stay adoptable).
     */
    warnings?(value: unknown, c: Canonical): string[];
    /** Canonical value from Graph's JSON; `previous` is the canonical value held before, when there is one. */
    fromGraph(body: GraphBody, previous: unknown): unknown;
    /** Graph JSON for a canonical value; `c` is the whole canonical form (a handler's type follows the event type). */
    toGraph?(value: unknown, c: Canonical): unknown;
    /** Whether two canonical values are the same to the user (held `before`, wanted `after`); deep equality when absent. */
    same?(before: unknown, after: unknown): boolean;
    /** For a type choice (`extensionType`, `eventType`): each value and the `@odata.type` it is sent as. */
    choices?: Record<string, string>;
    /**
     * Outputs derived from Graph's JSON beside the field itself (e.g. `endpointUrl`). Every name it
     * derives is a key of the result, undefined when Graph has no value: `extraOutputNames` reads them.
     */
    derivedOutputs?(body: GraphBody): Record<string, unknown>;
    /** How a change reaches Graph; "body" when absent. */
    updateThrough?: UpdateThrough;
}

/** A field's description in a family. */
export const fieldDescription = (f: Family, field: Field): string =>
    typeof field.description === "string" ? field.description : field.description(f.title);

/** What each output beyond the fields is: Graph's, and those the fields derive (`extraOutputNames`). */
export const OUTPUTS: Record<string, Property> = {
    createdDateTime: { shape: { type: "string", description: "When Graph created the object." } },
    lastModifiedDateTime: { shape: { type: "string", description: "When the object last changed." } },
    endpointUrl: {
        shape: {
            type: "string",
            description:
                "The endpoint URL Graph holds (the Logic App trigger or the API target); secret when endpointConfiguration holds a secret.",
        },
    },
    version: {
        shape: { type: "integer", description: "Graph's version number of the workflow: one more with each new version." },
        always: true,
    },
};

/** Outputs Graph sets on every custom extension beside the fields. */
export const SERVER_OUTPUTS = ["createdDateTime", "lastModifiedDateTime"] as const;

/** The outputs Graph sets on objects of this family beside the fields. */
export const serverOutputs = (f: Family): readonly string[] => f.serverOutputs ?? SERVER_OUTPUTS;

/** Every output of a family beyond its fields: Graph's, and those its fields derive. */
export function extraOutputNames(f: Family): string[] {
    const derived = f.fields.flatMap((x) => Object.keys(x.derivedOutputs?.({}) ?? {}));
    return [...serverOutputs(f), ...new Set(derived)];
}

/** What a person calls several of a family's objects. */
export const titles = (f: Family): string => f.plural ?? `${f.title}s`;

/** Whether the family's collection lives in an access package catalog (the catalog in its path, not in its objects). */
export const inCatalog = (f: Family): boolean => f.fields.some((x) => x.name === "catalogId" && !x.graphKey);

/** Whether export lists the family per catalog: it lives under one, or names its catalog in a filterable property. */
export const listedPerCatalog = (f: Family): boolean => inCatalog(f) || f.catalogFilter !== undefined;

/** Whether the family's objects have a displayName (a role assignment's have none). */
export const hasDisplayName = (f: Family): boolean => f.fields.some((x) => x.name === "displayName");

/** Whether the displayName is part of what identifies an object of the family (a listener's is not). */
export const identifiedByName = (f: Family): boolean =>
    !!f.uniqueNames || (f.identifiedBy ? f.identifiedBy.includes("displayName") : hasDisplayName(f));

/** The field that chooses the object's concrete `@odata.type` (`extensionType`, `eventType`), if the family has one. */
export const typeField = (f: Family): Field | undefined => f.fields.find((x) => x.choices !== undefined);

/** The field's own notion of sameness, else deep equality. */
export function sameFieldValue(field: Field, before: unknown, after: unknown): boolean {
    return field.same ? field.same(before, after) : deepEqual(before, after);
}

/** How a field's change is sent. */
export const updateThrough = (field: Field): UpdateThrough => field.updateThrough ?? "body";

/** A set's change as a set: the keys of the items `after` adds and of those it removes, each with its place in its list. */
export function setChange(nav: NavigationSet, before: unknown, after: unknown): { added: [string, number][]; removed: [string, number][] } {
    const [held, wanted] = [nav.items(before).map(nav.key), nav.items(after).map(nav.key)];
    return {
        added: wanted.map((k, i): [string, number] => [k, i]).filter(([k]) => !held.includes(k)),
        removed: held.map((k, i): [string, number] => [k, i]).filter(([k]) => !wanted.includes(k)),
    };
}

/** The same in words, for a diff the CLI draws by index (a dynamic resource's): what is added and removed. */
export function setChangeInWords(nav: NavigationSet, before: unknown, after: unknown): string | undefined {
    const { added, removed } = setChange(nav, before, after);
    const list = (x: [string, number][]) => x.map(([k]) => k).join(", ");
    const parts = [added.length ? `adds ${list(added)}` : "", removed.length ? `removes ${list(removed)}` : ""].filter(Boolean);
    return parts.length
        ? `${parts.join("; ")} (a set: the [n] the diff shows are places in a sorted list, not changes of order)`
        : undefined;
}

/**
 * The object is a part of another object that is made elsewhere (an access package assignment policy's
 * `customExtensionStageSettings`): there is no POST or DELETE of its own. Create, update and delete read
 * the whole object, set this family's fields and PUT it back with everything else as read.
 */
export interface PartOf {
    /** The field that holds the other object's id, which is also this resource's id. */
    idField: string;
    /** The canonical values that mean "this part removed" (sent on delete). */
    emptied: Canonical;
    /** The PUT body from the object as read: everything else kept, what Graph sets itself left out. */
    putBody(read: GraphBody): GraphBody;
}

/** What check learned from Graph about the objects a resource names: refusals and warnings. */
export interface ReferenceVerdict {
    failures: CheckFailure[];
    warnings: string[];
}

/** An object a resource names, as check knows it: read from Graph, or a resource of the same program (its arguments). */
export interface NamedObject {
    /** The registry name of its family, and what a person calls one. */
    family: string;
    title: string;
    /** How a message names it: `"Claims from HR"` from Graph, `resource "hr-claims" of this program` from the program. */
    label: string;
    /** What it is: the fields a change replaces it for (its type, its catalog), canonical; those not known left out. */
    fields: Canonical;
}

/** A place where a resource names another object by id, and the rule on what it names (the reason, or undefined). */
export interface ReferenceSite {
    property: string;
    id: unknown;
    rule(named: NamedObject): string | undefined;
}

/**
 * The hidden input a resource class adds when an argument is the `id` of a resource of the same program: by the
 * argument's path (`handler.customExtensionId`, `tasks.0.arguments.0.value`), that resource's family, name and
 * fields that say what it is. Check judges the sites' rules from it while the id is unknown (preview).
 */
export const NAMED_KEY = "__named";
export interface ProgramReference {
    family: string;
    resource: string;
    fields: Record<string, unknown>;
}

export interface Family {
    /** Key in `providers` and in messages: "customTaskExtension". */
    name: string;
    /** What a person calls one: "custom task extension". */
    title: string;
    /** What it is and does, for the documentation of its resource class. */
    summary: string;
    /** What a person calls several, when it is not the title with an "s". */
    plural?: string;
    /** The resource class and its schema token (`entra:index:CustomTaskExtension`). */
    resourceType: string;
    /** One word for the family in commands and generated names: "task" (`export --families task`). */
    shortName: string;
    /** The Graph collection: the navigation property, and the type that declares it in Graph's metadata. */
    collection: { name: string; declaredBy: string };
    fields: Field[];
    /** Rules across fields; run on canonical input with unknown values left out. */
    crossRules?(c: Canonical): CheckFailure[];
    /** Warnings across fields (a form only a how-to guide states): shown at preview, never a refusal. */
    crossWarnings?(c: Canonical): string[];
    /**
     * What check must ask Graph about the objects this resource names (the extension a listener runs is of
     * its event type): run at preview when those references are known and differ from the state's.
     */
    references?: {
        /** The values that name other objects; check looks again only when they change. */
        of(c: Canonical): unknown;
        /** What Graph says of the objects named, once their ids are known (its rules are the sites' own). */
        check?(graph: GraphClient, c: Canonical): Promise<ReferenceVerdict>;
        /** Each place the resource names another object, with its rule: judged from the program while an id is unknown. */
        sites(c: Canonical): ReferenceSite[];
    };
    /** The collection URL path (without version) for an object with this canonical form. */
    collectionPath(c: Canonical, version: GraphVersion): string;
    /** The concrete `@odata.type` (with `#`) for this canonical form, sent on create. */
    odataType(c: Canonical): string;
    /** Whether update bodies must carry `@odata.type` too. */
    typeOnUpdate: boolean;
    updateVerb: "PATCH" | "PUT";
    /** Headers every request of this family carries (Lifecycle Workflows: `Prefer: include-unknown-enum-members`). */
    headers?: Record<string, string>;
    /** The query of every read of one object (a policy read with its stages expanded). */
    readQuery?: Record<string, string>;
    /** Outputs Graph sets beside the fields; SERVER_OUTPUTS when absent. */
    serverOutputs?: string[];
    /** The bound action that makes a new version from a whole object, and the parameter that carries it. */
    newVersion?: { action: string; parameter: string };
    /**
     * After the DELETE, the object waits in a recycle bin: this is its path there, purged on delete unless
     * the field named `unless` is true.
     */
    purge?: { path(id: string, version: GraphVersion): string; unless: string };
    partOf?: PartOf;
    /**
     * How a create looks for what is already there (operations/ownership.ts): by `$filter` on displayName (the
     * default), over the whole listing (a family whose name is optional), or not at all.
     */
    leftoverLookup?: "displayName" | "listing" | "none";
    /**
     * The `$filter` that narrows a listing to what a create of `c` could meet (a role assignment's principal), for a
     * collection too large to list whole; the listing is shared by the run's creates of the same filter.
     */
    lookupFilter?(c: Canonical): string;
    /**
     * The `$filter` that lists the objects of one catalog, for a family whose objects name their catalog instead of
     * living under it (a role assignment's app scope): export lists the family per catalog with it.
     */
    catalogFilter?(catalogId: string): string;
    /** How messages name an object of a family without a displayName (a role assignment: its role and principal). */
    label?(c: Canonical): string;
    /**
     * A create Graph refuses with `status` because what the object names was made a moment ago (a new managed
     * identity's service principal, not yet on every replica) is sent again after each of `waitsMs`, saying `why`.
     */
    createWaits?: { status: number; waitsMs: number[]; why: string };
    /** Graph keeps displayNames unique in the collection: any object of the name is what a create would meet. */
    uniqueNames?: boolean;
    /**
     * The fields that tell an object of the family's type (and catalog) is the one a create would make (a listener:
     * its event type, handler and applications); every field when absent. Not used with `uniqueNames`.
     */
    identifiedBy?: string[];
    /** Shown when Graph refuses a delete because the object is still named elsewhere: what names it and where to detach it. */
    inUseHint?: string;
    /** Navigation properties whose items request bodies carry inline (`type/property`): the metadata generator follows their types. */
    inlineNavigations?: string[];
}
