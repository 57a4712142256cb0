#!/usr/bin/env node
// `entra-graph-emulator [--port N] [--token T] [--latency-ms N]`: the emulator as a command, for users' CI.
import { DEFAULT_CATALOG_ID, startEmulator } from "./server";

function arg(name: string): string | undefined {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
    const emu = await startEmulator({
        port: Number(arg("port") ?? 0),
        token: arg("token") ?? process.env.ENTRA_ACCESS_TOKEN,
        latencyMs: Number(arg("latency-ms") ?? 0),
    });
    process.stdout.write(
        `Graph emulator listening on ${emu.url}\n` +
            `  export ENTRA_GRAPH_ENDPOINT=${emu.url}\n` +
            `  export ENTRA_ACCESS_TOKEN=${emu.token}   (the emulator's own token, not a credential)\n` +
            `  catalog ready for access package extensions: ${DEFAULT_CATALOG_ID}\n` +
            `  control: GET ${emu.url}/_emulator/log, POST /_emulator/faults, POST /_emulator/reset (same bearer token)\n`,
    );
    const stop = () => void emu.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

main().catch((e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
});
