// Run by serialization.test.ts in a directory laid out as a user's install (package under
// node_modules): serializes each provider as dynamic.Resource does, loads the text back the way the
// provider host does, configures it with stack config, and creates an extension through it.
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");
const { providers } = require("pulumi-entra-extensions");

(async () => {
    const out = {};
    for (const [name, provider] of Object.entries(providers)) {
        const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
        fs.writeFileSync(`${name}.js`, sf.text);
        out[name] = { text: sf.text };
    }
    const loaded = require("./customTaskExtension.js").handler();
    const config = {
        get: (k) => ({ "entra:tenantId": process.env.SECRET_MARKER_TENANT, "entra:graphEndpoint": process.env.ENTRA_GRAPH_ENDPOINT })[k],
    };
    await loaded.configure({ config });
    const input = JSON.parse(process.env.TASK_INPUTS);
    const checked = await loaded.check({}, input);
    const created = await loaded.create(checked.inputs);
    out.created = created;
    process.stdout.write(JSON.stringify(out));
})().catch((e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e));
    process.exit(1);
});
