#!/usr/bin/env node
// `entra-graph-emulator`: the emulator as a command, for local work and users' CI.
import { parseArgs } from "node:util";
import { CLOUDS, CloudName } from "../graph/settings";
import { DEFAULT_CATALOG_ID, startEmulator } from "./server";
import { fireCommand } from "./fire/command";

const USAGE = `Usage: entra-graph-emulator [options]
       entra-graph-emulator fire <extension id> [options]   (fire --help for its options)

A local Microsoft Graph for custom extensions (task, access package and authentication extensions) and what
makes them fire (authentication event listeners, Lifecycle workflows, access package policies).

Options:
  --port N          port to listen on (default 0: a free one)
  --host H          address to listen on (default 127.0.0.1)
  --token T         bearer token clients must send (default $ENTRA_ACCESS_TOKEN, else "emulator-token")
  --latency-ms N    delay added to every Graph answer (default 0)
  --catalog ID      an access package catalog that exists from the start (repeatable)
  --page-size N     objects per page of a collection (default 100, as Graph pages)
  --cloud NAME      the national cloud whose Graph metadata it serves: AzureCloud (default), AzureUSGovernment,
                    AzureUSGovernmentDoD, AzureChinaCloud
  -h, --help        show this help

The lines it prints on start can be pasted into a shell; stop it with Ctrl+C or a signal to its pid (or to npx's or
npm's, when started through them).`;

function fail(message: string): never {
    process.stderr.write(`entra-graph-emulator: ${message}\nRun with --help for the options.\n`);
    process.exit(2);
}

function wholeNumber(name: string, raw: string | undefined, dflt: number): number {
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number, 0 or more (got "${raw}")`);
    return n;
}

async function main() {
    if (process.argv[2] === "fire") {
        process.exitCode = await fireCommand(process.argv.slice(3));
        return;
    }
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                port: { type: "string" },
                host: { type: "string" },
                token: { type: "string" },
                "latency-ms": { type: "string" },
                catalog: { type: "string", multiple: true },
                cloud: { type: "string" },
                "page-size": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        fail((e as Error).message);
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return;
    }
    const port = wholeNumber("port", values.port, 0);
    const cloud = (values.cloud ?? "AzureCloud") as CloudName;
    if (!(cloud in CLOUDS)) fail(`--cloud must be one of ${Object.keys(CLOUDS).join(", ")} (got "${values.cloud}")`);
    if (port > 65535) fail(`--port must be at most 65535 (got ${port})`);
    let emu;
    try {
        emu = await startEmulator({
            port,
            host: values.host,
            token: values.token ?? process.env.ENTRA_ACCESS_TOKEN,
            latencyMs: wholeNumber("latency-ms", values["latency-ms"], 0),
            catalogs: values.catalog,
            cloud,
            pageSize: values["page-size"] === undefined ? undefined : Math.max(1, wholeNumber("page-size", values["page-size"], 100)),
        });
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === "EADDRINUSE") fail(`port ${port} is already in use; choose another with --port, or --port 0 for a free one`);
        if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") fail(`cannot listen on ${values.host}: ${err.code}`);
        throw e;
    }
    // Every line is either a comment or a command, so the block can be pasted into a shell as it is.
    process.stdout.write(
        `# Graph emulator (${cloud}) listening on ${emu.url}\n` +
            `export ENTRA_GRAPH_ENDPOINT=${emu.url}\n` +
            `# the emulator's own token, not a credential:\n` +
            `export ENTRA_ACCESS_TOKEN=${emu.token}\n` +
            `# access package catalog ready: ${DEFAULT_CATALOG_ID}\n` +
            `# control (same token): GET ${emu.url}/_emulator/log, POST /_emulator/faults, POST /_emulator/reset\n`,
    );
    // A client holding a connection open must not keep a stopped emulator alive: it exits within a second regardless.
    const stop = () => {
        setTimeout(() => process.exit(0), 1000).unref();
        void emu.close().then(() => process.exit(0));
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
    // Started through npm (`npx entra-graph-emulator`, `npm run emulator`), it runs under `sh -c` under npm: a signal
    // to npm's pid reaches that shell, which ends without passing it on. Its parent going away is the signal then.
    if (process.env.npm_lifecycle_event !== undefined) {
        const parent = process.ppid;
        setInterval(() => process.ppid !== parent && stop(), 250).unref();
    }
}

main().catch((e) => {
    process.stderr.write(`entra-graph-emulator: ${(e as Error)?.message ?? e}\n`);
    process.exit(1);
});
