// The GitHub Actions examples parse, use only actions and inputs those actions declare, and sign in
// with OIDC rather than a stored Azure secret. Input lists were read from each action's action.yml
// (stored copies of pulumi/actions, Azure/login and actions/checkout); setup-node's `cache` input is
// from its documentation (v2.2 and later), the stored action.yml being older.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

const dir = path.resolve(__dirname, "../examples/github-actions/.github/workflows");
const KNOWN: Record<string, string[]> = {
    "actions/checkout@v4": ["repository", "ref", "token", "fetch-depth", "path"],
    "actions/setup-node@v4": ["node-version", "cache", "registry-url"],
    "azure/login@v2": [
        "client-id",
        "tenant-id",
        "subscription-id",
        "allow-no-subscriptions",
        "enable-AzPSSession",
        "environment",
        "audience",
        "creds",
    ],
    "pulumi/actions@v6": [
        "command",
        "stack-name",
        "work-dir",
        "comment-on-pr",
        "github-token",
        "cloud-url",
        "secrets-provider",
        "parallel",
        "message",
        "expect-no-changes",
        "diff",
        "replace",
        "target",
        "target-dependents",
        "refresh",
        "upsert",
        "edit-pr-comment",
        "color",
    ],
};
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yml"));

test("there is a PR preview and a drift check", () => {
    expect(files.sort()).toEqual(["drift-check.yml", "pulumi-preview.yml"]);
});

test.each(files)("%s parses and uses only known actions and inputs", (file) => {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    expect(doc.permissions["id-token"]).toBe("write");
    const steps = Object.values<any>(doc.jobs).flatMap((j) => j.steps);
    for (const s of steps.filter((x) => x.uses)) {
        expect(Object.keys(KNOWN)).toContain(s.uses);
        for (const input of Object.keys(s.with ?? {}))
            expect([s.uses, input, KNOWN[s.uses].includes(input)]).toEqual([s.uses, input, true]);
    }
    const pulumi = steps.find((x) => x.uses === "pulumi/actions@v6");
    expect(pulumi.with).toMatchObject({ command: "preview", refresh: true, diff: true });
    if (file === "drift-check.yml") expect(pulumi.with["expect-no-changes"]).toBe(true);
    else expect(pulumi.with["comment-on-pr"]).toBe(true);
    expect(JSON.stringify(doc)).not.toMatch(/client-secret|AZURE_CLIENT_SECRET|creds:/);
});
