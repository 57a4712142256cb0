// The table of ranges and enumerations of docs/validation-rules.md: every rule a field's shape states (a range, a
// duration's bounds, a GUID, a list's most items, a choice's values), where it applies and its source, from the
// families' declared shapes, between the markers of that page.

import { families } from "../../provider/families";
import { Family } from "../../provider/families/family";
import { Shape } from "../../provider/families/shape";

export const BEGIN = "<!-- generated: ranges and enumerations (npm run generate) -->";
export const END = "<!-- end generated -->";

interface Row {
    where: string;
    rule: string;
    source: string;
}

function rulesOf(shape: Shape, where: string, rows: Row[], seen: Set<Shape>): void {
    if (shape.type === "string" && shape.enum)
        rows.push({ where, rule: `one of ${shape.enum.values.map((v) => `\`${v}\``).join(", ")}`, source: shape.enum.source });
    if (shape.type === "string" && shape.duration)
        rows.push({ where, rule: `an ISO 8601 duration, ${shape.duration.min}..${shape.duration.max}`, source: shape.duration.source });
    if (shape.type === "string" && shape.guid) {
        const names = shape.guid.orNames?.map((n) => `\`${n}\``).join(", ");
        rows.push({ where, rule: names ? `a GUID, or one of ${names}` : "a GUID", source: shape.guid.source });
    }
    if (shape.type === "integer" && shape.range)
        rows.push({ where, rule: `a whole number, ${shape.range.min}..${shape.range.max}`, source: shape.range.source });
    if (shape.type === "array") {
        if (shape.maxItems) rows.push({ where, rule: `at most ${shape.maxItems.count} items`, source: shape.maxItems.source });
        rulesOf(shape.items, `${where}[]`, rows, seen);
    }
    if (shape.type === "object" && !seen.has(shape)) {
        seen.add(shape);
        for (const [k, p] of Object.entries(shape.properties)) rulesOf(p.shape, `${where}.${k}`, rows, seen);
        seen.delete(shape);
    }
}

/** The generated part of the page, markers included. */
export function rulesTable(): string {
    const rows: Row[] = [];
    for (const f of Object.values(families) as Family[])
        for (const x of f.fields) rulesOf(x.shape, `${f.resourceType}.${x.name}`, rows, new Set());
    const lines = rows.map((r) => `| \`${r.where}\` | ${r.rule} | ${r.source.replace(/\|/g, "\\|")} |`);
    return [BEGIN, "| where | rule | source |", "| --- | --- | --- |", ...lines, END].join("\n");
}

/** The page with its generated part replaced. */
export function withRulesTable(page: string): string {
    const i = page.indexOf(BEGIN);
    const j = page.indexOf(END);
    if (i < 0 || j < i) throw new Error(`docs/validation-rules.md has no ${BEGIN} ... ${END} section`);
    return page.slice(0, i) + rulesTable() + page.slice(j + END.length);
}
