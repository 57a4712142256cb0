// The Go SDK module committed at sdk/ is what `pulumi package gen-sdk` makes of schema.json (`npm run build:sdks`), builds
// with its own go.mod and go.sum, and a Go program importing it by its module path creates, updates and destroys a
// custom task extension through the plugin under the real CLI; the Node.js SDK gen-sdk makes compiles with tsc. (The
// Python SDK's wheel is installed by test/engine/pluginPython.engine.test.ts.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { GraphEmulator, startEmulator } from "../../provider/emulator";
import { GO_IMPORT_BASE, GO_MODULE } from "../../provider/plugin/schema";
import { runPulumi } from "../../scripts/pulumiCli";
import { repoRoot } from "../../scripts/repoRoot";
import { goMod, generateSdk } from "../../scripts/sdks";
import { indexProgram } from "../support/docsIndex";
import { succeeded } from "./harness";
import { byName, describePlugin, PluginWorkspace, PULUMI_GO } from "./pluginHarness";

/** Every file under `dir`, relative, with its text. */
const tree = (dir: string): Record<string, string> =>
    Object.fromEntries(
        (fs.readdirSync(dir, { recursive: true }) as string[])
            .filter((f) => fs.statSync(path.join(dir, f)).isFile())
            .sort()
            .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
    );

const go = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
    execFileSync("go", args, { cwd, stdio: "pipe", env: { ...process.env, ...env } });

/** A Go program's go.mod: users get sdk/ from the repository by its tag; unpublished here, the module path points at sdk/. */
function programGoMod(dir: string): void {
    fs.writeFileSync(
        path.join(dir, "go.mod"),
        `module entra-go-program\n\ngo 1.22\n\n` +
            `require (\n\t${GO_MODULE} v0.0.0\n\tgithub.com/pulumi/pulumi/sdk/v3 ${PULUMI_GO}\n)\n\n` +
            `replace ${GO_MODULE} => ${path.join(repoRoot, "sdk")}\n`,
    );
}

describePlugin("the generated SDKs, and a Go program", ["go"], (engine) => {
    const ws = new PluginWorkspace(engine, "sdks");
    let emu: GraphEmulator;
    let sdk: string;

    beforeAll(async () => {
        emu = await startEmulator();
        await ws.install();
        sdk = ws.dir("sdk");
        await ws.genSdk("nodejs", sdk, emu);
    }, 300_000);
    afterAll(async () => {
        await emu?.close();
    });

    test("sdk/ is the Go SDK gen-sdk makes of schema.json, as a module at the path package.json's repository gives", async () => {
        const fresh = await generateSdk(engine.cli, "go", ws.dir("go-sdk"));
        // A difference here: run `npm run build:sdks` and commit sdk/.
        expect(tree(path.join(repoRoot, "sdk/go"))).toEqual(tree(fresh));
        expect(fs.readFileSync(path.join(repoRoot, "sdk/go.mod"), "utf8")).toMatch(new RegExp(`^${goMod().split("\n")[0]}\n`));
        expect(fs.readFileSync(path.join(repoRoot, "sdk/go.mod"), "utf8")).toContain(`github.com/pulumi/pulumi/sdk/v3 ${PULUMI_GO}`);
    }, 120_000);

    test("docs/_index.md's Go program builds against sdk/", () => {
        const dir = ws.dir("docs-program");
        fs.writeFileSync(
            path.join(dir, "main.go"),
            indexProgram("go").replace(/"github\.com\/[^"]+\/sdk\/go\/entra"/, JSON.stringify(GO_IMPORT_BASE)),
        );
        programGoMod(dir);
        go(["build", "-o", "/dev/null", "."], dir, { GOFLAGS: "-mod=mod" });
    }, 300_000);

    test("the Node.js SDK compiles with tsc", () => {
        const nodejs = path.join(sdk, "nodejs");
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(nodejs, "node_modules"));
        execFileSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", nodejs], { stdio: "pipe" });
        expect(fs.existsSync(path.join(nodejs, "bin", "customTaskExtension.js"))).toBe(true);
    }, 120_000);

    test("a Go program builds against the Go SDK, and up, update and destroy go through the plugin", async () => {
        const dir = ws.dir("program");
        fs.copyFileSync(path.join(__dirname, "pluginPrograms/go/Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        // The program imports the SDK by the module path package.json's repository gives (a fork's, in a fork).
        const main = fs.readFileSync(path.join(__dirname, "pluginPrograms/go/main.go"), "utf8");
        fs.writeFileSync(path.join(dir, "main.go"), main.replace(/"github\.com\/[^"]+\/sdk\/go\/entra"/, JSON.stringify(GO_IMPORT_BASE)));
        programGoMod(dir);
        // sdk/'s go.mod and go.sum are complete: it builds without changing them.
        go(["build", "./..."], path.join(repoRoot, "sdk"), { GOFLAGS: "-mod=readonly" });
        go(["build", "-o", "/dev/null", "."], dir, { GOFLAGS: "-mod=mod" });
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
