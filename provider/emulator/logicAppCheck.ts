// The emulator's stand-in for the connection check Entra runs when an extension that calls a Logic
// App is saved: the workflow exists where the extension says, its trigger is an HTTP request trigger
// that only lets PoP-authorized calls through, and its AADPOP policy admits exactly the service of
// that extension family for this tenant and this workflow. Graph does not document the codes of its
// refusals; the three below are ours, and each message says what to change.
//
// It applies only to subscriptions the ARM surface holds (a resource group was created in them), so
// tests and stacks that point extensions at Logic Apps the emulator never saw keep working.

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

    // The AADPOP policy: the one whose claims differ least from what the calling service presents.
    const declared = workflow.properties.accessControl?.triggers?.openAuthenticationPolicies?.policies ?? {};
    const policies = Object.entries(declared as Record<string, Json>);
    const pop = policies.filter(([, p]) => p.type === "AADPOP");
    if (!pop.length) {
        const found = policies.map(([n, p]) => `'${n}' (${p.type})`).join(", ") || "none";
        refuse("LogicAppAuthorizationInvalid", `its trigger access control needs an AADPOP authorization policy; its policies: ${found}`);
    }
    const expected: Record<string, string> = { iss: `https://sts.windows.net/${tenantId}/`, appid: caller.appId, m: "POST", p: path };
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
        // The admin center also sets u; when present it must name the host the service calls.
        const u = claims.get("u");
        if (u !== undefined && u !== "management.azure.com") out.push(`claim 'u' is '${u}' (expected 'management.azure.com')`);
        return out;
    };
    const ranked = pop.map(([n, p]) => ({ n, wrong: mismatches(p) })).sort((a, b) => a.wrong.length - b.wrong.length);
    const best = ranked[0];
    if (best.wrong.length) refuse("LogicAppAuthorizationInvalid", `in its AADPOP policy '${best.n}', ${best.wrong.join("; ")}`);
}
