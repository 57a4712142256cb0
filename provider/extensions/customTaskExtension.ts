// Lifecycle Workflows custom task extension (microsoft.graph.identityGovernance.customTaskExtension).

import type { IdentityGovernanceNamespace } from "@microsoft/microsoft-graph-types";
import { Family, Field } from "./family";
import {
    authentication,
    clientConfiguration,
    description,
    displayName,
    duration,
    graphDuration,
    logicAppEndpoint,
    objectWithKeys,
} from "./fields";
import { GUID, compact, shown } from "./values";

const CALLBACK_TYPE = "#microsoft.graph.identityGovernance.customTaskExtensionCallbackConfiguration";

/** Launch and wait: how long Lifecycle Workflows waits, and which apps may resume the task. */
const callbackConfiguration: Field = {
    name: "callbackConfiguration",
    graphKey: "callbackConfiguration",
    fromInput: (v, fail) => {
        const o = objectWithKeys(v, ["timeoutDuration", "authorizedApps"], fail);
        if (!o) return undefined;
        const timeoutDuration = duration(o.timeoutDuration, ["PT5M", "PT3H"], fail, "timeoutDuration");
        let authorizedApps: string[] | undefined;
        if (o.authorizedApps !== undefined) {
            if (!Array.isArray(o.authorizedApps)) fail("must be a list of application ids", "authorizedApps");
            else {
                authorizedApps = o.authorizedApps.map((a) => (typeof a === "object" && a ? (a as { id?: string }).id : a) as string);
                authorizedApps.forEach((a, i) => {
                    if (typeof a !== "string" || !GUID.test(a))
                        fail(`must be an application id (a GUID), got ${shown(a)}`, `authorizedApps[${i}]`);
                });
                authorizedApps = [...new Set(authorizedApps)].sort();
            }
        }
        return compact({ timeoutDuration, authorizedApps });
    },
    fromGraph: (body, previous) => {
        const c = body.callbackConfiguration as IdentityGovernanceNamespace.CustomTaskExtensionCallbackConfiguration | null | undefined;
        if (!c) return undefined;
        // authorizedApps is a navigation property: when Graph leaves it out of an answer it was not
        // reported, not emptied, so the value held before stands.
        const apps = c.authorizedApps
            ? [...new Set(c.authorizedApps.map((a) => (typeof a === "string" ? a : a.id)).filter((a): a is string => !!a))].sort()
            : (previous as { authorizedApps?: string[] } | undefined)?.authorizedApps;
        return compact({ timeoutDuration: graphDuration(c.timeoutDuration), authorizedApps: apps?.length ? apps : undefined });
    },
    toGraph: (v) => {
        if (!v) return null;
        const c = v as { timeoutDuration: string; authorizedApps?: string[] };
        return compact({
            "@odata.type": CALLBACK_TYPE,
            timeoutDuration: c.timeoutDuration,
            authorizedApps: c.authorizedApps?.map((id) => ({ id })),
        });
    },
};

export const customTaskExtension: Family = {
    name: "customTaskExtension",
    title: "custom task extension",
    resourceType: "CustomTaskExtension",
    shortName: "task",
    collection: { name: "customTaskExtensions", declaredBy: "microsoft.graph.identityGovernance.lifecycleWorkflowsContainer" },
    fields: [displayName, description, logicAppEndpoint, authentication({ allowPop: true }), clientConfiguration, callbackConfiguration],
    collectionPath: () => "/identityGovernance/lifecycleWorkflows/customTaskExtensions",
    odataType: () => "#microsoft.graph.identityGovernance.customTaskExtension",
    typeOnUpdate: false,
    updateVerb: "PATCH",
    // The create page documents displayName as unique (the emulator answers a second one 409 NameAlreadyExists).
    uniqueNames: true,
    inUseHint:
        'it is still referenced by a Lifecycle Workflows task ("Run a custom task extension"); ' +
        "remove that task from its workflow, or delete the workflow, then run the operation again",
};
