// The native plugin under the real CLI: the tarball `npm run build:plugin` makes (built once per jest run,
// whichever plugin test gets there first), installed with `pulumi plugin install --file` into a PULUMI_HOME
// of the test file's own, as users install it. The language plugins (Python, YAML, Go) come with the CLI
// (scripts/pulumi-cli.sh); without them, or without python3 or go, the tests are skipped with the reason,
// and fail in CI.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_CATALOG_ID, GraphEmulator } from "../../provider/emulator";
import { buildPlugin } from "../../scripts/buildPlugin";
import { offlineEnv, runPulumi, RunResult } from "../../scripts/pulumiCli";
import { repoRoot } from "../../scripts/repoRoot";
import { Engine, succeeded } from "./harness";
import { missing, Need } from "./needs";

/** The Python SDK's runtime, pinned to the CLI the tests run. */
export const PULUMI_PYTHON = "pulumi==3.259.0";
/** The Go SDK the Go program builds against. */
export const PULUMI_GO = "v3.259.0";

function engine(): Engine | undefined {
    const { ENTRA_ENGINE_CLI: cli, ENTRA_ENGINE_WORK: work, ENTRA_ENGINE_PROGRAM: programDir } = process.env;
    return cli && work && programDir ? { cli, work, programDir } : undefined;
}

