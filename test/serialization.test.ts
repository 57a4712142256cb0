// The provider as Pulumi writes it into state (`__provider`): small, free of settings and secrets,
// and working when loaded back. Serialized in a child process with the compiled package installed
// under node_modules, as users have it (under jest, coverage counters would leak into the text: #3799).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GraphEmulator, startEmulator } from "../provider/emulator";
import { families } from "../provider/families";
import { fixtures } from "./support/fixtures";

const root = path.resolve(__dirname, "..");
let emu: GraphEmulator;
let dir: string;
let result: any;

beforeAll(async () => {
    emu = await startEmulator();
    if (!fs.existsSync(path.join(root, "dist/provider/index.js"))) throw new Error("run `npm test` (it compiles first) or `npm run build`");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-install-"));
    const nm = path.join(dir, "node_modules");
    fs.mkdirSync(path.join(nm, "pulumi-entra-extensions"), { recursive: true });
    fs.cpSync(path.join(root, "dist"), path.join(nm, "pulumi-entra-extensions/dist"), { recursive: true });
    fs.copyFileSync(path.join(root, "package.json"), path.join(nm, "pulumi-entra-extensions/package.json"));
    // @pulumi/pulumi must resolve this package from its own location, as in a real install: copy it;
    // everything else can be linked.
    for (const e of fs.readdirSync(path.join(root, "node_modules"))) {
        if (e === "@pulumi" || e === "pulumi-entra-extensions") continue; // the latter: the repository's link to itself
        fs.symlinkSync(path.join(root, "node_modules", e), path.join(nm, e));
    }
    fs.mkdirSync(path.join(nm, "@pulumi"));
    for (const e of fs.readdirSync(path.join(root, "node_modules/@pulumi")))
        if (e !== "pulumi") fs.symlinkSync(path.join(root, "node_modules/@pulumi", e), path.join(nm, "@pulumi", e));
    fs.cpSync(path.join(root, "node_modules/@pulumi/pulumi"), path.join(nm, "@pulumi/pulumi"), { recursive: true });
    fs.copyFileSync(path.join(__dirname, "support/serializeInInstall.js"), path.join(dir, "run.js"));
    const env = {
        PATH: process.env.PATH,
        ENTRA_GRAPH_ENDPOINT: emu.url,
        ENTRA_ACCESS_TOKEN: emu.token,
        SECRET_MARKER_TENANT: "tenant-marker-7f3a",
        TASK_INPUTS: JSON.stringify(fixtures[0].inputs),
    };
    // async: the emulator answering the child lives in this process
    const { stdout } = await promisify(execFile)(process.execPath, ["run.js"], { cwd: dir, env, encoding: "utf8" });
    result = JSON.parse(stdout);
}, 120_000);

afterAll(async () => {
    await emu?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.each(Object.keys(families))("%s serializes to one require of this package, under 1 KB", (name) => {
    const text: string = result[name].text;
    expect(text.length).toBeLessThan(1024);
    expect(text).toContain(`require("pulumi-entra-extensions/providers/${name}")`);
    process.stdout.write(`__provider for ${name}: ${text.length} bytes\n`);
});

test("the serialized text holds no endpoint, tenant, token or other setting", () => {
    for (const name of Object.keys(result).filter((k) => k !== "created")) {
        const text: string = result[name].text;
        expect(text).not.toContain(emu.url);
        expect(text).not.toContain(emu.token);
        expect(text).not.toContain("tenant-marker-7f3a");
        expect(text).not.toMatch(/Bearer|ENTRA_|AZURE_/);
    }
});

test("the provider loaded back from its text creates through Graph with the stack's settings", () => {
    expect(result.created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(emu.objects().map((o) => o.id)).toEqual([result.created.id]);
});

test("serialized by value (a program inside this repository), configure's settings reach the later calls", async () => {
    emu.reset(); // after the test above: it looks at the object the installed provider made
    const env = {
        PATH: process.env.PATH,
        ENTRA_ACCESS_TOKEN: emu.token,
        STACK_GRAPH_ENDPOINT: emu.url,
        TASK_INPUTS: JSON.stringify(fixtures[0].inputs),
    };
    const child = path.join(__dirname, "support/serializeByValue.js");
    const { stdout } = await promisify(execFile)(process.execPath, [child], { cwd: root, env, encoding: "utf8" });
    const byValue = JSON.parse(stdout);
    expect(byValue.text).not.toContain('require("pulumi-entra-extensions/providers/');
    expect(byValue.text).not.toContain(emu.url);
    expect(emu.objects().map((o) => o.id)).toEqual([byValue.created.id]);
});

test("a provider used in this process (a create), then serialized, holds neither endpoint nor token", async () => {
    emu.reset();
    const env = {
        PATH: process.env.PATH,
        ENTRA_ACCESS_TOKEN: emu.token, // what configure's context signs in with: the process environment
        OPTION_TOKEN: emu.token, // what the other provider gets through its options
        STACK_GRAPH_ENDPOINT: emu.url,
        TASK_INPUTS: JSON.stringify(fixtures[0].inputs),
    };
    const child = path.join(__dirname, "support/serializeAfterUse.js");
    const { stdout } = await promisify(execFile)(process.execPath, [child], { cwd: root, env, encoding: "utf8" });
    const used = JSON.parse(stdout);
    expect(
        emu
            .objects()
            .map((o) => o.id)
            .sort(),
    ).toEqual([...used.created].sort());
    expect(used.created).toHaveLength(3);
    for (const text of [used.optionsText, used.configuredText]) {
        expect(text).not.toContain(emu.url);
        expect(text).not.toContain(new URL(emu.url).host);
        expect(text).not.toContain(emu.token);
        expect(text).not.toMatch(/Bearer|accessToken|GraphClient/);
    }
});
