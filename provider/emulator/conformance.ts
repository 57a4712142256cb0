// The emulator's reading of Microsoft's Graph v1.0 metadata for the cloud it serves: a collection the
// cloud lacks is an unknown URL segment, and a request body holding a property or `@odata.type` the
// metadata lacks (or an abstract type, or one not derived from the declared type) is refused with 400,
// as Graph's OData layer refuses it.

import { conformanceProblems, metadataFor, typeName } from "../families/graphMetadata";
import type { CloudName } from "../graph/settings";
import { CollectionName, GraphFailure, Json } from "./collections";

/** Graph answers a path through a navigation property its model lacks with 400 and this message. */
export function collectionFailure(cloud: CloudName, collection: CollectionName): GraphFailure | undefined {
    if (metadataFor(cloud).collections[collection]) return undefined;
    return new GraphFailure(400, "BadRequest", `Resource not found for the segment '${collection}'.`);
}

/**
 * The first conformance problem of a POST, PATCH or PUT body, as Graph's 400; undefined when it conforms.
 * `targetType` is the stored object's type for PATCH and PUT; a create is read as the collection's declared type.
 */
export function bodyFailure(cloud: CloudName, collection: CollectionName, body: Json, targetType?: string): GraphFailure | undefined {
    const meta = metadataFor(cloud);
    const declared = targetType ? typeName(targetType) : meta.collections[collection];
    if (!declared) return collectionFailure(cloud, collection);
    const [first, ...rest] = conformanceProblems(meta, body, declared);
    if (!first) return undefined;
    const more = rest.length ? ` (and ${rest.length} more: ${rest.map((p) => p.path).join(", ")})` : "";
    return new GraphFailure(400, "BadRequest", `${first.message}${more}`);
}