/** `describe` when the CLI and what `needs` names are there; else skipped with the reason (a failure in CI). */
export function describePlugin(name: string, needs: Need[], body: (e: Engine) => void): void {
    const e = engine();
    const why = e ? missing(e.cli, needs) : (process.env.ENTRA_ENGINE_SKIP ?? "engine globalSetup did not run");
    if (e && !why) return describe(name, () => body(e));
    if (process.env.CI) return describe(name, () => it("runs in CI", () => expect(why).toBeUndefined()));
    describe.skip(`${name} (skipped: ${why})`, () => it("needs the tools", () => undefined));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The plugin tarball of this jest run: one test file builds it, the others wait for it. Built with this machine's
 * release runtime (Node), or with Bun when ENTRA_PLUGIN_RUNTIME=bun: the engine tests through the macOS targets' runtime.
 */
export async function pluginTarball(e: Engine): Promise<string> {
    const dir = path.join(e.work, "plugin");
    const done = path.join(dir, "tarball");
    try {
        fs.mkdirSync(dir);
    } catch {
        for (let i = 0; i < 600 && !fs.existsSync(done); i++) await sleep(500);
        return fs.readFileSync(done, "utf8");
    }
    const runtime = process.env.ENTRA_PLUGIN_RUNTIME as "node" | "bun" | undefined;
    const built = await buildPlugin({ out: dir, runtime });
    process.stderr.write(`plugin tests: ${path.basename(built.tarball)} (${built.runtime}) ${(built.bytes / 1024 / 1024).toFixed(1)} MB\n`);
    fs.writeFileSync(done, built.tarball);
    return built.tarball;
}

/** A Pulumi workspace whose PULUMI_HOME has the plugin installed from its tarball. */
export class PluginWorkspace {
    readonly home: string;
    constructor(
        readonly engine: Engine,
        readonly name: string,
    ) {
        this.home = path.join(engine.work, `home-${name}`);
    }

    /** The environment of every command: offline, this PULUMI_HOME, the emulator's token (never a real credential). */
    env(emu: GraphEmulator, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
        return offlineEnv(this.engine.cli, this.engine.work, { PULUMI_HOME: this.home, ENTRA_ACCESS_TOKEN: emu.token, ...extra });
    }

    async install(): Promise<RunResult> {
        const tarball = await pluginTarball(this.engine);
        const version = require(path.join(repoRoot, "package.json")).version;
        return succeeded(
            await runPulumi(this.engine.cli, this.engine.work, ["plugin", "install", "resource", "entra", version, "--file", tarball], {
                ...offlineEnv(this.engine.cli, this.engine.work, { PULUMI_HOME: this.home }),
            }),
        );
    }

    /** A project directory of this workspace. */
    dir(project: string): string {
        const d = path.join(this.engine.work, `${this.name}-${project}`);
        fs.mkdirSync(d, { recursive: true });
        return d;
    }

    /** Generates the SDK of `language` from schema.json into `out`. */
    async genSdk(language: string, out: string, emu: GraphEmulator): Promise<RunResult> {
        return succeeded(
            await runPulumi(
                this.engine.cli,
                this.engine.work,
                ["package", "gen-sdk", path.join(repoRoot, "schema.json"), "--language", language, "--out", out],
                this.env(emu),
            ),
        );
    }
}

/**
 * A new virtualenv with `packages` installed as users install them (`pip install pulumi_entra-<version>-py3-none-any.whl`),
 * the Python SDK's runtime pinned to the CLI the tests run; pip's own cache makes it some 20 s.
 */
export function freshVenv(venv: string, packages: string[]): string {
    execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
    execFileSync(
        path.join(venv, "bin", "python"),
        ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", PULUMI_PYTHON, ...packages],
        {
            stdio: "inherit",
        },
    );
    return venv;
}

/** What the emulator holds of a collection, by displayName (the test's view of the tenant). */
export const byName = (emu: GraphEmulator, displayName: string) => emu.objects().find((o) => o.body.displayName === displayName);

/** An access package assignment policy made elsewhere (the portal), whose stages the programs set. */
export function policyIn(emu: GraphEmulator): string {
    const accessPackage = emu.create("accessPackages", { displayName: "Sales tools", catalog: { id: DEFAULT_CATALOG_ID } }).id;
    return emu.create("assignmentPolicies", {
        displayName: "Sales: direct",
        allowedTargetScope: "notSpecified",
        specificAllowedTargets: [],
        expiration: { type: "noExpiration" },
        accessPackage: { id: accessPackage },
    }).id as string;
}

/** An application added to a listener "in the portal": its appId sorts before any other. */
const PORTAL_APP = "00000000-aaaa-4000-8000-000000000000";

/** What a language's program test gives the steps every language's program goes through (pluginScenario). */
export interface PluginProgram {
    /** `pulumi <args>` in the program's directory, against the stack's emulator. */
    run(args: string[]): Promise<RunResult>;
    emu(): GraphEmulator;
    other(): GraphEmulator;
    policyId(): string;
    /** The displayName prefix of the program's objects: "py", "yaml". */
    prefix: string;
    /** Makes the program's second phase (every kind's description "second", a second stage). */
    toPhase2(): Promise<void>;
}

/**
 * The steps after `up` that each language's program takes the same way: a program change updates every kind
 * in place, refresh sees an edit made in the portal and up repairs it, destroy deletes everything.
 */
export function pluginScenario(p: PluginProgram): void {
    const named = (kind: string) => byName(p.emu(), `${p.prefix} ${kind}`);
    const stages = () =>
        p
            .emu()
            .objects()
            .find((o) => o.id === p.policyId())!.body.customExtensionStageSettings ?? [];

    test("a program change updates every kind in place", async () => {
        await p.toPhase2();
        const up = succeeded(await p.run(["up", "--yes"]));
        expect(up.out).toMatch(/6 updated/);
        expect(up.out).not.toMatch(/replaced/);
        for (const kind of ["task", "request", "claims", "workflow"])
            expect([kind, named(kind)?.body.description]).toEqual([kind, "second"]);
        expect(stages()).toHaveLength(2);
        succeeded(await p.run(["preview", "--expect-no-changes"]));
    }, 180_000);

    test("refresh sees an edit made in the portal; up puts the program's value back", async () => {
        p.emu().mutate(named("workflow")!.id, { description: "edited in the portal" });
        // An application added to the listener that sorts before the program's two: the diff shows it removed, not every place moved.
        const listener = named("listener")!;
        const apps = listener.body.conditions.applications.includeApplications as { appId: string }[];
        p.emu().mutate(listener.id, { conditions: { applications: { includeApplications: [{ appId: PORTAL_APP }, ...apps] } } });
        succeeded(await p.run(["refresh", "--yes"]));
        const preview = await p.run(["preview", "--expect-no-changes", "--diff"]);
        expect(preview.code).not.toBe(0);
        expect(preview.out).toMatch(/description: "edited in the portal" => "second"/);
        expect(preview.out).toMatch(new RegExp(`- \\[0\\]: \\{\\s*- appId: "${PORTAL_APP}"`));
        expect(preview.out).not.toMatch(/~ \[\d\]/);
        succeeded(await p.run(["up", "--yes"]));
        expect(named("workflow")!.body.description).toBe("second");
        expect(named("listener")!.body.conditions.applications.includeApplications).toEqual(apps);
    }, 180_000);

    test("destroy deletes every object and empties the policy's stages", async () => {
        succeeded(await p.run(["destroy", "--yes"]));
        for (const kind of ["task", "request", "claims", "listener", "workflow"]) expect([kind, named(kind)]).toEqual([kind, undefined]);
        expect(byName(p.other(), `${p.prefix} task elsewhere`)).toBeUndefined();
        expect(stages()).toEqual([]);
        // A catalog role the program gave (the YAML program's) is taken back.
        expect([...p.emu().entitlementRoles.assignments.values()]).toEqual([]);
    }, 180_000);
}
