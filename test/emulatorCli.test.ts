// The `entra-graph-emulator` command as a user runs it: --help, --port=N and --port N, a busy port,
// unknown options, and start-up lines that can be pasted into a shell.
import { ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";

const cli = path.resolve(__dirname, "../dist/provider/emulator/cli.js");
const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [cli, ...args], { encoding: "utf8" }).then(
        (r) => ({ code: 0, ...r }),
        (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
    );

async function freePort(): Promise<number> {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((r) => srv.close(r));
    return port;
}

/** Starts the command and resolves with its start-up lines once they are all out. */
function start(args: string[]): Promise<{ child: ChildProcess; text: string }> {
    const child = spawn(process.execPath, [cli, ...args]);
    return new Promise((resolve, reject) => {
        let text = "";
        child.stdout.on("data", (d) => {
            text += d;
            if (text.includes("/_emulator/reset")) resolve({ child, text });
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}`)));
    });
}

/** The pids below `pid`, children first. */
function descendants(pid: number): number[] {
    const children = (p: number): number[] =>
        fs
            .readdirSync(`/proc/${p}/task`)
            .flatMap((t) => fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
    const out: number[] = [];
    for (const c of children(pid)) out.push(c, ...descendants(c));
    return out;
}

/** Whether the process runs (not gone, not a zombie waiting to be reaped). */
function running(pid: number): boolean {
    try {
        return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    } catch {
        return false;
    }
}

const listening = (port: number) =>
    new Promise<boolean>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => (socket.destroy(), resolve(true)));
        socket.on("error", () => resolve(false));
    });

test("started through npx, a signal to npx's pid stops the server (npm's shell does not pass it on)", async () => {
    if (process.platform !== "linux") return; // the process tree is read from /proc
    const npx = spawn("npx", ["--no-install", "entra-graph-emulator", "--port", "0"], { cwd: path.resolve(__dirname, "..") });
    const below: number[] = [];
    try {
        const text = await new Promise<string>((resolve, reject) => {
            let out = "";
            npx.stdout.on("data", (d) => (out += d) && out.includes("/_emulator/reset") && resolve(out));
            npx.on("exit", (code) => reject(new Error(`npx exited ${code}`)));
        });
        const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text)![1]);
        below.push(...descendants(npx.pid!));
        expect(await listening(port)).toBe(true);
        npx.kill("SIGTERM");
        // The processes, not the port, are watched: other tests' servers may be given the same port once it is free.
        let left = below;
        for (let i = 0; i < 300 && left.length; i++) {
            await new Promise((r) => setTimeout(r, 100));
            left = below.filter(running);
        }
        expect(left).toEqual([]);
    } finally {
        for (const pid of [npx.pid!, ...below])
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                /* gone already */
            }
    }
});

test("--help prints the options and exits without starting a server", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: entra-graph-emulator \[options\]/);
    expect(r.stdout).toMatch(/--port N/);
    expect(r.stdout).not.toMatch(/listening/);
});

test("--port=N and --port N are both honoured, and the start-up lines paste into a shell", async () => {
    for (const form of [(p: number) => [`--port=${p}`], (p: number) => ["--port", String(p)]]) {
        const port = await freePort();
        const { child, text } = await start([...form(port), "--token", "paste-me"]);
        try {
            expect(text).toContain(`http://127.0.0.1:${port}`);
            // Pasted as is: every line is a comment or an export.
            const { stdout } = await promisify(execFile)(
                "bash",
                ["-c", `set -e\n${text}\necho "$ENTRA_GRAPH_ENDPOINT $ENTRA_ACCESS_TOKEN"`],
                { encoding: "utf8" },
            );
            expect(stdout.trim()).toBe(`http://127.0.0.1:${port} paste-me`);
            const res = await fetch(`http://127.0.0.1:${port}/v1.0/identity/customAuthenticationExtensions`, {
                headers: { Authorization: "Bearer paste-me" },
            });
            expect(res.status).toBe(200);
        } finally {
            child.kill("SIGTERM");
        }
    }
});

test("a busy port is one line saying what to do, not a stack trace", async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as net.AddressInfo).port;
    try {
        const r = await run(["--port", String(port)]);
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(
            `entra-graph-emulator: port ${port} is already in use; choose another with --port, or --port 0 for a free one\n` +
                "Run with --help for the options.\n",
        );
    } finally {
        srv.close();
    }
});

test.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["--port", "eighty"], /--port must be a whole number, 0 or more \(got "eighty"\)/],
    [["--cloud", "Mars"], /--cloud must be one of AzureCloud, AzureUSGovernment, AzureUSGovernmentDoD, AzureChinaCloud \(got "Mars"\)/],
])("%j is refused with exit 2 and a one-line reason", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
});
