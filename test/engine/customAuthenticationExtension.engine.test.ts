// A custom authentication extension's life under the real CLI (see familyScenario.ts).
import { fixtures } from "../support/fixtures";
import { familyScenario } from "./familyScenario";
import { describeEngine } from "./harness";

describeEngine("CustomAuthenticationExtension through the Pulumi CLI", (engine) =>
    familyScenario(engine, {
        fixture: fixtures[2],
        type: "CustomAuthenticationExtension",
        defaultedOutputs: { description: "<undefined>", clientConfiguration: "<undefined>" },
        outputNames: [
            "extensionType",
            "displayName",
            "description",
            "endpointConfiguration",
            "authenticationConfiguration",
            "clientConfiguration",
            "behaviorOnError",
            "claimsForTokenConfiguration",
            "createdDateTime",
            "lastModifiedDateTime",
            "endpointUrl",
        ],
    }),
);
