import os from "node:os";
import path from "node:path";

/**
 * Where the project keeps what it downloads between runs, outside the clone (the CLI, a Python venv, the plugin's
 * runtimes): `$PULUMI_CLI_CACHE`, else `$XDG_CACHE_HOME/pulumi-entra-extensions` (`~/.cache/...`), as scripts/pulumi-cli.sh.
 */
export const cacheRoot = (): string =>
    process.env.PULUMI_CLI_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-entra-extensions");
