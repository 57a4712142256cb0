// How deep and how large a value may be before any rule walks it. Both bounds are what Graph reads at most,
// so no value Graph holds is refused: deeper or larger input is refused with its path and the bound,
// never walked until the stack ends (check, the plugin's Check, the emulator's request bodies).

import { pathTo } from "./values";

/**
 * Levels of nesting, each object and each list one level. Graph reads request bodies with OData's
 * library, whose default limit on "complex values inside complex values" is 100 (Microsoft.OData.Core,
 * `ODataMessageQuotas.MaxNestingDepth`); a JSON value within it has at most twice that many levels when
 * every complex value sits in a list. The deepest value Graph's metadata declares for these resources is far
 * less (test/unit/bounds.test.ts measures it: 9 levels).
 */
export const MAX_DEPTH = 200;

/** Graph's documented limit of a write request ("Write requests in Microsoft Graph API have a size limit of 4 MB"). */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

export interface ShapeProblem {
    /** Where: the value's path (`executionConditions.scope.rule`), cut short when it is very deep. */
    path: string;
    reason: string;
}

interface Node {
    value: unknown;
    depth: number;
    parent?: Node;
    key?: string | number;
}

/** The path of a node, built only when a problem is found; a very deep one keeps its first and last levels. */
function pathOf(node: Node, root: string): string {
    const keys: (string | number)[] = [];
    for (let n: Node | undefined = node; n?.parent; n = n.parent) keys.push(n.key!);
    keys.reverse();
    const shownKeys = keys.length > 8 ? [...keys.slice(0, 4), `…${keys.length - 6} levels…`, ...keys.slice(-2)] : keys;
    return shownKeys.reduce<string>((p, k) => (typeof k === "string" && k.startsWith("…") ? `${p}.${k}` : pathTo(p, k)), root);
}

/** Bytes a primitive takes as JSON; a string without its escapes (so the bound errs on the side of accepting). */
function primitiveBytes(v: unknown): number {
    if (typeof v === "string") return Buffer.byteLength(v) + 2;
    if (v === null || v === undefined) return 4;
    return String(v).length;
}

/**
 * The first way `value` (the property at `root`) is deeper than MAX_DEPTH or larger than `maxBytes` as
 * JSON; undefined when it is within both. Walks without recursion and stops at the first problem, so a
 * value of any depth or size costs at most the bounds.
 */
export function shapeProblem(value: unknown, root: string, maxBytes = MAX_JSON_BYTES): ShapeProblem | undefined {
    let bytes = 0;
    const stack: Node[] = [{ value, depth: 0 }];
    while (stack.length) {
        const node = stack.pop()!;
        const v = node.value;
        if (typeof v !== "object" || v === null) bytes += primitiveBytes(v);
        else {
            if (node.depth >= MAX_DEPTH) {
                const reason =
                    `nests deeper than ${MAX_DEPTH} levels (each object and list is one), ` +
                    "more than Graph reads in a request body (OData's nesting limit)";
                return { path: pathOf(node, root), reason };
            }
            const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
            bytes += 2;
            for (const [k, x] of entries) {
                bytes += 1 + (typeof k === "string" ? Buffer.byteLength(k) + 3 : 0);
                stack.push({ value: x, depth: node.depth + 1, parent: node, key: k });
            }
        }
        if (bytes > maxBytes)
            return { path: root, reason: `is more than ${maxBytes} bytes as JSON, more than Graph takes in a write request (4 MB)` };
    }
    return undefined;
}
