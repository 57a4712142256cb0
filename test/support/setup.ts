// Test plumbing: provider objects pointed at an emulator on loopback through the same
// settings users give (ENTRA_GRAPH_ENDPOINT, ENTRA_ACCESS_TOKEN, ...), passed to each provider's own
// context: no test changes process.env, and a test with other settings makes providers of its own.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { GraphEmulator } from "../../provider/emulator";
import { families, FamilyName } from "../../provider/families";
import type { ContextOptions } from "../../provider/operations";
import { makeProvider } from "../../provider/dynamic/makeProvider";

/** The settings that point the operations at `emu`, with `more` on top (e.g. ENTRA_MAX_RETRIES). */
export function emulatorEnv(emu: GraphEmulator, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { ENTRA_GRAPH_ENDPOINT: emu.url, ENTRA_ACCESS_TOKEN: emu.token, ENTRA_REQUEST_TIMEOUT_MS: "5000", ...more };
}

export type Providers = Record<FamilyName, dynamic.ResourceProvider> & Record<string, any>;

/** One provider object per family, each with a context of its own built from `emulatorEnv(emu, more)`. */
export function providersFor(emu: GraphEmulator, more: NodeJS.ProcessEnv = {}, options: Omit<ContextOptions, "env"> = {}): Providers {
    const env = emulatorEnv(emu, more);
    return Object.fromEntries(Object.keys(families).map((name) => [name, makeProvider(name, { ...options, env })])) as Providers;
}

export const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
export const APP = "11111111-2222-4333-8444-555555555555";

/** A GET of a whole collection (no object id at its end): the look-up of what a new resource would meet (ownership.ts). */
export const isListing = (e: { method: string; path: string }): boolean =>
    e.method === "GET" && !/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(e.path.split("?")[0]);
