// Runs the real Pulumi CLI the way a user does, offline (scripts/pulumiCli.ts: a local file backend and
// a private PULUMI_HOME in the run's work directory, no update checks, no plugin downloads, Node 22
// first on PATH). The emulator lives in the test process; the CLI reaches it over loopback.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { EmulatorOptions, GraphEmulator, startEmulator } from "../../provider/emulator";
import { RunResult, expectExit, offlineEnv, runPulumi } from "../../scripts/pulumiCli";

export interface Engine {
    /** The directory holding pulumi, pulumi-language-nodejs and the dynamic provider host. */
    cli: string;
    /** Scratch space of this jest run (state, PULUMI_HOME, extra programs); removed afterwards. */
    work: string;
    /** The installed program of test/engine/program. */
    programDir: string;
}

/** The engine globalSetup provided, or undefined when it could not (outside CI; the reason was printed). */
function engine(): Engine | undefined {
    const { ENTRA_ENGINE_CLI: cli, ENTRA_ENGINE_WORK: work, ENTRA_ENGINE_PROGRAM: programDir } = process.env;
    return cli && work && programDir ? { cli, work, programDir } : undefined;
}

/** `describe` when the engine is there, `describe.skip` with the reason otherwise. */
export function describeEngine(name: string, body: (e: Engine) => void): void {
    const e = engine();
    if (e) describe(name, () => body(e));
    else
        describe.skip(`${name} (skipped: ${process.env.ENTRA_ENGINE_SKIP ?? "engine globalSetup did not run"})`, () =>
            it("needs the Pulumi CLI", () => undefined));
}

export type { RunResult };

export interface DeclaredResource {
    type:
        | "CustomTaskExtension"
        | "AccessPackageWorkflowExtension"
        | "CustomAuthenticationExtension"
        | "AuthenticationEventListener"
        | "LifecycleWorkflow"
        | "AccessPackageCustomExtensionStages";
    name: string;
    args: Record<string, unknown>;
    options?: Record<string, unknown>;
}

/** Fails the test with the CLI's own output when a command did not succeed. */
export const succeeded = (r: RunResult): RunResult => expectExit(r, "ok");

/** The Graph writes since log entry `since`, as "METHOD status". */
export const writesSince = (emu: GraphEmulator, since: number): string[] => emu.writes(since).map((e) => `${e.method} ${e.status}`);

/** Marks a value as a Pulumi secret in a stack's spec. */
export const secret = <T>(v: T) => ({ $secret: v });

/** Another declared resource's output in a stack's spec (`ref("ext", "id")` is `ext.id`). */
export const ref = (name: string, output: string) => ({ $ref: `${name}.${output}` });

export class Stack {
    readonly backend: string;
    readonly env: NodeJS.ProcessEnv;

    constructor(
        readonly engine: Engine,
        readonly name: string,
        opts: { emulator?: GraphEmulator; programDir?: string; env?: Record<string, string | undefined> } = {},
    ) {
        this.programDir = opts.programDir ?? engine.programDir;
        this.backend = path.join(engine.work, "state");
        this.env = offlineEnv(engine.cli, engine.work, {
            // The program's types are checked by test/examples.test.ts; here ts-node only transpiles.
            PULUMI_NODEJS_TRANSPILE_ONLY: "true",
            ...(opts.emulator
                ? { ENTRA_GRAPH_ENDPOINT: opts.emulator.url, ENTRA_ACCESS_TOKEN: opts.emulator.token, ENTRA_REQUEST_TIMEOUT_MS: "5000" }
                : {}),
            ...opts.env,
        });
    }
    readonly programDir: string;

