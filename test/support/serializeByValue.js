// Run by serialization.test.ts from the repository itself, where the package is not under node_modules:
// Pulumi then serializes a provider by value, not as a require. The text is loaded back and configured
// with the endpoint from stack config only; a create through it proves that configure and the later
// calls share one context in that form too.
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { makeProvider } = require(path.resolve(__dirname, "../../dist/provider/dynamic/makeProvider"));

(async () => {
    const sf = await pulumi.runtime.serializeFunction(() => makeProvider("customTaskExtension"), { allowSecrets: false });
    const module = { exports: {} };
    new Function("module", "exports", "require", sf.text)(module, module.exports, require);
    const loaded = module.exports.handler();
    await loaded.configure({ config: { get: (k) => (k === "entra:graphEndpoint" ? process.env.STACK_GRAPH_ENDPOINT : undefined) } });
    const checked = await loaded.check({}, JSON.parse(process.env.TASK_INPUTS));
    const created = await loaded.create(checked.inputs);
    process.stdout.write(JSON.stringify({ text: sf.text, created }));
})().catch((e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e));
    process.exit(1);
});
