// Run by serialization.test.ts from the repository itself (providers serialized by value): provider
// objects used in this process first (a create through Graph, as a test or an Automation API program
// does), then serialized as dynamic.Resource does. One has its settings from options given in process,
// the other from configure; the text of the second is loaded back and creates again with stack config.
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { makeProvider } = require(path.resolve(__dirname, "../../dist/provider/dynamic/makeProvider"));

const serialize = async (p) => (await pulumi.runtime.serializeFunction(() => p, { allowSecrets: false })).text;
const stack = { config: { get: (k) => (k === "entra:graphEndpoint" ? process.env.STACK_GRAPH_ENDPOINT : undefined) } };

async function createThrough(p, inputs) {
    const checked = await p.check({}, inputs);
    if (checked.failures && checked.failures.length) throw new Error(JSON.stringify(checked.failures));
    return p.create(checked.inputs);
}

(async () => {
    const inputs = JSON.parse(process.env.TASK_INPUTS);
    const env = { ENTRA_GRAPH_ENDPOINT: process.env.STACK_GRAPH_ENDPOINT, ENTRA_ACCESS_TOKEN: process.env.OPTION_TOKEN };
    const withOptions = makeProvider("customTaskExtension", { env });
    const first = await createThrough(withOptions, { ...inputs, displayName: "used with options" });
    const optionsText = await serialize(withOptions);

    const configured = makeProvider("customTaskExtension");
    await configured.configure(stack);
    const second = await createThrough(configured, { ...inputs, displayName: "used after configure" });
    const configuredText = await serialize(configured);

    const module = { exports: {} };
    new Function("module", "exports", "require", configuredText)(module, module.exports, require);
    const loaded = module.exports.handler();
    await loaded.configure(stack);
    const third = await createThrough(loaded, { ...inputs, displayName: "loaded back" });
    process.stdout.write(JSON.stringify({ optionsText, configuredText, created: [first.id, second.id, third.id] }));
})().catch((e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e));
    process.exit(1);
});
