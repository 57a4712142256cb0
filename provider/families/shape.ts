// What a field's value is, declared once: its type, what is required, its enumeration or range, its description and
// the source of each rule. The codecs (fields.ts) read their ranges from here; the plugin's schema (schema.json), the
// TypeScript argument and output types of the resource classes and the ranges table of docs/validation-rules.md are
// generated from it (scripts/generate.ts), so that one edit here reaches all of them.

/** Where a rule comes from: M Graph's metadata, D Graph's API reference, P the admin center or a how-to guide only. */
export type Source = `${"M" | "D" | "P"}: ${string}`;

interface Common {
    /** What it is, for the schema's and the classes' documentation. */
    description: string;
}

/** A choice among names; `name` is its type in the schema (`entra:index:<name>`) and in TypeScript. */
export interface Enumeration {
    name: string;
    description: string;
    values: readonly string[];
    /** A value's own description (the clouds that offer it). */
    valueDescription?: (value: string) => string;
    source: Source;
}

export interface StringShape extends Common {
    type: "string";
    enum?: Enumeration;
    /** An ISO 8601 duration from `min` to `max`. */
    duration?: { min: string; max: string; source: Source };
    /** A GUID (or one of `orNames`, names the field turns into ids). */
    guid?: { source: Source; orNames?: readonly string[] };
}

export interface IntegerShape extends Common {
    type: "integer";
    range?: { min: number; max: number; source: Source };
}

export interface BooleanShape extends Common {
    type: "boolean";
}

export interface Property {
    shape: Shape;
    /** What it is where it is used; the shape's own description when absent (an object's or a choice's is its type's). */
    description?: string;
    /** Required of the program. */
    required?: boolean;
    /** Always there in an output, though a program may leave it out (a default, a value read back). */
    always?: boolean;
    /** Accepted from a program but never output: a synonym (`durationBeforeTimeout`), Graph's spelling of a reference. */
    inputOnly?: boolean;
}

export interface ObjectShape extends Common {
    type: "object";
    /** Its type in the schema (`entra:index:<name>`) and, with `Args` added, in TypeScript. */
    name: string;
    properties: Record<string, Property>;
    /** A program may give a plain string for it (a claim's name, an application's appId): the property it stands for. */
    orString?: string;
}

export interface ArrayShape extends Common {
    type: "array";
    items: Shape;
    maxItems?: { count: number; source: Source };
}

/** Graph's JSON, given as it is (a workflow's executionConditions). */
export interface JsonShape extends Common {
    type: "json";
}

export type Shape = StringShape | IntegerShape | BooleanShape | ObjectShape | ArrayShape | JsonShape;

export const str = (description: string, more: Omit<StringShape, "type" | "description"> = {}): StringShape => ({
    type: "string",
    description,
    ...more,
});
export const bool = (description: string): BooleanShape => ({ type: "boolean", description });
export const int = (description: string, range?: IntegerShape["range"]): IntegerShape => ({ type: "integer", description, range });
export const list = (description: string, items: Shape, maxItems?: ArrayShape["maxItems"]): ArrayShape => ({
    type: "array",
    description,
    items,
    maxItems,
});
export const object = (
    name: string,
    description: string,
    properties: Record<string, Property | Shape>,
    more: { orString?: string } = {},
): ObjectShape => ({
    type: "object",
    name,
    description,
    properties: Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, "shape" in p ? p : { shape: p }])),
    ...more,
});
export const choice = (e: Enumeration): StringShape => ({ type: "string", description: e.description, enum: e });

/** The description of a property: its own where it is used, else its shape's. */
export const describedAs = (p: Property): string => p.description ?? p.shape.description;

/** Every object and enumeration a shape holds, by name, itself included (the schema's `types`). */
export function namedTypes(shape: Shape, into = new Map<string, ObjectShape | Enumeration>()): Map<string, ObjectShape | Enumeration> {
    const add = (name: string, t: ObjectShape | Enumeration) => {
        const held = into.get(name);
        if (held && held !== t && JSON.stringify(withoutFunctions(held)) !== JSON.stringify(withoutFunctions(t)))
            throw new Error(`two different types are named ${name}`);
        into.set(name, held ?? t);
    };
    if (shape.type === "string" && shape.enum) add(shape.enum.name, shape.enum);
    if (shape.type === "array") namedTypes(shape.items, into);
    if (shape.type === "object") {
        add(shape.name, shape);
        for (const p of Object.values(shape.properties)) namedTypes(p.shape, into);
    }
    return into;
}

const withoutFunctions = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "function" ? undefined : x)));

/** The rule a shape states, in words (`From 200 to 2000.`), for descriptions; undefined when it states none. */
export function ruleText(shape: Shape): string | undefined {
    if (shape.type === "integer" && shape.range)
        return shape.range.max - shape.range.min === 1
            ? `${shape.range.min} or ${shape.range.max}.`
            : `From ${shape.range.min} to ${shape.range.max}.`;
    if (shape.type === "string" && shape.duration) return `An ISO 8601 duration from ${shape.duration.min} to ${shape.duration.max}.`;
    if (shape.type === "string" && shape.guid)
        return shape.guid.orNames ? `A GUID, or one of ${shape.guid.orNames.join(", ")}.` : "A GUID.";
    if (shape.type === "array" && shape.maxItems) return `At most ${shape.maxItems.count}.`;
    return undefined;
}

/** A description with the rule its shape states. */
export const withRule = (description: string, shape: Shape): string => {
    const rule = ruleText(shape);
    return rule ? `${description} ${rule}` : description;
};
