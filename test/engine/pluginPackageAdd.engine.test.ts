// The install a user of another language follows (docs/installation-configuration.md): the linux-amd64 archive
// installed with `pulumi plugin install resource entra <version> --file`, then `pulumi package add entra@<version>` in a
// Python project, which generates the SDK from the installed plugin's schema, records the package in Pulumi.yaml and
// installs the SDK into the project's virtualenv; the program then creates and destroys an extension in the emulator.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { GraphEmulator, startEmulator } from "../../provider/emulator";
import { PACKAGE_VERSION } from "../../provider/plugin/schema";
import { runPulumi } from "../../scripts/pulumiCli";
import { succeeded } from "./harness";
import { byName, describePlugin, freshVenv, PluginWorkspace, PULUMI_PYTHON } from "./pluginHarness";

const PROGRAM = `import pulumi
import pulumi_entra as entra

task = entra.CustomTaskExtension(
    "task",
    display_name="added task",
    endpoint_configuration=entra.LogicAppEndpointArgs(
        subscription_id="0f1e2d3c-4b5a-4697-8877-665544332211", resource_group_name="rg-identity", logic_app_workflow_name="la-added"
    ),
)
pulumi.export("taskId", task.id)
`;

describePlugin("pulumi package add of the plugin installed from its archive", ["python"], (engine) => {
    const ws = new PluginWorkspace(engine, "package-add");
    let emu: GraphEmulator;
    afterAll(async () => {
        await emu?.close();
    });

    test("package add generates and installs the SDK, and the program runs through the plugin", async () => {
        emu = await startEmulator();
        await ws.install();
        const dir = ws.dir("program");
        const venv = freshVenv(ws.dir("venv"), []);
        fs.writeFileSync(path.join(dir, "__main__.py"), PROGRAM);
        fs.writeFileSync(path.join(dir, "requirements.txt"), `${PULUMI_PYTHON}\n`);
        const project = { name: "entra-package-add", runtime: { name: "python", options: { toolchain: "pip", virtualenv: venv } } };
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify(project));
        const run = (args: string[]) => runPulumi(engine.cli, dir, args, ws.env(emu, { ENTRA_GRAPH_ENDPOINT: emu.url }));

        const add = succeeded(await run(["package", "add", `entra@${PACKAGE_VERSION}`]));
        expect(add.out).toMatch(/import pulumi_entra/);
        expect(YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")).packages).toEqual({ entra: `entra@${PACKAGE_VERSION}` });
        expect(fs.existsSync(path.join(dir, "sdks/entra/pulumi_entra/custom_task_extension.py"))).toBe(true);

        succeeded(await run(["stack", "init", "dev"]));
        expect(succeeded(await run(["up", "--yes"])).out).toMatch(/2 created/);
        expect(byName(emu, "added task")).toBeDefined();
        succeeded(await run(["destroy", "--yes"]));
        expect(byName(emu, "added task")).toBeUndefined();
    }, 300_000);
});
