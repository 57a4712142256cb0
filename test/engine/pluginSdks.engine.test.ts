// The SDKs `pulumi package gen-sdk` makes from schema.json compile (Go with `go build`, Node.js with tsc; the
// Python SDK is imported by test/engine/pluginPython.engine.test.ts), and a Go program with the Go SDK
// creates, updates and destroys a custom task extension through the plugin under the real CLI.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { GraphEmulator, startEmulator } from "../../provider/emulator";
import { GO_IMPORT_BASE } from "../../provider/plugin/schema";
import { runPulumi } from "../../scripts/pulumiCli";
import { repoRoot } from "../../scripts/repoRoot";
import { succeeded } from "./harness";
import { byName, describePlugin, PluginWorkspace, PULUMI_GO } from "./pluginHarness";

/** The Go SDK's module: gen-sdk writes the package (sdk/go/entra) but no go.mod. */
const GO_MODULE = GO_IMPORT_BASE.replace(/\/go\/entra$/, "");

describePlugin("the generated SDKs, and a Go program", ["go"], (engine) => {
    const ws = new PluginWorkspace(engine, "sdks");
    let emu: GraphEmulator;
    let sdk: string;

    beforeAll(async () => {
        emu = await startEmulator();
        await ws.install();
        sdk = ws.dir("sdk");
        await ws.genSdk("go", sdk, emu);
        await ws.genSdk("nodejs", sdk, emu);
        fs.writeFileSync(
            path.join(sdk, "go.mod"),
            `module ${GO_MODULE}\n\ngo 1.22\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${PULUMI_GO}\n`,
        );
    }, 300_000);
    afterAll(async () => {
        await emu?.close();
    });

    test("the Node.js SDK compiles with tsc", () => {
        const nodejs = path.join(sdk, "nodejs");
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(nodejs, "node_modules"));
        execFileSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", nodejs], { stdio: "pipe" });
        expect(fs.existsSync(path.join(nodejs, "bin", "customTaskExtension.js"))).toBe(true);
    }, 120_000);

    test("a Go program builds against the Go SDK, and up, update and destroy go through the plugin", async () => {
        const dir = ws.dir("program");
        for (const f of ["main.go", "Pulumi.yaml"]) fs.copyFileSync(path.join(__dirname, "pluginPrograms/go", f), path.join(dir, f));
        fs.writeFileSync(
            path.join(dir, "go.mod"),
            `module entra-go-program\n\ngo 1.22\n\n` +
                `require (\n\t${GO_MODULE} v0.0.0\n\tgithub.com/pulumi/pulumi/sdk/v3 ${PULUMI_GO}\n)\n\n` +
                `replace ${GO_MODULE} => ${sdk}\n`,
        );
        const go = (args: string[], cwd: string) =>
            execFileSync("go", args, { cwd, stdio: "pipe", env: { ...process.env, GOFLAGS: "-mod=mod" } });
        go(["build", "./..."], path.join(sdk));
        go(["build", "-o", "/dev/null", "."], dir);
        const run = (args: string[]) => runPulumi(engine.cli, dir, args, ws.env(emu, { GOFLAGS: "-mod=mod" }));
        succeeded(await run(["stack", "init", "dev"]));
        succeeded(await run(["config", "set", "entra:graphEndpoint", emu.url]));
        succeeded(await run(["config", "set", "description", "first"]));
        succeeded(await run(["up", "--yes"]));
        expect(byName(emu, "go task")?.body.description).toBe("first");
        succeeded(await run(["config", "set", "description", "second"]));
        expect(succeeded(await run(["up", "--yes"])).out).toMatch(/1 updated/);
        expect(byName(emu, "go task")?.body.description).toBe("second");
        succeeded(await run(["destroy", "--yes"]));
        expect(byName(emu, "go task")).toBeUndefined();
    }, 600_000);
});
