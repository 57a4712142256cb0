// A custom task extension's life under the real CLI (see familyScenario.ts).
import { fixtures } from "../support/fixtures";
import { familyScenario } from "./familyScenario";
import { describeEngine } from "./harness";

describeEngine("CustomTaskExtension through the Pulumi CLI", (engine) =>
    familyScenario(engine, {
        fixture: fixtures[0],
        type: "CustomTaskExtension",
        // Replaced with `pulumi up --replace`: Graph keeps task extension names unique, so the old one goes first.
        defaultedOutputs: { authenticationConfiguration: { type: "azureAdPopToken" } },
        outputNames: [
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
