// Microsoft's published Graph v1.0 examples (test/fixtures/graph-docs/): one body per file, as printed, by
// family (the directory), and a tenant that holds them together (test/engine/corpus.engine.test.ts).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { GraphEmulator } from "../../provider/emulator";
import { families, FamilyName } from "../../provider/families";

const DIR = path.join(__dirname, "../fixtures/graph-docs");
/** The catalog of the docs' access package create request. */
export const CATALOG = "32efb28c-9a7a-446c-986b-ca6528c6669d";

export interface Example {
    family: FamilyName;
    file: string;
    printed: any;
}

/**
 * The families the corpus holds: the three extensions. The catalog role assignment's example (with its request) is
 * judged by test/catalogRoleAssignment.test.ts: the emulator keeps role assignments apart from its collections.
 */
const CORPUS_FAMILIES: FamilyName[] = ["customTaskExtension", "accessPackageWorkflowExtension", "customAuthenticationExtension"];

export const corpus: Example[] = fs
    .readdirSync(DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && CORPUS_FAMILIES.includes(d.name as FamilyName))
    .flatMap((d) =>
        fs
            .readdirSync(path.join(DIR, d.name))
            .filter((f) => f.endsWith(".json"))
            .sort()
            .map((f) => ({
                family: d.name as FamilyName,
                file: `${d.name}/${f}`,
                printed: JSON.parse(fs.readFileSync(path.join(DIR, d.name, f), "utf8")),
            })),
    );

/** The object inside an example (some are wrapped in `value`). */
export const inner = (printed: any) =>
    printed.value && typeof printed.value === "object" && !Array.isArray(printed.value) ? printed.value : printed;

/**
 * Holds the corpus in `emu` as one tenant. A get and a create example of the same object (same id and name)
 * are one object: the get is held, as reads see it. An example whose id another one already took under another
 * name (the docs reuse `6fc5012e-...` for onTokenIssuanceStart and onPasswordSubmit) gets an id of its own: a
 * tenant cannot hold two objects under one id. Two objects of one name (the two task extension examples) are
 * both held, as a tenant can hold them. Returns the examples held, with the id each got.
 */
export function holdCorpus(emu: GraphEmulator): (Example & { id: string })[] {
    emu.addCatalog(CATALOG, "Marketing");
    const seen = new Map<string, string>(); // id -> family/displayName
    const held: (Example & { id: string })[] = [];
    const getsFirst = [...corpus].sort((a, b) => Number(!/\/get|-get\./.test(a.file)) - Number(!/\/get|-get\./.test(b.file)));
    for (const example of getsFirst) {
        const { id, displayName } = inner(example.printed);
        const name = `${example.family}/${displayName}`;
        let printed = example.printed;
        if (typeof id === "string" && seen.has(id)) {
            if (seen.get(id) === name) continue;
            const fresh = { ...inner(printed), id: randomUUID() };
            printed = printed.value === inner(printed) ? { ...printed, value: fresh } : fresh;
        }
        const f = families[example.family];
        const heldId = emu.hold(f.collection.name, printed, example.family === "accessPackageWorkflowExtension" ? CATALOG : undefined);
        seen.set(heldId, name);
        held.push({ ...example, printed, id: heldId });
    }
    return held;
}
