// A program whose Logic App names are known only at creation, with a path over 150 characters:
// it must fail with the rule's message before the workflow is registered. Uses the compiled package.
const pulumi = require("@pulumi/pulumi");
const registered = [];
let error;
let stack;
process.on("unhandledRejection", (e) => {
    error ??= String(e && e.message ? e.message : e);
    stack ??= e && e.stack;
});
pulumi.runtime.setMocks(
    {
        newResource: (a) => {
            registered.push(`${a.type} ${a.name}`);
            return { id: a.name, state: a.type === "test:index:Names" ? { rg: "r".repeat(90) } : a.inputs };
        },
        call: () => ({}),
    },
    "project",
    "stack",
    false,
);
const { ExtensionLogicApp } = require("../../dist/provider");
class Names extends pulumi.CustomResource {
    constructor(n) {
        super("test:index:Names", n, { rg: undefined }, {});
    }
}
const names = new Names("n2");
new ExtensionLogicApp("la-up", {
    resourceGroupName: names.rg,
    workflowName: "w".repeat(40),
    subscriptionId: "0f1e2d3c-4b5a-4697-8877-665544332211",
    tenantId: "t",
    kind: "customTaskExtension",
});
setTimeout(() => process.stdout.write(JSON.stringify({ error, stack, registered })), 1500);
