// What every resource class of the registry does (EntraResource): register with its family's provider, declare
// every field and output, carry the secret paths and the adoption the options ask for, give back what the state leaves
// out. The classes themselves, with their argument and output types, are generated from the families' shapes
// (generated.ts, `npm run generate`). Arguments mirror Graph's property names; every argument is also an output.

import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { families, FamilyName } from "../families";
import { extraOutputNames, NAMED_KEY, ProgramReference } from "../families/family";
import { derivingFields, restoredFrom, restoredOutput } from "../operations/stateForm";
import { providers } from "../dynamic";

/** Every Output among the arguments, with its path ("handler.customExtensionId", "tasks.0.arguments.0.value"). */
async function outputsIn(value: unknown): Promise<[pulumi.Output<unknown>, string][]> {
    const found: [pulumi.Output<unknown>, string][] = [];
    const walk = async (v: unknown, p: string): Promise<void> => {
        if (pulumi.Output.isInstance(v)) return void found.push([v, p]);
        v = await v;
        if (v && typeof v === "object") await Promise.all(Object.entries(v).map(([k, x]) => walk(x, p ? `${p}.${k}` : k)));
    };
    await walk(value, "");
    return found;
}

/**
 * Paths of the arguments that are secrets ("endpointConfiguration.targetUrl"). The provider receives
 * secrets unwrapped; with these paths it keeps their values out of messages and logs.
 */
async function secretPaths(outputs: Promise<[pulumi.Output<unknown>, string][]>): Promise<string[] | undefined> {
    const found: string[] = [];
    await Promise.all((await outputs).map(async ([v, p]) => void ((await pulumi.isSecret(v)) && found.push(p))));
    return found.length ? found.sort() : undefined;
}

/** The resources of this package the program made, by their `id` output: what an argument that is that output names. */
const madeHere = new WeakMap<object, { family: FamilyName; name: string; args: object }>();

/**
 * The resources of the same program the arguments name by their `id` (`extension.id`, `runCustomTaskExtension(
 * extension.id)`), each with what it is: the fields a change replaces it for (its type, its catalog). At preview
 * such an id is unknown; with this, check judges what Graph would refuse at `up` (an extension of another type).
 */
async function namedResources(outputs: Promise<[pulumi.Output<unknown>, string][]>): Promise<Record<string, ProgramReference> | undefined> {
    const found: Record<string, ProgramReference> = {};
    for (const [v, p] of await outputs) {
        const made = madeHere.get(v);
        if (!made) continue;
        const theirs = made.args as Record<string, unknown>;
        const what = families[made.family].fields.filter((x) => x.replaceOnChange).map((x) => [x.name, theirs[x.name]]);
        found[p] = { family: made.family, resource: made.name, fields: Object.fromEntries(what) };
    }
    return Object.keys(found).length ? found : undefined;
}

/** The resource options of every resource of this package: Pulumi's, with adoption by id or by name. */
export interface EntraResourceOptions extends pulumi.CustomResourceOptions {
    /**
     * Adopt the object with this id instead of creating one (Pulumi's own option, performed by this
     * provider: the engine cannot import dynamic resources).
     */
    import?: pulumi.ID;
    /** Adopt the one object of this kind (type, catalog) with this displayName (a policy's, for policy stages). */
    importByDisplayName?: pulumi.Input<string>;
    /** When the object to adopt differs from the program: false (default) refuses at preview, true updates it. */
    updateOnImport?: boolean;
}
/** The options of an extension (the name it had first). */
export type ExtensionResourceOptions = EntraResourceOptions;

/**
 * What a resource class hands to the engine: every field of the family and every server output as a
 * key (the engine only gives an object the outputs named here, and a program may read any of them),
 * the user's arguments, the secret paths, and what to adopt.
 */
