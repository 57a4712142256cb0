// The rules of the Logic Apps workflow definition language that can be checked offline: schema
// version, trigger and action shapes, runAfter graph, and expressions that name real fields.

const SCHEMA = "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#";
const ACTION_TYPES = new Set([
    "Http",
    "Compose",
    "Response",
    "If",
    "Scope",
    "Foreach",
    "Until",
    "Terminate",
    "InitializeVariable",
    "SetVariable",
    "ParseJson",
    "Switch",
]);
const STATUSES = new Set(["Succeeded", "Failed", "Skipped", "TimedOut"]);

type Def = Record<string, any>;

function schemaHas(schema: any, path: string[]): boolean {
    let s = schema;
    for (const p of path) {
        if (!s || s.type !== "object" || !s.properties || !(p in s.properties)) return false;
        s = s.properties[p];
    }
    return true;
}

function walkActions(actions: Record<string, any>, all: Map<string, any>, problems: string[], where: string) {
    for (const [name, a] of Object.entries(actions ?? {})) {
        if (all.has(name)) problems.push(`${where}${name}: action names must be unique in a workflow`);
        all.set(name, a);
        if (!ACTION_TYPES.has(a.type)) problems.push(`${where}${name}: unknown action type ${a.type}`);
        for (const [dep, statuses] of Object.entries(a.runAfter ?? {})) {
            if (!(dep in actions)) problems.push(`${where}${name}: runAfter names ${dep}, which is not a sibling action`);
            if (!Array.isArray(statuses) || !(statuses as string[]).every((s) => STATUSES.has(s)))
                problems.push(`${where}${name}: runAfter statuses must be among ${[...STATUSES]}`);
        }
        if (a.type === "Http" && (!a.inputs?.method || !a.inputs?.uri))
            problems.push(`${where}${name}: Http needs inputs.method and inputs.uri`);
        if (a.type === "Response" && typeof a.inputs?.statusCode !== "number")
            problems.push(`${where}${name}: Response needs a numeric statusCode`);
        if (a.type === "If") {
            if (!a.expression) problems.push(`${where}${name}: If needs an expression`);
            walkActions(a.actions, all, problems, `${where}${name}/`);
            walkActions(a.else?.actions ?? {}, all, problems, `${where}${name}/else/`);
        }
    }
}

export function validateWorkflowDefinition(def: Def): string[] {
    const problems: string[] = [];
    if (def.$schema !== SCHEMA) problems.push(`$schema must be ${SCHEMA}`);
    if (!def.contentVersion) problems.push("contentVersion is required");
    const triggers = Object.entries(def.triggers ?? {});
    if (triggers.length !== 1) problems.push("a workflow has exactly one trigger here");
    const [, trigger] = (triggers[0] ?? []) as [string, any];
    if (trigger && (trigger.type !== "Request" || trigger.kind !== "Http")) problems.push("the trigger must be type Request, kind Http");
    if (trigger && trigger.inputs?.schema?.type !== "object") problems.push("the trigger needs a JSON schema of type object");
    const all = new Map<string, any>();
    walkActions(def.actions, all, problems, "");
    const text = JSON.stringify(def);
    for (const m of text.matchAll(/triggerBody\(\)((?:\?\[\\?'[^'\\]+\\?'\])+)/g)) {
        const path = [...m[1].matchAll(/\[\\?'([^'\\]+)\\?'\]/g)].map((x) => x[1]);
        if (!schemaHas(trigger?.inputs?.schema, path))
            problems.push(`expression reads triggerBody().${path.join(".")}, which the trigger schema does not have`);
    }
    for (const m of text.matchAll(/\b(?:body|outputs|actions)\(\\?'([^'\\]+)\\?'\)/g))
        if (!all.has(m[1])) problems.push(`expression names action ${m[1]}, which does not exist`);
    const open = (text.match(/@\{/g) ?? []).length;
    const close = (text.match(/\}/g) ?? []).length;
    if (open > close) problems.push("an @{ ... } interpolation is not closed");
    return problems;
}
