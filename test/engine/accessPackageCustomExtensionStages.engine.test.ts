// The custom extension stages of an access package assignment policy made elsewhere, and the extensions
// they run, under the real CLI (see attachmentScenario.ts).
import { DEFAULT_CATALOG_ID, GraphEmulator } from "../../provider/emulator";
import { SUB } from "../support/setup";
import { attachmentScenario } from "./attachmentScenario";
import { describeEngine, ref } from "./harness";

const logicApp = (name: string) => ({ subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: name });
const POLICY = "PUT assignmentPolicies/{id} 200";

function policies(emu: GraphEmulator) {
    const accessPackage = emu.create("accessPackages", { displayName: "Sales tools", catalog: { id: DEFAULT_CATALOG_ID } }).id;
    const policy = (displayName: string) =>
        emu.create("assignmentPolicies", {
            displayName,
            allowedTargetScope: "notSpecified",
            specificAllowedTargets: [],
            expiration: { type: "noExpiration" },
            accessPackage: { id: accessPackage },
        }).id;
    return { policy: policy("Sales: direct assignment"), otherPolicy: policy("Sales: contractors") };
}

const stages = (policyId: string, ...settings: [string, string][]) => ({
    policyId,
    customExtensionStageSettings: settings.map(([stage, ext]) => ({ stage, customExtensionId: ref(ext, "id") })),
});

describeEngine("AccessPackageCustomExtensionStages through the Pulumi CLI", (engine) =>
    attachmentScenario(engine, {
        name: "stages-life",
        type: "AccessPackageCustomExtensionStages",
        seed: policies,
        extensions: () => [
            {
                type: "AccessPackageWorkflowExtension",
                name: "licence",
                args: {
                    catalogId: DEFAULT_CATALOG_ID,
                    displayName: "Request: check licence",
                    endpointConfiguration: logicApp("la-licence"),
                },
            },
            {
                type: "AccessPackageWorkflowExtension",
                name: "expiry",
                args: {
                    catalogId: DEFAULT_CATALOG_ID,
                    extensionType: "assignment",
                    displayName: "Expiry: tell the owner",
                    endpointConfiguration: logicApp("la-expiry"),
                },
            },
        ],
        args: (s) => stages(s.policy, ["assignmentRequestCreated", "licence"]),
        createWrites: ["POST customWorkflowExtensions 201", "POST customWorkflowExtensions 201", POLICY],
        drift: {
            // Another tool PUT the policy without its stages: the next `up` puts them back.
            change: (emu, id) => emu.mutate(id, { customExtensionStageSettings: [] }),
            property: "customExtensionStageSettings",
            repairWrites: [POLICY],
        },
        updates: (s) => [
            {
                what: "a stage added",
                args: stages(s.policy, ["assignmentRequestCreated", "licence"], ["assignmentOneDayBeforeExpiration", "expiry"]),
                writes: [POLICY],
            },
        ],
        badInput: (s) => ({
            args: stages(s.policy, ["assignmentRequestCreated", "expiry"]),
            says: "stage assignmentRequestCreated runs extensions of extensionType assignmentRequest",
        }),
        replace: (s) => ({
            what: "another policy",
            args: stages(s.otherPolicy, ["assignmentRequestCreated", "licence"], ["assignmentOneDayBeforeExpiration", "expiry"]),
            writes: [POLICY, POLICY],
        }),
        replaceExtensionWrites: [POLICY, "DELETE customWorkflowExtensions/{id} 204", "POST customWorkflowExtensions 201", POLICY],
        destroyWrites: [POLICY, "DELETE customWorkflowExtensions/{id} 204", "DELETE customWorkflowExtensions/{id} 204"],
    }),
);
