// The README's Install, followed in a fresh directory: the package packed from this clone (`npm pack`) and installed
// into a program of one's own, then `pulumi-entra-extensions export` run from there, and the exported program's own
// `npm install`, which finds the package where export ran (the spec it was installed from), not on the npm registry.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { packedPackage } from "../scripts/installProgram";
import { SUB } from "./support/setup";

const exec = promisify(execFile);
const npm = (cwd: string, args: string[]) =>
    exec("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], { cwd, encoding: "utf8" });

let emu: GraphEmulator;
let work: string;
beforeAll(async () => {
    emu = await startEmulator();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "entra-install-"));
});
afterAll(async () => {
    await emu.close();
    fs.rmSync(work, { recursive: true, force: true });
});

test("installed from the packed package, export writes a program whose `npm install` works here", async () => {
    const tarball = packedPackage(work);
    const app = path.join(work, "my-program");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "my-program", private: true }));
    await npm(app, ["install", tarball]);
    emu.create("customTaskExtensions", {
        "@odata.type": "#microsoft.graph.identityGovernance.customTaskExtension",
        displayName: "Onboarding",
        endpointConfiguration: {
            "@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration",
            subscriptionId: SUB,
            resourceGroupName: "rg-identity",
            logicAppWorkflowName: "la-onboarding",
        },
        authenticationConfiguration: { "@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication" },
    });
    const out = path.join(app, "exported");
    const bin = path.join(app, "node_modules/.bin/pulumi-entra-extensions");
    const r = await exec(process.execPath, [bin, "export", "--out", out, "--quiet"], {
        env: { ...process.env, ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token },
        encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const pkg = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"));
    expect(pkg.dependencies["pulumi-entra-extensions"]).toBe(`file:${tarball}`);
    await npm(out, ["install"]);
    const installed = path.join(out, "node_modules/pulumi-entra-extensions");
    expect(fs.lstatSync(installed).isDirectory()).toBe(true);
    const version = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
    expect(version(installed)).toBe(version(path.resolve(__dirname, "..")));
}, 240_000);

test("--package-spec names the dependency (a path resolved where export runs); run from a clone, the clone, with a warning", async () => {
    const cli = path.resolve(__dirname, "../dist/provider/export/cli.js");
    const env = { ...process.env, ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token };
    const dependency = (dir: string) =>
        JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies["pulumi-entra-extensions"];
    const named = path.join(work, "named");
    await exec(process.execPath, [cli, "export", "--out", named, "-q", "--package-spec", "./x/pulumi-entra-extensions-0.1.0.tgz"], {
        env,
        cwd: work,
    });
    expect(dependency(named)).toBe(`file:${path.join(work, "x/pulumi-entra-extensions-0.1.0.tgz")}`);
    const clone = path.join(work, "clone");
    const r = await exec(process.execPath, [cli, "export", "--out", clone, "-q"], { env, encoding: "utf8" });
    const root = path.resolve(__dirname, "..");
    expect(dependency(clone)).toBe(`file:${root}`);
    expect(r.stderr).toContain(`warning: package.json depends on pulumi-entra-extensions as file:${root}, the clone this export ran from`);
});
