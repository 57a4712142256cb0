// The native plugin from a Python program (test/engine/pluginPrograms/python) with the Python SDK as PyPI gets it: the
// wheel `npm run build:sdks` makes (scripts/sdks.ts), installed into a new virtualenv; the plugin from the linux-amd64
// archive. Under the real CLI against the emulator: every
// resource kind created, updated, refreshed after an edit in the portal and destroyed; the stack config
// and an explicit provider reach Configure; the secret targetUrl stays out of the state.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { DEFAULT_CATALOG_ID, GraphEmulator, startEmulator } from "../../provider/emulator";
import { PACKAGE_VERSION } from "../../provider/plugin/schema";
import { runPulumi } from "../../scripts/pulumiCli";
import { APP } from "../support/setup";
import { succeeded } from "./harness";
import { buildPythonSdk } from "../../scripts/sdks";
import { byName, describePlugin, freshVenv, PluginWorkspace, pluginScenario, policyIn } from "./pluginHarness";

const APP2 = "22222222-3333-4444-8555-666666666666";
const NAMES = ["py task", "py request", "py claims", "py listener", "py workflow"];

describePlugin("the plugin from a Python program", ["python"], (engine) => {
    const ws = new PluginWorkspace(engine, "python");
    let emu: GraphEmulator;
    let other: GraphEmulator;
    let policyId: string;
    let dir: string;
    const run = (args: string[]) => runPulumi(engine.cli, dir, args, ws.env(emu));

    beforeAll(async () => {
        emu = await startEmulator();
        other = await startEmulator({ token: emu.token });
        policyId = policyIn(emu);
        await ws.install();
        const { wheel, sdist } = await buildPythonSdk(engine.cli, ws.dir("dist"));
        expect(execFileSync("tar", ["-tzf", sdist], { encoding: "utf8" })).toContain(
            `pulumi_entra-${PACKAGE_VERSION}/pulumi_entra/__init__.py`,
        );
        const venv = freshVenv(ws.dir("venv"), [wheel]);
        dir = ws.dir("program");
        const source = path.join(__dirname, "pluginPrograms/python");
        fs.copyFileSync(path.join(source, "__main__.py"), path.join(dir, "__main__.py"));
        const project = YAML.parse(fs.readFileSync(path.join(source, "Pulumi.yaml"), "utf8"));
        project.runtime = { name: "python", options: { virtualenv: venv } };
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify(project));
        succeeded(await run(["stack", "init", "dev"]));
        const set = async (...args: string[]) => succeeded(await run(["config", "set", ...args]));
        // Only the stack config says where Graph is: a provider that ignored it would go to graph.microsoft.com.
        await set("entra:graphEndpoint", emu.url);
        await set("otherEndpoint", other.url);
        await set("phase", "1");
        await set("catalogId", DEFAULT_CATALOG_ID);
        await set("policyId", policyId);
        await set("--path", "appIds[0]", APP);
        await set("--path", "appIds[1]", APP2);
        await set("resourceId", `api://claims.contoso.com/${APP}`);
        await set("--secret", "targetUrl", "https://claims.contoso.com/api?code=s3cr3t-key");
    }, 400_000);
    afterAll(async () => {
        await emu?.close();
        await other?.close();
    });

    test("up creates one of each kind; stack config and the explicit provider reach Configure; secrets stay secret", async () => {
        const up = succeeded(await run(["up", "--yes"]));
        expect(up.out).toMatch(/9 created/);
        for (const name of NAMES) expect([name, byName(emu, name)?.body.displayName]).toEqual([name, name]);
        expect(byName(other, "py task elsewhere")).toBeDefined();
        expect(byName(emu, "py task elsewhere")).toBeUndefined();
        expect(emu.objects().find((o) => o.id === policyId)!.body.customExtensionStageSettings).toHaveLength(1);
        expect(succeeded(await run(["stack", "export"])).out).not.toContain("s3cr3t-key");
        succeeded(await run(["preview", "--expect-no-changes"]));
    }, 180_000);

    pluginScenario({
        run,
        emu: () => emu,
        other: () => other,
        policyId: () => policyId,
        prefix: "py",
        toPhase2: async () => void succeeded(await run(["config", "set", "phase", "2"])),
    });
});
