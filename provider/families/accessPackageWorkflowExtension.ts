// Entitlement management custom workflow extensions: the assignment-request type (request
// workflow, can launch and wait) and the assignment type (pre-expiration, fire and forget).

import type * as MSGraph from "@microsoft/microsoft-graph-types";
import { CheckFailure } from "./values";
import { Canonical, Family, Field, GraphVersion } from "./family";
import {
    authentication,
    clientConfiguration,
    description,
    displayName,
    duration,
    graphDuration,
    logicAppEndpoint,
    objectWithKeys,
    stringField,
    typeChoiceField,
} from "./fields";
import { containsUnknown } from "./values";
import { Enumeration, object, str } from "./shape";

export const ACCESS_PACKAGE_TYPES = {
    assignmentRequest: "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension",
    assignment: "#microsoft.graph.accessPackageAssignmentWorkflowExtension",
};

export const ACCESS_PACKAGE_EXTENSION_TYPE: Enumeration = {
    name: "AccessPackageExtensionType",
    description: "Access package workflow extension type.",
    values: Object.keys(ACCESS_PACKAGE_TYPES),
    source: "M: the two types derived from customCalloutExtension that a catalog's customWorkflowExtensions hold",
};

const TIMEOUT = str("How long entitlement management waits for the Logic App to resume the request.", {
    duration: { min: "PT5M", max: "P14D", source: "D: accessPackageAssignmentRequestWorkflowExtension create page" },
});

/** The launch-and-wait settings, as the metadata spells them and as the docs' examples do. */
export const ACCESS_PACKAGE_CALLBACK_CONFIGURATION = object(
    "AccessPackageCallbackConfiguration",
    "Entitlement management launch and wait.",
    {
        timeoutDuration: { shape: TIMEOUT, always: true },
        durationBeforeTimeout: { shape: TIMEOUT, description: "Synonym of timeoutDuration used by the docs' examples.", inputOnly: true },
    },
);

/**
 * The metadata's `customExtensionCallbackConfiguration` (the docs' type) is abstract; the one concrete
 * type derived from it in every cloud's Graph v1.0 metadata is the Lifecycle Workflows one, so that is sent.
 */
const CALLBACK_TYPE = "#microsoft.graph.identityGovernance.customTaskExtensionCallbackConfiguration";

/**
 * The docs' examples spell the timeout `durationBeforeTimeout`, the metadata `timeoutDuration`:
 * both are read, one canonical `timeoutDuration` is kept, and `timeoutDuration` (the metadata's) is sent.
 */
const callbackConfiguration: Field = {
    name: "callbackConfiguration",
    description: "Launch and wait, assignmentRequest only.",
    shape: ACCESS_PACKAGE_CALLBACK_CONFIGURATION,
    graphKey: "callbackConfiguration",
    fromInput: (v, fail) => {
        const o = objectWithKeys(v, ["timeoutDuration", "durationBeforeTimeout"], fail);
        if (!o) return undefined;
        if (o.timeoutDuration !== undefined && o.durationBeforeTimeout !== undefined && o.timeoutDuration !== o.durationBeforeTimeout)
            fail("give timeoutDuration or durationBeforeTimeout, not two different values", "durationBeforeTimeout");
        const sub = o.timeoutDuration !== undefined ? "timeoutDuration" : "durationBeforeTimeout";
        const timeoutDuration = duration(o.timeoutDuration ?? o.durationBeforeTimeout, TIMEOUT, fail, sub);
        return timeoutDuration ? { timeoutDuration } : undefined;
    },
    fromGraph: (body) => {
        const c = body.callbackConfiguration as
            (MSGraph.CustomExtensionCallbackConfiguration & { durationBeforeTimeout?: string }) | null | undefined;
        const t = graphDuration(c?.timeoutDuration ?? c?.durationBeforeTimeout);
        return t ? { timeoutDuration: t } : undefined;
    },
    toGraph: (v) => (v ? { "@odata.type": CALLBACK_TYPE, ...(v as object) } : null),
};

/** The access package catalogs, where this family's collections live (beta still names them accessPackageCatalogs). */
export const catalogsPath = (version: GraphVersion) =>
    `/identityGovernance/entitlementManagement/${version === "beta" ? "accessPackageCatalogs" : "catalogs"}`;
const catalog = (c: Canonical, version: GraphVersion) => `${catalogsPath(version)}/${encodeURIComponent(String(c.catalogId))}`;

export const accessPackageWorkflowExtension: Family = {
    name: "accessPackageWorkflowExtension",
    title: "access package workflow extension",
    summary:
        "An entitlement management custom workflow extension of an access package catalog: the Logic App a " +
        "policy stage calls, for a request (assignmentRequest, may launch and wait) or before an assignment " +
        "expires (assignment).",
    resourceType: "AccessPackageWorkflowExtension",
    shortName: "accessPackage",
    collection: { name: "customWorkflowExtensions", declaredBy: "microsoft.graph.accessPackageCatalog" },
    fields: [
        stringField("catalogId", "Id of the catalog that holds the extension; a change replaces it.", {
            required: true,
            replaceOnChange: true,
            inGraph: false,
        }),
        typeChoiceField(
            "extensionType",
            "Request workflow (`assignmentRequest`, default) or pre-expiration (`assignment`); a change replaces it.",
            ACCESS_PACKAGE_EXTENSION_TYPE,
            ACCESS_PACKAGE_TYPES,
            "assignmentRequest",
        ),
        displayName,
        description,
        logicAppEndpoint("The Logic App the extension calls."),
        authentication({ allowPop: true }),
        clientConfiguration,
        callbackConfiguration,
    ],
    crossRules: (c) => {
        const failures: CheckFailure[] = [];
        if (c.callbackConfiguration !== undefined && c.extensionType === "assignment" && !containsUnknown(c.extensionType))
            failures.push({
                property: "callbackConfiguration",
                reason:
                    "is only for extensionType assignmentRequest (launch and wait); " +
                    "pre-expiration (assignment) extensions cannot wait for a callback",
            });
        return failures;
    },
    collectionPath: (c, version) =>
        `${catalog(c, version)}/${version === "beta" ? "accessPackageCustomWorkflowExtensions" : "customWorkflowExtensions"}`,
    odataType: (c) => ACCESS_PACKAGE_TYPES[c.extensionType as keyof typeof ACCESS_PACKAGE_TYPES],
    typeOnUpdate: true,
    updateVerb: "PUT",
    inUseHint:
        "it is still used by an access package assignment policy (customExtensionStageSettings); " +
        "remove it from the policy's custom extension stages, then run the operation again",
};
