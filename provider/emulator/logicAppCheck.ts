// The emulator's stand-in for the connection check Entra runs when an extension that calls a Logic
// App is saved: the workflow exists where the extension says, its trigger is an HTTP request trigger
// that only lets PoP-authorized calls through, its AADPOP policy admits exactly the service of
// that extension family for this tenant and this workflow in the cloud the emulator serves (that
// cloud's token issuer and ARM host), and a callback to Graph calls that cloud's Graph. Graph does not
// document the codes of its refusals; the four below are ours, and each message says what to change.
// The callback check is the emulator's own: Entra does not read the actions, and a Logic App that
// calls another cloud's Graph is saved there, then never resumes the task; here it is refused at once.
//
// It applies only to subscriptions the ARM surface holds (a resource group was created in them), so
// tests and stacks that point extensions at Logic Apps the emulator never saw keep working.

import { CLOUDS, CloudName, tokenIssuer } from "../graph/settings";
import { KINDS } from "../logicApp/kinds";
import { logicAppResourcePath } from "../azure/resourcePath";
import { POP_CONDITION } from "../logicApp/workflowDefinition";
import { ArmSurface } from "./arm";
import { CollectionName, GraphFailure, Json, LOGIC_APP_ENDPOINT } from "./collections";

/** Which service calls the Logic Apps of each family (the PoP token's appid). */
const CALLER: Partial<Record<CollectionName, { appId: string; service: string }>> = {
    customTaskExtensions: { appId: KINDS.customTaskExtension.callingAppId, service: "Lifecycle Workflows" },
    customWorkflowExtensions: { appId: KINDS.accessPackageAssignmentRequest.callingAppId, service: "entitlement management" },
};

const SERVICE_OF_APP: Record<string, string> = Object.fromEntries(Object.values(CALLER).map((c) => [c!.appId, c!.service]));

const squash = (s: string) => s.replace(/\s+/g, "");

/** Every action of a definition, branches of conditions and scopes included, with its name. */
function* actionsOf(actions: Json | undefined): Generator<[string, Json]> {
    for (const [name, a] of Object.entries((actions ?? {}) as Record<string, Json>)) {
        if (!a || typeof a !== "object") continue;
        yield [name, a];
        yield* actionsOf(a.actions);
        yield* actionsOf(a.else?.actions);
        for (const c of Object.values((a.cases ?? {}) as Record<string, Json>)) yield* actionsOf(c?.actions);
        yield* actionsOf(a.default?.actions);
    }
}

/**
 * What is wrong with the HTTP actions that call a cloud's Graph: each must call the Graph of `cloud`,
 * with a managed-identity token for it. Actions that call no cloud's Graph are the user's business.
 */
function callbackProblems(definition: Json | undefined, cloud: CloudName): string[] {
    const want = CLOUDS[cloud].graph;
    const others = Object.values(CLOUDS)
        .map((c) => c.graph as string)
        .filter((g) => g !== want);
    const graphOf = (url: unknown) =>
        typeof url === "string" ? [want, ...others].find((g) => url.toLowerCase().startsWith(g)) : undefined;
    const out: string[] = [];
    for (const [name, a] of actionsOf(definition?.actions)) {
        if (a.type !== "Http") continue;
        const uri = graphOf(a.inputs?.uri);
        const auth = a.inputs?.authentication;
        const audience = auth?.type === "ManagedServiceIdentity" ? graphOf(auth.audience) : undefined;
        if (uri && uri !== want) out.push(`action '${name}' calls ${uri} but this tenant's Graph is ${want}`);
        if (audience && audience !== want) out.push(`action '${name}' asks a token for ${audience} but this tenant's Graph is ${want}`);
    }
    return out;
}