function registration(familyName: FamilyName, args: object, opts: EntraResourceOptions | undefined): Record<string, unknown> {
    const keys = [...families[familyName].fields.map((f) => f.name), ...extraOutputNames(families[familyName])];
    const adopt =
        opts?.import !== undefined || opts?.importByDisplayName !== undefined
            ? { id: opts.import, displayName: opts.importByDisplayName, update: opts.updateOnImport === true }
            : undefined;
    // A derived output (endpointUrl) is secret in state exactly when what it derives from holds a secret: the
    // engine keeps an output encrypted when the input of its name was secret, so that input is a secret null
    // then, and left out otherwise (a plain null would cost every resource's state its bytes for nothing).
    const secrecy = Object.fromEntries(
        Object.entries(derivingFields(families[familyName])).map(([k, from]) => {
            const source = pulumi.output((args as Record<string, pulumi.Input<object | undefined>>)[from]);
            return [k, pulumi.output(pulumi.isSecret(source).then((secret) => (secret ? pulumi.secret(null) : undefined)))];
        }),
    );
    // One walk of the arguments serves both the secret paths and the program's resources they name.
    const outputs = outputsIn(args);
    return {
        ...Object.fromEntries(keys.map((k) => [k, undefined])),
        ...secrecy,
        ...args,
        __secrets: secretPaths(outputs),
        __adopt: adopt,
        [NAMED_KEY]: namedResources(outputs),
    };
}

/**
 * Options every resource gets: a replacement deletes the old object first (task extension and workflow names
 * are unique, so the two cannot coexist); `import` becomes an adoption the provider
 * performs, never the engine's import, which cannot read a dynamic resource.
 */
function options(opts: EntraResourceOptions | undefined): pulumi.CustomResourceOptions {
    const { import: _adoptedById, importByDisplayName: _adoptedByName, updateOnImport: _update, ...rest } = opts ?? {};
    return { deleteBeforeReplace: true, ...rest };
}

/**
 * Gives back the outputs the state leaves out (operations/stateForm.ts): a field's default, the whole form of a value,
 * a lastModifiedDateTime equal to createdDateTime, an endpointUrl equal to the endpointConfiguration's URL.
 */
function restoreOutputs(familyName: FamilyName, resource: object) {
    const f = families[familyName];
    const self = resource as Record<string, pulumi.Output<any> | undefined>;
    for (const field of f.fields) {
        const v = self[field.name];
        if (v && (field.defaultValue !== undefined || field.stateForm)) self[field.name] = v.apply((x) => restoredOutput(f, field.name, x));
    }
    for (const name of extraOutputNames(f)) {
        const from = restoredFrom(f, name);
        const [v, s] = [self[name], from && self[from]];
        if (v && s) self[name] = pulumi.all([v, s]).apply(([a, b]) => restoredOutput(f, name, a, b));
    }
}

/** A resource of the registry: its family's provider, every field and server output declared, short stack traces. */
export abstract class EntraResource extends pulumi.dynamic.Resource {
    constructor(familyName: FamilyName, name: string, args: object, opts: EntraResourceOptions | undefined) {
        // Registering a resource makes four promises per property, and @pulumi/pulumi records a formatted
        // stack trace for each (for its promise-leak report): with every field declared as an output, that
        // was most of a program's CPU time at a few hundred extensions. Short traces while registering;
        // Pulumi's own source position capture sets its own limit and is unaffected.
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        // The stack Pulumi records as the resource's source position (and stores in state) starts at the
        // program's `new ...` line, not in these constructors: the frames of this folder (this file and the
        // generated classes) are left out of it.
        const prepare = Error.prepareStackTrace;
        Error.prepareStackTrace = (error, frames) => {
            const theirs = frames.filter((frame) => path.dirname(frame.getFileName() ?? "") !== __dirname);
            return prepare ? prepare(error, theirs) : `${error}${theirs.map((frame) => `\n    at ${frame}`).join("")}`;
        };
        try {
            super(
                providers[familyName],
                name,
                registration(familyName, args, opts),
                options(opts),
                "entra",
                families[familyName].resourceType,
            );
        } finally {
            Error.stackTraceLimit = limit;
            Error.prepareStackTrace = prepare;
        }
        madeHere.set(this.id, { family: familyName, name, args });
        restoreOutputs(familyName, this);
    }
}
