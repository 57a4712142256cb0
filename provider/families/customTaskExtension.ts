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
import { list, object, str } from "./shape";

const CALLBACK_TYPE = "#microsoft.graph.identityGovernance.customTaskExtensionCallbackConfiguration";

const TIMEOUT = str("How long Lifecycle Workflows waits for the Logic App to resume the task.", {
    duration: { min: "PT5M", max: "PT3H", source: "D: customTaskExtensionCallbackConfiguration, timeoutDuration" },
});

/** `customTaskExtensionCallbackConfiguration` (Graph v1.0). */
export const TASK_CALLBACK_CONFIGURATION = object("TaskCallbackConfiguration", "Lifecycle Workflows launch and wait.", {
    timeoutDuration: { shape: TIMEOUT, required: true },
    authorizedApps: list(
        "Application ids allowed to resume the task.",
        str("An application id.", { guid: { source: "M: authorizedApps navigates to application, keyed by its id" } }),
    ),
});

/** Launch and wait: how long Lifecycle Workflows waits, and which apps may resume the task. */
const callbackConfiguration: Field = {
    name: "callbackConfiguration",
    description: "Launch and wait; absent means fire and forget.",
    shape: TASK_CALLBACK_CONFIGURATION,
    graphKey: "callbackConfiguration",
    fromInput: (v, fail) => {
        const o = objectWithKeys(v, ["timeoutDuration", "authorizedApps"], fail);
        if (!o) return undefined;
        const timeoutDuration = duration(o.timeoutDuration, TIMEOUT, fail, "timeoutDuration");
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
    summary:
        'A Lifecycle Workflows custom task extension: the Logic App a workflow\'s "Run a custom task extension" task calls, ' +
        "fire and forget or launch and wait.",
    resourceType: "CustomTaskExtension",
    shortName: "task",
    collection: { name: "customTaskExtensions", declaredBy: "microsoft.graph.identityGovernance.lifecycleWorkflowsContainer" },
    fields: [
        displayName,
        description,
        logicAppEndpoint("The Logic App the task calls."),
        authentication({ allowPop: true }),
        clientConfiguration,
        callbackConfiguration,
    ],
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
