// A Check request that google-protobuf cannot parse: its Struct parser recurses, and a value about a
// thousand levels deep ends the stack. Such a request is answered with a refusal that names the property,
// found by reading the request's outer layers by hand and parsing each property's value alone.

import { Value } from "google-protobuf/google/protobuf/struct_pb";
import { MAX_DEPTH } from "../families/bounds";
import { pathTo } from "../families/values";

/** The fields of one protobuf message: number and, for a length-delimited field, its bytes. */
function* fieldsOf(buf: Uint8Array): Generator<[number, Uint8Array | undefined]> {
    let i = 0;
    const varint = () => {
        let value = 0;
        for (let shift = 0; i < buf.length; shift += 7) {
            const b = buf[i++];
            value += (b & 0x7f) * 2 ** shift;
            if (!(b & 0x80)) break;
        }
        return value;
    };
    while (i < buf.length) {
        const tag = varint();
        const wire = tag & 7;
        if (wire === 0) varint();
        else if (wire === 1) i += 8;
        else if (wire === 5) i += 4;
        else if (wire !== 2) return;
        if (wire !== 2) {
            yield [Math.floor(tag / 8), undefined];
            continue;
        }
        const length = varint();
        yield [Math.floor(tag / 8), buf.subarray(i, i + length)];
        i += length;
    }
}

/** CheckRequest's `news` (field 3), a Struct whose `fields` (1) are entries of key (1) and Value (2). */
const NEWS = 3;

/** The failures for a Check request google-protobuf could not parse: one per property whose value it cannot. */
export function unreadableFailures(request: Uint8Array): { property: string; reason: string }[] {
    const reason =
        `nests deeper than the plugin's protobuf library can read (about a thousand levels), ` +
        `far more than Graph reads in a request body (${MAX_DEPTH} levels)`;
    const keys: string[] = [];
    for (const [field, news] of fieldsOf(request))
        if (field === NEWS && news)
            for (const [f, entry] of fieldsOf(news)) {
                if (f !== 1 || !entry) continue;
                let key = "";
                let value: Uint8Array | undefined;
                for (const [g, bytes] of fieldsOf(entry)) {
                    if (g === 1 && bytes) key = Buffer.from(bytes).toString("utf8");
                    if (g === 2) value = bytes;
                }
                try {
                    if (value) Value.deserializeBinary(value);
                } catch {
                    keys.push(key);
                }
            }
    return keys.length
        ? keys.map((k) => ({ property: "", reason: `${pathTo("", k)}: ${reason}` }))
        : [{ property: "", reason: `the inputs: ${reason}` }];
}