    /** Runs `pulumi <args>` in the program directory on this stack. Never throws on a non-zero exit. */
    run(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<RunResult> {
        return runPulumi(this.engine.cli, this.programDir, [...args, "--stack", this.name], { ...this.env, ...extraEnv });
    }

    /**
     * Starts `pulumi <args>` and interrupts it once its output matches `when`, as a cancelled CI job or a
     * closed terminal does: `signals` are sent one after the other to the CLI (Ctrl+C twice: SIGINT,
     * SIGINT), or SIGKILL to its whole process group. Resolves with what it printed.
     */
    interruptWhen(args: string[], when: (out: string) => boolean, signals: NodeJS.Signals[] | "kill-group"): Promise<RunResult> {
        let out = "";
        return runPulumi(this.engine.cli, this.programDir, [...args, "--stack", this.name], this.env, {
            echo: (text) => (out += text),
            ownProcessGroup: true,
            onStart: (child) => {
                const timer = setInterval(() => {
                    if (!when(out)) return;
                    clearInterval(timer);
                    if (signals === "kill-group") process.kill(-child.pid!, "SIGKILL");
                    else signals.forEach((signal, i) => setTimeout(() => child.kill(signal), i * 300));
                }, 50);
                child.on("close", () => clearInterval(timer));
            },
        });
    }

    /**
     * Runs the installed package's command-line tool (`npx pulumi-entra-extensions <args>`) in the program directory,
     * with this stack's environment (the CLI on PATH). Never throws on a non-zero exit.
     */
    tool(args: string[]): Promise<RunResult> {
        const started = Date.now();
        const bin = path.join(this.programDir, "node_modules", ".bin", "pulumi-entra-extensions");
        return new Promise((resolve) => {
            execFile(bin, args, { cwd: this.programDir, env: this.env }, (error, stdout, stderr) => {
                const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                resolve({
                    command: `pulumi-entra-extensions ${args.join(" ")}`,
                    code,
                    out: `${stdout}${stderr}`,
                    ms: Date.now() - started,
                });
            });
        });
    }

    /** Like run, but a non-zero exit is an error carrying the output. */
    async ok(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<string> {
        return succeeded(await this.run(args, extraEnv)).out;
    }

    async init(): Promise<this> {
        await this.ok(["stack", "init"]);
        return this;
    }

    /** Declares the stack's resources (the program reads them from config). */
    async declare(resources: DeclaredResource[]): Promise<void> {
        const file = path.join(this.engine.work, "specs", `${this.name}.json`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify({ resources }, null, 2));
        if (!this.specSet) await this.ok(["config", "set", "test:specFile", file]);
        this.specSet = true;
    }
    private specSet = false;

    async config(key: string, value: string, opts: { secret?: boolean } = {}): Promise<void> {
        await this.ok(["config", "set", key, value, ...(opts.secret ? ["--secret"] : ["--plaintext"])]);
    }

    up(...extra: string[]) {
        return this.run(["up", "--yes", "--skip-preview", ...extra]);
    }
    preview(...extra: string[]) {
        return this.run(["preview", ...extra]);
    }
    destroy(...extra: string[]) {
        return this.run(["destroy", "--yes", "--skip-preview", ...extra]);
    }

    /** The stack's outputs, secrets shown. */
    async outputs(): Promise<Record<string, any>> {
        return JSON.parse(await this.ok(["stack", "output", "--json", "--show-secrets"]));
    }

    /** The deployment's resources, as `pulumi stack export` gives them (secrets stay encrypted). */
    async resources(): Promise<any[]> {
        const state = JSON.parse(await this.ok(["stack", "export"]));
        return state.deployment.resources ?? [];
    }

    /** Every file the backend wrote for this stack (state, backups, history), as text: to search for leaks. */
    backendText(): string {
        const texts: string[] = [];
        const walk = (d: string) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                const p = path.join(d, e.name);
                if (e.isDirectory()) walk(p);
                else if (p.includes(this.name)) texts.push(fs.readFileSync(p, "utf8"));
            }
        };
        walk(path.join(this.backend, ".pulumi"));
        return texts.join("\n");
    }

    urn(type: DeclaredResource["type"], name: string): string {
        return `urn:pulumi:${this.name}::entra-engine-tests::pulumi-nodejs:dynamic/entra:${type}::${name}`;
    }
}

/**
 * One emulator and one stack for the tests of a describe block: started (and `ready` run) before them,
 * the stack destroyed and the emulator stopped after them. `connect: false` leaves the stack's Graph
 * settings to the caller (stack config instead of the environment).
 */
export function stackOnEmulator(
    engine: Engine,
    name: string,
    opts: { emulator?: EmulatorOptions; env?: Record<string, string | undefined>; connect?: boolean },
    ready: (emu: GraphEmulator, stack: Stack) => Promise<void> | void,
): void {
    let emu: GraphEmulator | undefined;
    let stack: Stack | undefined;
    beforeAll(async () => {
        emu = await startEmulator(opts.emulator);
        stack = await new Stack(engine, name, { emulator: opts.connect === false ? undefined : emu, env: opts.env }).init();
        await ready(emu, stack);
    }, 60_000);
    afterAll(async () => {
        await stack?.destroy();
        await emu?.close();
    }, 120_000);
}
