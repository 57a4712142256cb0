// For tests, the demo and users' offline CI: where the stand-in plugin is and the environment a
// `pulumi` command needs to run an ExtensionLogicApp program against the emulator through it.
// Nothing here is loaded by the package's main entry: a normal program never meets the stand-in.
import fs from "node:fs";
import path from "node:path";

/** This package's root, from the source tree (tests) or from dist/ (installed). */
function packageRoot(): string {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pulumi-entra-extensions") return dir;
    }
    throw new Error(`pulumi-entra-extensions: no package root above ${__dirname}`);
}

/** The directory holding `pulumi-resource-azure-native` (the stand-in's launcher): put it first on PATH. */
export function azureNativeStandInDir(): string {
    const root = packageRoot();
    const dir = path.join(root, "provider/emulator/azureNativeStandIn/bin");
    const launcher = path.join(dir, "pulumi-resource-azure-native");
    if (!fs.existsSync(path.join(root, "dist/provider/emulator/azureNativeStandIn/plugin.js")))
        throw new Error(`the stand-in is not built: run \`npm run build\` in ${root}`);
    // Installs that drop the executable bit (some archive tools) get it back here.
    if (!(fs.statSync(launcher).mode & 0o100)) fs.chmodSync(launcher, 0o755);
    return dir;
}

export interface StandInTarget {
    /** The emulator's base URL: its ARM surface and its Graph side. */
    url: string;
    /** The emulator's bearer token (not a credential). */
    token: string;
}

/**
 * The variables for a `pulumi` command whose azure-native resources should go to the emulator: PATH
 * with the stand-in first, ENTRA_ARM_ENDPOINT and ARM_SUBSCRIPTION_ID for the stand-in, and the Graph
 * settings the extension resources read (ENTRA_GRAPH_ENDPOINT, ENTRA_ACCESS_TOKEN).
 */
export function azureNativeStandInEnv(
    emulator: StandInTarget,
    subscriptionId: string,
    basePath = process.env.PATH ?? "",
): Record<string, string> {
    return {
        PATH: [azureNativeStandInDir(), basePath].filter(Boolean).join(path.delimiter),
        ENTRA_ARM_ENDPOINT: emulator.url,
        ARM_SUBSCRIPTION_ID: subscriptionId,
        ENTRA_GRAPH_ENDPOINT: emulator.url,
        ENTRA_ACCESS_TOKEN: emulator.token,
    };
}
