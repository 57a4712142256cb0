// The id forms the plugin accepts, as `pulumi import` passes them: most objects by their Graph id; an
// access package workflow extension, whose URL needs its catalog, as `<catalogId>/<id>`; an access
// package policy's stages by the policy's id (their own id is the policy's: `partOf.idField`).

import { Family, inCatalog } from "../families/family";

export interface Located {
    /** The object's Graph id. */
    id: string;
    /** The properties the operations address it with. */
    props: Record<string, unknown>;
}

/** The Graph id and the properties that address the object, from an id and what state holds (empty on import). */
export function locate(f: Family, id: string, props: Record<string, unknown>): Located {
    if (inCatalog(f)) {
        const slash = id.indexOf("/");
        if (slash >= 0) return { id: id.slice(slash + 1), props: { ...props, catalogId: id.slice(0, slash) } };
        if (props.catalogId === undefined)
            throw new Error(`${f.title} ${id}: import it as <catalogId>/<id> (its URL in Graph is under its catalog)`);
        return { id, props };
    }
    if (f.partOf && props[f.partOf.idField] === undefined) return { id, props: { ...props, [f.partOf.idField]: id } };
    return { id, props };
}

/** The id `pulumi import` takes for a family, with what each part is: the Import section of its schema description. */
export function importIdForm(f: Family): { id: string; explained: string } {
    if (inCatalog(f))
        return {
            id: "<catalogId>/<id>",
            explained: "the id of its catalog and its own Graph id (its URL in Graph is under its catalog)",
        };
    if (f.partOf)
        return {
            id: `<${f.partOf.idField}>`,
            explained: `the id of the object whose part it is (${f.partOf.idField}), which is also its id`,
        };
    return { id: "<id>", explained: "its Graph id" };
}