export function checkLogicAppWiring(arm: ArmSurface, tenantId: string, collection: CollectionName, body: Json): void {
    const caller = CALLER[collection];
    const e = body.endpointConfiguration;
    if (!caller || !e || e["@odata.type"] !== LOGIC_APP_ENDPOINT) return;
    const { subscriptionId, resourceGroupName, logicAppWorkflowName } = e;
    if (typeof subscriptionId !== "string" || !arm.holdsSubscription(subscriptionId)) return;
    const path = logicAppResourcePath({ subscriptionId, resourceGroupName, logicAppWorkflowName });
    const refuse = (code: string, what: string): never => {
        throw new GraphFailure(400, code, `The Logic App ${path} cannot be called by ${caller.service}: ${what}.`);
    };

    if (!arm.group(subscriptionId, resourceGroupName))
        refuse("LogicAppNotFound", `subscription ${subscriptionId} has no resource group '${resourceGroupName}'`);
    const workflow =
        arm.workflow(subscriptionId, resourceGroupName, logicAppWorkflowName) ??
        refuse("LogicAppNotFound", `resource group '${resourceGroupName}' has no workflow '${logicAppWorkflowName}'`);

    // The trigger: an HTTP request trigger that passes the Authorization header to its condition.
    const triggers = Object.entries((workflow.properties.definition?.triggers ?? {}) as Record<string, Json>);
    const requests = triggers.filter(([, t]) => t.type === "Request" && (t.kind ?? "Http") === "Http");
    if (!requests.length) {
        const found = triggers.map(([n, t]) => `'${n}' (${t.type})`).join(", ") || "none";
        refuse("LogicAppTriggerInvalid", `it needs an HTTP request trigger (type Request, kind Http); its triggers: ${found}`);
    }
    const [triggerName, trigger] = requests.find(([n]) => n === "manual") ?? requests[0];
    const conditions: string[] = (trigger.conditions ?? []).map((c: Json) => squash(String(c?.expression ?? "")));
    if (!conditions.includes(squash(POP_CONDITION)))
        refuse(
            "LogicAppTriggerInvalid",
            `trigger '${triggerName}' lacks the condition ${POP_CONDITION}, without which calls without a PoP token get through`,
        );
    if (
        !String(trigger.operationOptions ?? "")
            .split(",")
            .map((o) => o.trim())
            .includes("IncludeAuthorizationHeadersInOutputs")
    )
        refuse(
            "LogicAppTriggerInvalid",
            `trigger '${triggerName}' lacks operationOptions IncludeAuthorizationHeadersInOutputs, ` +
                "so its PoP condition never sees the Authorization header",
        );

    // The callback: it resumes the task or request through this cloud's Graph, or never resumes it.
    const callback = callbackProblems(workflow.properties.definition, arm.cloud);
    if (callback.length) refuse("LogicAppCallbackInvalid", callback.join("; "));

    // The AADPOP policy: the one whose claims differ least from what the calling service presents.
    const declared = workflow.properties.accessControl?.triggers?.openAuthenticationPolicies?.policies ?? {};
    const policies = Object.entries(declared as Record<string, Json>);
    const pop = policies.filter(([, p]) => p.type === "AADPOP");
    if (!pop.length) {
        const found = policies.map(([n, p]) => `'${n}' (${p.type})`).join(", ") || "none";
        refuse("LogicAppAuthorizationInvalid", `its trigger access control needs an AADPOP authorization policy; its policies: ${found}`);
    }
    const expected: Record<string, string> = { iss: tokenIssuer(arm.cloud, tenantId), appid: caller.appId, m: "POST", p: path };
    const host = CLOUDS[arm.cloud].arm;
    const mismatches = (p: Json) => {
        const claims = new Map<string, string>((p.claims ?? []).map((c: Json) => [c.name, c.value]));
        const out: string[] = [];
        for (const [claim, want] of Object.entries(expected)) {
            const got = claims.get(claim);
            const same = claim === "p" ? got?.toLowerCase() === want.toLowerCase() : got === want;
            if (same) continue;
            if (got === undefined) out.push(`claim '${claim}' is missing (expected '${want}')`);
            else if (claim === "appid") {
                const whose = SERVICE_OF_APP[got] ? ` (${SERVICE_OF_APP[got]})` : "";
                out.push(`claim 'appid' is '${got}'${whose} but ${caller.service} calls as '${want}'`);
            } else if (claim === "iss") out.push(`claim 'iss' is '${got}' but this tenant's issuer is '${want}'`);
            else if (claim === "p") out.push(`claim 'p' is '${got}' but this workflow's resource path is '${want}'`);
            else out.push(`claim '${claim}' is '${got}' (expected '${want}')`);
        }
        // The admin center also sets u; when present it must name the host the service calls: this cloud's ARM.
        const u = claims.get("u");
        if (u !== undefined && u !== host) out.push(`claim 'u' is '${u}' (expected '${host}')`);
        return out;
    };
    const ranked = pop.map(([n, p]) => ({ n, wrong: mismatches(p) })).sort((a, b) => a.wrong.length - b.wrong.length);
    const best = ranked[0];
    if (best.wrong.length) refuse("LogicAppAuthorizationInvalid", `in its AADPOP policy '${best.n}', ${best.wrong.join("; ")}`);
}
