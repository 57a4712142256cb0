// An access package workflow extension's life under the real CLI (see familyScenario.ts).
import { fixtures } from "../support/fixtures";
import { familyScenario } from "./familyScenario";
import { describeEngine } from "./harness";

describeEngine("AccessPackageWorkflowExtension through the Pulumi CLI", (engine) =>
    familyScenario(engine, {
        fixture: { ...fixtures[1], inputs: { ...fixtures[1].inputs, extensionType: undefined } },
        type: "AccessPackageWorkflowExtension",
        // extensionType is not passed: the default is an output all the same.
        defaultedOutputs: { extensionType: "assignmentRequest", authenticationConfiguration: { type: "azureAdPopToken" } },
        outputNames: [
            "catalogId",
            "extensionType",
            "displayName",
            "description",
            "endpointConfiguration",
            "authenticationConfiguration",
            "clientConfiguration",
            "callbackConfiguration",
            "createdDateTime",
            "lastModifiedDateTime",
            "endpointUrl",
        ],
    }),
);
