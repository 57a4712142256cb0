// .github/workflows/release.yml: actionlint finds nothing in it (and does find a broken copy), and it does what a
// release needs: on a v* tag, every plugin archive and SDK built by the project's own commands, with the CLI whose
// gen-sdk made the committed sdk/; npm and PyPI published by trusted publishing (OIDC, no stored token); the Go
// module tagged sdk/v<version>. actionlint comes from the Go module proxy (`go install`), cached in
// ~/.cache/pulumi-entra-extensions; without Go the lint is skipped with the reason, and fails in CI.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { cacheRoot } from "../scripts/cacheRoot";
import { PULUMI_GO_SDK } from "../scripts/sdks";

const ACTIONLINT = "v1.7.12";
const file = path.join(__dirname, "../.github/workflows/release.yml");
const workflow = YAML.parse(fs.readFileSync(file, "utf8"));

/** actionlint, built once with `go install` into the cache; undefined with the reason when Go is missing. */
function actionlint(): { bin?: string; missing?: string } {
    const dir = path.join(cacheRoot(), `actionlint-${ACTIONLINT}`);
    const bin = path.join(dir, "actionlint");
    if (fs.existsSync(bin)) return { bin };
    try {
        execFileSync("go", ["version"], { stdio: "ignore" });
    } catch {
        return { missing: "the Go toolchain (actionlint is installed with go install)" };
    }
    execFileSync("go", ["install", `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT}`], {
        env: { ...process.env, GOBIN: dir },
        stdio: "pipe",
    });
    return { bin };
}

const lint = (bin: string, target: string) => spawnSync(bin, ["-no-color", target], { encoding: "utf8" });

describe("actionlint", () => {
    const { bin, missing } = actionlint();
    if (missing && !process.env.CI) {
        process.stderr.write(`releaseWorkflow: actionlint skipped: needs ${missing}\n`);
        test.skip(`release.yml passes actionlint (skipped: needs ${missing})`, () => undefined);
        return;
    }
    test("release.yml passes actionlint", () => {
        expect(missing).toBeUndefined();
        const r = lint(bin!, file);
        expect([r.status, r.stdout + r.stderr]).toEqual([0, ""]);
    });
    test("actionlint reports a broken copy (the lint can fail)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-actionlint-"));
        const broken = path.join(dir, "release.yml");
        fs.writeFileSync(broken, fs.readFileSync(file, "utf8").replace("${{ github.token }}", "${{ github.no_such_thing }}"));
        const r = lint(bin!, broken);
        fs.rmSync(dir, { recursive: true, force: true });
        expect(r.status).toBe(1);
        expect(r.stdout).toMatch(/no_such_thing/);
    });
});

const steps = (job: string): any[] => workflow.jobs[job].steps;
const runs = (job: string) =>
    steps(job)
        .map((s) => s.run ?? "")
        .join("\n");

test("a v* tag starts it, and the build job uses the project's own commands for every archive and SDK", () => {
    expect(workflow.on).toEqual({ push: { tags: ["v*"] } });
    expect(runs("build")).toContain("npm run build:plugin -- --all");
    expect(runs("build")).toContain("npm run build:sdks");
    expect(runs("build")).toMatch(/git diff --exit-code -- schema\.json sdk/);
    expect(runs("build")).toMatch(/npm pack/);
    // gen-sdk of the CLI the tests run: the release's sdk/ is the one committed and tested.
    const cli = steps("build").find((s) => String(s.uses).startsWith("pulumi/actions@"));
    expect(`v${cli.with["pulumi-version"]}`).toBe(PULUMI_GO_SDK);
    const uploaded = steps("build").find((s) => String(s.uses).startsWith("actions/upload-artifact@")).with.path;
    expect(uploaded).toMatch(/dist\/plugin\/pulumi-resource-entra-\*/);
    expect(uploaded).toMatch(/dist\/sdk\/python\/\*/);
});

test("npm and PyPI are published by trusted publishing: an OIDC token, no stored secret", () => {
    const text = fs.readFileSync(file, "utf8");
    expect(text).not.toMatch(/secrets\.|NPM_TOKEN|NODE_AUTH_TOKEN|PYPI_API_TOKEN|password:/);
    for (const job of ["npm", "pypi"]) expect([job, workflow.jobs[job].permissions["id-token"]]).toEqual([job, "write"]);
    // Nothing but the publishing jobs may ask for an OIDC token.
    for (const [name, job] of Object.entries<any>(workflow.jobs))
        if (!["npm", "pypi"].includes(name)) expect([name, job.permissions?.["id-token"]]).toEqual([name, undefined]);
    expect(runs("npm")).toMatch(/npm install -g npm@\^11\.5\.1[\s\S]*npm publish dist\/npm\/\*\.tgz/);
    expect(steps("pypi").find((s) => String(s.uses).startsWith("pypa/gh-action-pypi-publish@")).with["packages-dir"]).toBe(
        "dist/sdk/python",
    );
});

test("the GitHub release gets every archive, and the Go SDK is tagged sdk/v<version>", () => {
    expect(workflow.jobs["github-release"].permissions).toEqual({ contents: "write" });
    expect(runs("github-release")).toMatch(/gh release create "\$GITHUB_REF_NAME"[\s\S]*dist\/plugin\/pulumi-resource-entra-\*/);
    expect(runs("github-release")).toMatch(/git tag "sdk\/\$GITHUB_REF_NAME"/);
    expect(runs("github-release")).toMatch(/git push origin "refs\/tags\/sdk\/\$GITHUB_REF_NAME"/);
});
