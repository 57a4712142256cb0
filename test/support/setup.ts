// Test plumbing: a real emulator on loopback, and the engine pointed at it through the same
// environment variables users set (ENTRA_GRAPH_ENDPOINT, ENTRA_ACCESS_TOKEN).
import * as ops from "../../provider/dynamic/operations";
import { GraphEmulator, startEmulator } from "../../provider/emulator";

export async function emulatorForTests(options: { latencyMs?: number } = {}): Promise<GraphEmulator> {
    const emu = await startEmulator(options);
    process.env.ENTRA_GRAPH_ENDPOINT = emu.url;
    process.env.ENTRA_ACCESS_TOKEN = emu.token;
    process.env.ENTRA_REQUEST_TIMEOUT_MS = "5000";
    ops.reset();
    return emu;
}

export const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
export const APP = "11111111-2222-4333-8444-555555555555";
