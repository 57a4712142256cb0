// The stages of an access package assignment policy that run access package workflow extensions
// (`accessPackageAssignmentPolicy.customExtensionStageSettings`). The policy itself is made elsewhere
// (the portal, azuread's AccessPackageAssignmentPolicy); this resource owns that one property of it. Graph
// has no call that changes the stages alone: a policy is updated by a PUT of the whole object, so create,
// update and delete read the policy (stages expanded), set the stages and PUT everything else back as read.

import type * as MSGraph from "@microsoft/microsoft-graph-types";
import { ACCESS_PACKAGE_TYPES, accessPackageWorkflowExtension, catalogsPath } from "./accessPackageWorkflowExtension";
import { Canonical, Family, Field, GraphBody, NamedObject, ReferenceSite, ReferenceVerdict } from "./family";
import { EXTENSION_REFERENCE, graphString, isPlainObject, nonEmptyString, objectWithKeys, stringField } from "./fields";
import type { GraphClient } from "../graph/client";
import { CheckFailure, containsUnknown, joinPath, own, shown, typeKeyOf } from "./values";
import { choice, Enumeration, list, object, str } from "./shape";

/** `accessPackageCustomExtensionStage` (Graph's metadata), and the extension type each runs (Graph's docs). */
export const STAGES: Record<string, keyof typeof ACCESS_PACKAGE_TYPES> = {
    assignmentRequestCreated: "assignmentRequest",
    assignmentRequestApproved: "assignmentRequest",
    assignmentRequestGranted: "assignmentRequest",
    assignmentRequestRemoved: "assignmentRequest",
    assignmentFourteenDaysBeforeExpiration: "assignment",
    assignmentOneDayBeforeExpiration: "assignment",
};
export const CUSTOM_EXTENSION_STAGE: Enumeration = {
    name: "CustomExtensionStage",
    description: "A stage of an access package assignment policy.",
    values: Object.keys(STAGES),
    source: "M: accessPackageCustomExtensionStage",
};

/** `customExtensionStageSetting` as a program writes it. */
export const STAGE_SETTING = object("CustomExtensionStageSetting", "A stage and the extension it runs.", {
    stage: { shape: choice(CUSTOM_EXTENSION_STAGE), description: "The stage.", required: true },
    customExtensionId: { shape: str("The access package workflow extension it runs."), always: true },
    customExtension: { shape: EXTENSION_REFERENCE, description: "Graph's spelling of customExtensionId.", inputOnly: true },
});

const SETTINGS = list("The stages and the extensions they run.", STAGE_SETTING, {
    count: 5,
    source: 'D: accessPackageAssignmentPolicy, customExtensionStageSettings "a maximum of 5"',
});
/** Graph's documented limit of custom extension stages per policy. */
export const MAX_STAGES = SETTINGS.maxItems!.count;

export interface StageSetting {
    stage: string;
    customExtensionId: string;
}

/** Sorted by stage, then extension: Graph answers them in no documented order, so they compare as a set. */
const sortedSettings = (list: StageSetting[]) =>
    [...list].sort((a, b) => a.stage.localeCompare(b.stage) || a.customExtensionId.localeCompare(b.customExtensionId));

/**
 * `customExtensionStageSettings`: `[{stage, customExtensionId}]`, or Graph's `[{stage, customExtension: {id}}]`.
 * Sent with the extension's `@odata.type`, which the stage implies.
 */
const customExtensionStageSettings: Field = {
    name: "customExtensionStageSettings",
    description:
        "Request stages run assignmentRequest extensions, the two before-expiration stages assignment extensions, " +
        "of the policy's catalog.",
    shape: SETTINGS,
    graphKey: "customExtensionStageSettings",
    required: true,
    namesReplaceable: true,
    fromInput: (v, fail) => {
        if (!Array.isArray(v)) return fail("must be a list of {stage, customExtensionId}");
        const out: StageSetting[] = [];
        v.forEach((s, i) => {
            const at = (sub: string) => joinPath(`[${i}]`, sub);
            const o = objectWithKeys(s, ["stage", "customExtensionId", "customExtension", "id"], (r, sub) =>
                fail(r, sub ? at(sub) : `[${i}]`),
            );
            if (!o) return;
            const stage = own(STAGES, o.stage) ? (o.stage as string) : undefined;
            if (!stage) fail(`must be one of ${Object.keys(STAGES).join(", ")}`, at("stage"));
            const ref = o.customExtensionId ?? (isPlainObject(o.customExtension) ? o.customExtension.id : undefined);
            const customExtensionId = nonEmptyString(ref, fail, at("customExtensionId"));
            if (stage && customExtensionId) out.push({ stage, customExtensionId });
        });
        return out.length === v.length ? sortedSettings(out) : undefined;
    },
    fromGraph: (body) => {
        const list = (body.customExtensionStageSettings ?? []) as MSGraph.CustomExtensionStageSetting[];
        return sortedSettings(
            list
                .map((s) => ({ stage: String(s.stage), customExtensionId: graphString(s.customExtension?.id) ?? "" }))
                .filter((s) => s.customExtensionId !== ""),
        );
    },
    toGraph: (v) =>
        ((v as StageSetting[] | undefined) ?? []).map((s) => ({
            stage: s.stage,
            customExtension: { "@odata.type": ACCESS_PACKAGE_TYPES[STAGES[s.stage]], id: s.customExtensionId },
        })),
};

