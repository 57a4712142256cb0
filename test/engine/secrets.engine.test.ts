// Secrets under the real CLI: with every string argument a secret, nothing of them reaches the state
// files (state, backups, history) or the console in plain text, not even in Graph's error messages.
import { GraphEmulator } from "../../provider/emulator";
import { DeclaredResource, Stack, describeEngine, secret, stackOnEmulator, succeeded } from "./harness";

// Distinct values, so that any copy of one is found.
const S = {
    sub: "5ec7e75e-0000-4000-8000-00000000a001",
    app: "5ec7e75e-0000-4000-8000-00000000a002",
    api: "5ec7e75e-0000-4000-8000-00000000a003",
    catalog: "5ec7e75e-0000-4000-8000-00000000ca7a",
};
const SECRET_STRINGS = [
    "SECRET-task-name",
    "SECRET-task-description",
    "SECRET-rg",
    "SECRET-la",
    "SECRET-ap-name",
    "SECRET-ap-description",
    "SECRET-auth-name",
    "SECRET-auth-description",
    "secret-host.contoso.com",
    "SECRETCODE",
    "SECRET-claim",
    ...Object.values(S),
];

const resources: DeclaredResource[] = [
    {
        type: "CustomTaskExtension",
        name: "task",
        args: {
            displayName: secret("SECRET-task-name"),
            description: secret("SECRET-task-description"),
            endpointConfiguration: {
                subscriptionId: secret(S.sub),
                resourceGroupName: secret("SECRET-rg"),
                logicAppWorkflowName: secret("SECRET-la"),
            },
            callbackConfiguration: { timeoutDuration: "PT1H", authorizedApps: [secret(S.app)] },
        },
    },
    {
        type: "AccessPackageWorkflowExtension",
        name: "ap",
        // Whole objects may be secret too.
        args: {
            catalogId: secret(S.catalog),
            displayName: secret("SECRET-ap-name"),
            description: secret("SECRET-ap-description"),
            endpointConfiguration: secret({ subscriptionId: S.sub, resourceGroupName: "SECRET-rg", logicAppWorkflowName: "SECRET-la" }),
        },
    },
    {
        type: "CustomAuthenticationExtension",
        name: "auth",
        args: {
            extensionType: "onTokenIssuanceStart",
            displayName: secret("SECRET-auth-name"),
            description: secret("SECRET-auth-description"),
            endpointConfiguration: { targetUrl: secret("https://secret-host.contoso.com/api?code=SECRETCODE") },
            authenticationConfiguration: { resourceId: secret(`api://secret-host.contoso.com/${S.api}`) },
            claimsForTokenConfiguration: [secret("SECRET-claim")],
        },
    },
];

const leaks = (text: string) => SECRET_STRINGS.filter((s) => text.includes(s));

describeEngine("secret arguments through the Pulumi CLI", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;
    const console: string[] = [];

    stackOnEmulator(engine, "secrets", { emulator: { catalogs: [S.catalog] } }, (e, s) => {
        [emu, stack] = [e, s];
    });

    test("up, refresh and a Graph refusal keep every secret out of state and console", async () => {
        await stack.declare(resources);
        const up = succeeded(await stack.up());
        console.push(up.out);
        expect(emu.objects()).toHaveLength(3);
        // The emulator holds the plain values: the test would see a leak.
        expect(leaks(JSON.stringify(emu.objects())).length).toBe(SECRET_STRINGS.length);

        const refreshed = succeeded(await stack.run(["refresh", "--yes", "--skip-preview", "--diff"]));
        console.push(refreshed.out);

        // The stop of a create that meets what another resource of the stack stands for names it: as [secret].
        await stack.declare([...resources, { ...resources[0], name: "duplicate" }]);
        const stopped = await stack.up("--refresh");
        console.push(stopped.out);
        expect(stopped.code).not.toBe(0);
        expect(stopped.out).toContain('another resource of this stack stands for the custom task extension named "[secret]"');
        // Graph's own message names the duplicate a rename would make: the provider replaces the value with [secret].
        const second = { ...resources[0], name: "second", args: { ...resources[0].args, displayName: secret("SECRET-task-name-2") } };
        await stack.declare([...resources, second]);
        console.push(succeeded(await stack.up()).out);
        await stack.declare([...resources, { ...second, args: resources[0].args }]);
        const refused = await stack.up();
        console.push(refused.out);
        expect(refused.code).not.toBe(0);
        expect(refused.out).toMatch(/409 NameAlreadyExists: A custom task extension named '\[secret\]' already exists/);
        await stack.declare(resources);
        console.push(succeeded(await stack.up()).out);

        const outputs = await stack.run(["stack", "output", "--json"]);
        console.push(outputs.out);
        expect(leaks(console.join("\n"))).toEqual([]);
        expect(leaks(stack.backendText())).toEqual([]);
        // ...and the values are there, encrypted, for the program.
        const shown = JSON.stringify(await stack.outputs());
        expect(shown).toContain("SECRET-task-name");
        expect(shown).toContain("https://secret-host.contoso.com/api?code=SECRETCODE");
    }, 300_000);
});
