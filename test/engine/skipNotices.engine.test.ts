// `npm test` says which suites it will skip, why and what to set, before it runs them: here a jest run of the plugin's
// YAML suite and the metadata check, with a Pulumi CLI that has no language plugins beside it and no Microsoft
// metadata, is stopped as soon as it has said so (before it packs and installs anything).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { joined } from "../support/regex";
import { describeEngine } from "./harness";

const root = path.resolve(__dirname, "../..");

describeEngine("what npm test skips, it says, with what to set", (engine) => {
    test("a CLI without the language plugins, and no ENTRA_GRAPH_METADATA_DIR: both named before any test runs", async () => {
        const scratch = fs.mkdtempSync(path.join(engine.work, "skips-"));
        // The CLI alone, as a `pulumi` on PATH without the Python, YAML and Go language plugins, and no cache to find them in.
        const bare = path.join(scratch, "bin");
        fs.mkdirSync(bare);
        for (const f of ["pulumi", "pulumi-language-nodejs"]) fs.symlinkSync(path.join(engine.cli, f), path.join(bare, f));
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: [bare, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
            PULUMI_CLI_CACHE: path.join(scratch, "cache"),
            TMPDIR: scratch,
        };
        for (const k of ["CI", "PULUMI_LANGUAGE_PLUGINS_ARCHIVE", "PULUMI_CLI_ARCHIVE", "ENTRA_GRAPH_METADATA_DIR", "ENTRA_ENGINE_CLI"])
            delete env[k];
        const jest = path.join(root, "node_modules/jest/bin/jest.js");
        const child = spawn(process.execPath, [jest, "test/engine/pluginYaml.engine.test.ts", "test/metadata.test.ts"], {
            cwd: root,
            env,
            detached: true,
        });
        let err = "";
        try {
            await new Promise<void>((resolve) => {
                child.stderr.on("data", (d) => {
                    err += d;
                    if (err.includes("packing and installing")) resolve();
                });
                child.on("exit", () => resolve());
            });
        } finally {
            try {
                process.kill(-child.pid!, "SIGKILL");
            } catch {
                /* gone already */
            }
        }
        expect(err).toContain("skipped, and what to set to run them:");
        expect(err).toMatch(
            joined(
                /- test\/engine\/pluginYaml\.engine\.test\.ts, the plugin from a YAML program, and pulumi import: /,
                /needs pulumi-language-yaml beside the CLI in \S+ /,
                /\(set PULUMI_LANGUAGE_PLUGINS_ARCHIVE to Pulumi's language plugins archive/,
            ),
        );
        expect(err).toMatch(/- test\/metadata\.test\.ts, graphMetadata\.json against Microsoft's files: needs ENTRA_GRAPH_METADATA_DIR/);
        expect(err).not.toContain("pluginPython");
    }, 120_000);
});
