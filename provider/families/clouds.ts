// Which extension types each cloud offers, read from Microsoft's Graph v1.0 metadata
// (graphMetadata.json), and the check that refuses at preview what the selected cloud does not offer:
// the body create would send is held against that cloud's metadata, as the emulator holds it.

import type { CloudName } from "../graph/settings";
import { capped, toGraph } from "./canonical";
import { Canonical, Family, titles, typeField } from "./family";
import { CloudMetadata, GRAPH_METADATA, MetadataFile, Problem } from "./graphMetadata";
import { concreteTypes, conformanceProblems, metadataFor, typeName } from "./graphMetadata";
import { families, family } from "./index";
import { CheckFailure, UNKNOWN, own, pathTo, shown, shownName } from "./values";

/**
 * A family's type choices and the `@odata.type` each is sent as: the values of its type field
 * (`extensionType`, `eventType`), or, for a family of one type, that type under the family's name.
 */
export function typeChoices(familyName: string): Record<string, string> {
    const f = family(familyName);
    return typeField(f)?.choices ?? { [f.name]: f.odataType({}) };
}

/** The type choices of a family that the cloud's metadata has as concrete types. */
export function offeredTypes(familyName: string, meta: CloudMetadata): string[] {
    const concrete = (odata: string) => concreteTypes(meta, typeName(odata)).includes(typeName(odata));
    return Object.entries(typeChoices(familyName))
        .filter(([, odata]) => concrete(odata))
        .map(([choice]) => choice);
}

/** Graph keys a user can set on this family (catalogId lives in the URL). */
export const settable = (f: Family): string[] => f.fields.flatMap((x) => (x.graphKey ? [x.graphKey] : []));

/** The value with its unknown parts left out (undefined when nothing known is left). */
function withoutUnknowns(v: unknown): unknown {
    if (v === UNKNOWN) return undefined;
    if (Array.isArray(v)) return v.map(withoutUnknowns).filter((x) => x !== undefined);
    if (v && typeof v === "object") {
        const out = Object.fromEntries(
            Object.entries(v)
                .map(([k, x]) => [k, withoutUnknowns(x)])
                .filter(([, x]) => x !== undefined),
        );
        return Object.keys(out).length || !Object.keys(v).length ? out : undefined;
    }
    return v;
}

/** `callbackConfiguration.@odata.type` -> `callbackConfiguration`; `[0]` stays attached. */
const userPath = (path: string) => path.replace(/\.?@odata\.type$/, "");

function failureOf(f: Family, meta: CloudMetadata, cloud: CloudName, p: Problem): CheckFailure {
    const property = userPath(p.path);
    if (p.kind === "unknownProperty") {
        // At the top, list what the user can set; deeper, everything the nested type has.
        const nested = p.path !== pathTo("", p.name ?? "");
        const has = Object.keys(own(meta.types, p.type)?.properties ?? {}).filter((k) => nested || settable(f).includes(k));
        const lacks = `its Graph metadata has no ${shownName(p.name ?? "")} on ${p.type}`;
        const reason = `is not offered in ${cloud}: ${lacks}, which has ${has.join(", ") || "no properties"}`;
        return { property, reason };
    }
    if (p.kind === "unknownType" || p.kind === "notAssignable" || p.kind === "abstractType") {
        const named = /'([^']*)'/.exec(p.message)?.[1] ?? p.type;
        const sent = /^[\w.]+$/.test(named) ? named : shown(named); // a blank or odd name, quoted
        const offers = concreteTypes(meta, p.type).join(", ") || "no type";
        const abstract = p.kind === "abstractType";
        const what = abstract ? `is abstract in ${cloud}'s Graph metadata` : `is not offered in ${cloud} (not in its Graph metadata)`;
        return { property, reason: `${sent} ${what}; ${cloud} offers ${offers} here` };
    }
    return { property, reason: p.message };
}

/**
 * What the selected cloud does not offer, for a family's canonical input (as `fromInputs` returns it):
 * an extension type the cloud's Graph v1.0 metadata lacks, a property its type lacks there, a nested
 * `@odata.type` it lacks. Each failure names the cloud and what it offers instead. Values unknown at
 * preview are skipped; with `extensionType` unknown, a property fails only when no offered type has it.
 * AzureUSGovernmentDoD is judged by US Government's metadata.
 */
export function cloudFailures(
    familyName: string,
    canonical: Record<string, unknown>,
    cloud: CloudName,
    file: MetadataFile = GRAPH_METADATA,
): CheckFailure[] {
    const f = family(familyName);
    const meta = metadataFor(cloud, file);
    const choices = typeChoices(familyName);
    const typeProperty = typeField(f)?.name ?? "";
    const hasTypeField = typeProperty !== "";
    const offered = offeredTypes(familyName, meta);
    if (!offered.length) {
        const others = Object.keys(families)
            .filter((n) => offeredTypes(n, meta).length)
            .map((n) => family(n).resourceType);
        const none = Object.keys(choices).join(", ");
        const offers = others.join(", ");
        const reason = `${titles(f)} are not offered in ${cloud}: its Graph metadata has none of ${none}; ${cloud} offers ${offers}`;
        return [{ property: typeProperty, reason }];
    }

    // What is known is judged: unknown parts (an id made in the same run) are left out of the body.
    const known: Canonical = {};
    for (const field of f.fields) {
        const v = withoutUnknowns(canonical[field.name]);
        if (v !== undefined) known[field.name] = v;
    }
    const failures: CheckFailure[] = [];
    let candidates = offered;
    const chosen = hasTypeField ? known[typeProperty] : Object.keys(choices)[0];
    if (typeof chosen === "string" && own(choices, chosen)) {
        if (offered.includes(chosen)) candidates = [chosen];
        else {
            const lacks = typeName(choices[chosen]);
            const offers = offered.join(", ");
            const reason = `${chosen} is not offered in ${cloud}: its Graph metadata has no ${lacks}; ${cloud} offers ${offers}`;
            failures.push({ property: typeProperty, reason });
        }
    }
    // The body create would send, once per candidate type; a problem counts when every candidate has it.
    const perCandidate = candidates.map((choice) => {
        let body: Record<string, any>;
        try {
            body = toGraph(f, hasTypeField ? { ...known, [typeProperty]: choice } : known, { withType: true });
        } catch {
            return []; // a value too incomplete to write is judged at `up`, once known
        }
        // Strict: what is sent must be declared, even on an open type (a listener's displayName in US Government).
        return conformanceProblems(meta, body, typeName(body["@odata.type"]), "", { strict: true });
    });
    const key = (p: Problem) => `${p.kind} ${p.path}`;
    const keys = perCandidate.map((ps) => new Set(ps.map(key)));
    const common = perCandidate[0].filter((p) => keys.every((ks) => ks.has(key(p))));
    return capped([...failures, ...common.map((p) => failureOf(f, meta, cloud, p))]);
}
