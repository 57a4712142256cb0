// Starting points for the property tests of check (test/properties/): inputs a program writes, per family.
// They need not be valid: the tests mutate them. Every family of the registry gets the values its fields
// take in these seeds and in Microsoft's published examples read back (fromGraph), so a family or field with
// no seed of its own is still generated from the registry (test/support/arbitraries.ts).
import { DEFAULT_CATALOG_ID } from "../../provider/emulator";
import { families, FamilyName } from "../../provider/families";
import { fromGraph } from "../../provider/families/canonical";
import { runCustomTaskExtension } from "../../provider/resources/tasks";
import { corpus, inner } from "./graphDocsCorpus";
import { fixtures } from "./fixtures";
import { APP, SUB } from "./setup";

const EXTENSION = "a1b2c3d4-0000-4000-8000-000000000001";

/** Inputs as programs write them, beyond the fixtures of the extensions. */
const written: Partial<Record<FamilyName, Record<string, unknown>[]>> = {
    accessPackageWorkflowExtension: [
        {
            catalogId: DEFAULT_CATALOG_ID,
            extensionType: "assignment",
            displayName: "Expiry: notify owner",
            endpointConfiguration: { subscriptionId: SUB, resourceGroupName: "rg", logicAppWorkflowName: "la-expiry" },
        },
    ],
    authenticationEventListener: [
        {
            eventType: "onTokenIssuanceStart",
            displayName: "Claims for the portal",
            conditions: { applications: { includeApplications: [APP, { appId: APP }] } },
            handler: {
                customExtensionId: EXTENSION,
                configuration: { behaviorOnError: "fallbackToMicrosoftProvider", clientConfiguration: { timeoutInMilliseconds: 1000 } },
            },
        },
        { eventType: "onPasswordSubmit", handler: { customExtension: { id: EXTENSION }, migrationPropertyId: "extension_x_migrate" } },
    ],
    lifecycleWorkflow: [
        {
            category: "joiner",
            displayName: "Onboard with badge",
            description: "Runs the badge extension",
            isEnabled: true,
            isSchedulingEnabled: false,
            executionConditions: {
                "@odata.type": "#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions",
                scope: { "@odata.type": "#microsoft.graph.identityGovernance.ruleBasedSubjectSet", rule: "(department eq 'Sales')" },
                trigger: {
                    "@odata.type": "#microsoft.graph.identityGovernance.timeBasedAttributeTrigger",
                    timeBasedAttribute: "employeeHireDate",
                    offsetInDays: 0,
                },
            },
            tasks: [
                runCustomTaskExtension(EXTENSION),
                { taskDefinitionId: "70b29d51-b59a-4773-9280-8841dfd3f2ea", displayName: "Send Welcome Email", continueOnError: true },
            ],
            keepRestorableOnDelete: false,
        },
        {
            category: "leaver",
            displayName: "On demand",
            executionConditions: { "@odata.type": "#microsoft.graph.identityGovernance.onDemandExecutionOnly" },
            tasks: [runCustomTaskExtension(EXTENSION)],
        },
    ],
    accessPackageCustomExtensionStages: [
        {
            policyId: "c0ffee00-0000-4000-8000-000000000001",
            customExtensionStageSettings: [
                { stage: "assignmentRequestCreated", customExtensionId: EXTENSION },
                { stage: "assignmentOneDayBeforeExpiration", customExtension: { id: EXTENSION } },
            ],
        },
    ],
    accessPackageCatalogRoleAssignment: [
        {
            principalId: "5e7e7e7e-0000-4000-8000-000000000001",
            roleDefinitionId: "accessPackageAssignmentManager",
            catalogId: DEFAULT_CATALOG_ID,
        },
        {
            principalId: "5E7E7E7E-0000-4000-8000-000000000002",
            roleDefinitionId: "ae79f266-94d4-4dab-b730-feca7e132178",
            catalogId: "c0ffee00-0000-4000-8000-0000000000a1",
        },
    ],
};

/** Microsoft's published examples, read back as the provider reads Graph: canonical values, which check accepts again. */
const readBack = (name: FamilyName) =>
    corpus.filter((e) => e.family === name).map((e) => fromGraph(families[name], inner(e.printed), { catalogId: DEFAULT_CATALOG_ID }));

/** Every seed of a family: its fixture, what programs write, and Microsoft's examples read back. */
export function seedsOf(name: FamilyName): Record<string, unknown>[] {
    return [...fixtures.filter((x) => x.family === name).map((x) => x.inputs), ...(written[name] ?? []), ...readBack(name)];
}

/** The values a field of this name takes anywhere among the seeds of every family. */
export function seenValues(fieldName: string): unknown[] {
    return (Object.keys(families) as FamilyName[]).flatMap((n) =>
        seedsOf(n).flatMap((s) => (s[fieldName] === undefined ? [] : [s[fieldName]])),
    );
}