function crossRules(c: Canonical): CheckFailure[] {
    const list = c.customExtensionStageSettings;
    if (Array.isArray(list) && list.length > MAX_STAGES)
        return [
            {
                property: "customExtensionStageSettings",
                reason: `a policy runs at most ${MAX_STAGES} custom extension stages (got ${list.length})`,
            },
        ];
    return [];
}

const POLICIES = "/identityGovernance/entitlementManagement/assignmentPolicies";

/** What Graph sets itself on a policy, or answers only when expanded: never sent back in the PUT. */
const READ_ONLY = ["id", "createdDateTime", "modifiedDateTime", "catalog", "accessPackage"];

/**
 * Each stage must run an access package workflow extension of the type the stage calls (request stages:
 * assignmentRequest; the two before-expiration stages: assignment), from the policy's own catalog.
 */
function sites(c: Canonical): ReferenceSite[] {
    const list = c.customExtensionStageSettings as StageSetting[] | undefined;
    return (Array.isArray(list) ? list : []).map((s, i) => ({
        property: `customExtensionStageSettings[${i}]`,
        id: s.customExtensionId,
        rule: (named: NamedObject) => {
            if (named.family !== accessPackageWorkflowExtension.name)
                return `stage ${s.stage} runs an access package workflow extension; ${named.label} is a ${named.title}`;
            const type = named.fields.extensionType;
            const wants = own(STAGES, s.stage);
            return type === undefined || !wants || type === wants
                ? undefined
                : `stage ${s.stage} runs extensions of extensionType ${wants}; ${named.label} is of extensionType ${String(type)}`;
        },
    }));
}

async function checkExtensions(graph: GraphClient, c: Canonical): Promise<ReferenceVerdict> {
    const verdict: ReferenceVerdict = { failures: [], warnings: [] };
    const list = c.customExtensionStageSettings as StageSetting[] | undefined;
    if (typeof c.policyId !== "string" || containsUnknown(c.policyId) || !Array.isArray(list) || containsUnknown(list)) return verdict;
    const policy = await graph.getIfPresent(`${POLICIES}/${encodeURIComponent(c.policyId)}`, `looking up policy ${shown(c.policyId)}`, {
        $expand: "catalog",
    });
    if (!policy) {
        verdict.failures.push({ property: "policyId", reason: `there is no access package assignment policy ${shown(c.policyId)}` });
        return verdict;
    }
    const catalogId = graphString(policy.catalog?.id);
    if (!catalogId) {
        verdict.warnings.push(
            `policyId: Graph did not say which catalog policy ${shown(c.policyId)} is in; the extensions' types are not checked`,
        );
        return verdict;
    }
    const extensions = await graph.list(
        `${catalogsPath(graph.settings.version)}/${encodeURIComponent(catalogId)}/customWorkflowExtensions`,
        `listing the extensions of catalog ${catalogId}`,
    );
    const byId = new Map(extensions.value.map((e) => [String(e.id), e]));
    sites(c).forEach((site, i) => {
        const e = byId.get(String(site.id));
        if (!e) {
            verdict.failures.push({
                property: `customExtensionStageSettings[${i}].customExtensionId`,
                reason: `there is no access package workflow extension ${shown(site.id)} in the policy's catalog ${catalogId}`,
            });
            return;
        }
        const { name: family, title } = accessPackageWorkflowExtension;
        const extensionType = typeKeyOf(ACCESS_PACKAGE_TYPES, e["@odata.type"]) ?? shown(e["@odata.type"]);
        const reason = site.rule({ family, title, label: `${shown(site.id)} (${shown(e.displayName)})`, fields: { extensionType } });
        if (reason) verdict.failures.push({ property: site.property, reason });
    });
    return verdict;
}

export const accessPackageCustomExtensionStages: Family = {
    name: "accessPackageCustomExtensionStages",
    title: "access package policy's custom extension stages",
    summary:
        "The custom extension stages of an access package assignment policy made elsewhere: this resource " +
        "owns that one property of the policy (read, set, PUT back whole); delete sets it to [].",
    plural: "access package policies' custom extension stages",
    resourceType: "AccessPackageCustomExtensionStages",
    shortName: "stages",
    collection: { name: "assignmentPolicies", declaredBy: "microsoft.graph.entitlementManagement" },
    fields: [
        stringField("policyId", "The access package assignment policy, made elsewhere; also this resource's id. A change replaces it.", {
            required: true,
            replaceOnChange: true,
            inGraph: false,
        }),
        customExtensionStageSettings,
    ],
    crossRules,
    references: { of: (c) => [c.policyId, c.customExtensionStageSettings], check: checkExtensions, sites },
    collectionPath: () => POLICIES,
    odataType: () => "#microsoft.graph.accessPackageAssignmentPolicy",
    typeOnUpdate: false,
    updateVerb: "PUT",
    // The stages are read back only when expanded; the access package, because a PUT must name it again; the
    // questions (a contained navigation), so that the PUT does not drop them.
    readQuery: { $expand: "accessPackage,questions,customExtensionStageSettings($expand=customExtension)" },
    serverOutputs: [],
    partOf: {
        idField: "policyId",
        emptied: { customExtensionStageSettings: [] },
        putBody: (read: GraphBody) => {
            const body: GraphBody = {};
            for (const [k, v] of Object.entries(read)) if (!k.includes("@") && !READ_ONLY.includes(k)) body[k] = v;
            if (read.accessPackage?.id) body.accessPackage = { id: read.accessPackage.id };
            return body;
        },
    },
    leftoverLookup: "none",
    inlineNavigations: ["microsoft.graph.accessPackageAssignmentPolicy/customExtensionStageSettings"],
};
