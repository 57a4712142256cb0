// Graph's error answers as the emulator throws them, and the JSON type of its bodies.
import { cutShort } from "../text";

export type Json = Record<string, any>;

export class GraphFailure extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly headers: Record<string, string> = {},
    ) {
        super(message);
    }
}

/** Graph's 404 for an object id it does not hold. */
export const notFound = (id: string | undefined) =>
    new GraphFailure(
        404,
        "ResourceNotFound",
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );

/** Graph writes `@odata.type` with `#` in its answers, whatever the request sent. */
export const withHash = (t: unknown): string => (typeof t === "string" ? (t.startsWith("#") ? t : `#${t}`) : String(t));

/** A value a request sent, as an error message quotes it: a text as it is, anything else as JSON; cut short. */
export const quoted = (v: unknown): string => `'${cutShort(typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)), 200)}'`;
