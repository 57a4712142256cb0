// `npm run demo`: the main job with no Azure account. Starts the built-in Graph emulator and drives
// one extension of each family through the provider exactly as the Pulumi engine calls it (check,
// create, read, diff, update, delete), shows tenant drift being found and repaired, and prints the
// Graph requests each operation cost. Leaves nothing running and nothing behind.
//
// The real Pulumi CLI cannot be installed on this project's offline machines (see README, "Running
// under the Pulumi engine"); `examples/quickstart` is the same stack as a Pulumi program.

import { providers } from "../provider";
import { DEFAULT_CATALOG_ID, startEmulator } from "../provider/emulator";
import * as ops from "../provider/dynamic/operations";

const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const APP = "11111111-2222-4333-8444-555555555555";
const logicApp = { subscriptionId: SUB, resourceGroupName: "rg-identity", logicAppWorkflowName: "la-onboarding" };

const stack: { name: string; family: keyof typeof providers; inputs: Record<string, unknown>; drift: Record<string, unknown> }[] = [
    {
        name: "onboarding-task",
        family: "customTaskExtension",
        inputs: { displayName: "Onboarding: provision badge", endpointConfiguration: logicApp, callbackConfiguration: { timeoutDuration: "PT60M", authorizedApps: [APP] } },
        drift: { description: "edited in the portal" },
    },
    {
        name: "licence-check",
        family: "accessPackageWorkflowExtension",
        inputs: { catalogId: DEFAULT_CATALOG_ID, displayName: "Request: check licence", endpointConfiguration: logicApp, callbackConfiguration: { timeoutDuration: "P1D" } },
        drift: { clientConfiguration: { timeoutInMilliseconds: 2000 } },
    },
    {
        name: "hr-claims",
        family: "customAuthenticationExtension",
        inputs: {
            extensionType: "onTokenIssuanceStart",
            displayName: "Claims from HR",
            endpointConfiguration: { targetUrl: "https://claims.contoso.com/api/token" },
            authenticationConfiguration: { resourceId: `api://claims.contoso.com/${APP}` },
            claimsForTokenConfiguration: ["employeeId"],
        },
        drift: { displayName: "Claims from HR (renamed by hand)" },
    },
];

const step = (title: string) => process.stdout.write(`\n== ${title}\n`);
const line = (s: string) => process.stdout.write(`   ${s}\n`);

async function main() {
    const emu = await startEmulator();
    process.env.ENTRA_GRAPH_ENDPOINT = emu.url;
    process.env.ENTRA_ACCESS_TOKEN = emu.token;
    ops.reset();
    const costs: Record<string, Record<string, number>> = {};
    const measure = async <T>(family: string, op: string, f: () => Promise<T>): Promise<T> => {
        const before = emu.log.length;
        const r = await f();
        (costs[family] ??= {})[op] = emu.log.length - before;
        return r;
    };
    const state: Record<string, { id: string; outs: any; inputs: any }> = {};
    try {
        step(`Graph emulator listening on ${emu.url} (no Azure account needed; Node ${process.version})`);

        step("preview: check validates and canonicalizes each resource (no Graph call)");
        for (const r of stack) {
            const c = await measure(r.family, "check", () => providers[r.family].check!({}, r.inputs));
            if (c.failures?.length) throw new Error(`${r.name}: ${JSON.stringify(c.failures)}`);
            r.inputs = c.inputs;
            line(`+ ${r.family} ${r.name}: would create`);
        }
        line("a bad input fails here, naming the property and the rule, for example:");
        const bad = await providers.customTaskExtension.check!({}, { ...stack[0].inputs, clientConfiguration: { timeoutInMilliseconds: 5000 } });
        line(`  ${bad.failures![0].property}: ${bad.failures![0].reason}`);

        step("up: create");
        for (const r of stack) {
            const { id, outs } = await measure(r.family, "create", () => providers[r.family].create(r.inputs));
            state[r.name] = { id, outs, inputs: r.inputs };
            line(`+ ${r.family} ${r.name} created: id ${id}`);
        }

        step("preview again: read and diff find nothing to do");
        for (const r of stack) {
            const s = state[r.name];
            const read = await measure(r.family, "read", () => providers[r.family].read!(s.id, s.outs));
            const d = await measure(r.family, "diff", () => providers[r.family].diff!(s.id, read.props, r.inputs));
            line(`  ${r.name}: ${d.changes ? "CHANGES" : "no changes"}`);
        }

        step("someone edits the tenant by hand (out of band, in the emulator, not through the program)");
        for (const r of stack) {
            emu.mutate(state[r.name].id, r.drift);
            line(`~ ${r.name}: ${JSON.stringify(r.drift)}`);
        }

        step("preview --refresh: drift is reported property by property");
        for (const r of stack) {
            const s = state[r.name];
            const read = await providers[r.family].read!(s.id, s.outs);
            const d = await providers[r.family].diff!(s.id, read.props, r.inputs);
            const changed = Object.keys({ ...r.inputs, ...read.inputs }).filter((k) => JSON.stringify(r.inputs[k]) !== JSON.stringify(read.inputs![k]));
            for (const k of changed) line(`~ ${r.name}.${k}: tenant ${JSON.stringify(read.inputs![k]) ?? "(unset)"} -> program ${JSON.stringify(r.inputs[k]) ?? "(unset)"}`);
            if (!d.changes) throw new Error(`drift of ${r.name} was not reported`);
            s.outs = read.props;
        }

        step("up: the program's values are written back");
        for (const r of stack) {
            const s = state[r.name];
            const u = await measure(r.family, "update", () => providers[r.family].update!(s.id, s.outs, r.inputs));
            s.outs = u.outs;
            const again = await providers[r.family].read!(s.id, s.outs);
            const d = await providers[r.family].diff!(s.id, again.props, r.inputs);
            line(`~ ${r.name} repaired; preview now shows ${d.changes ? "CHANGES" : "no changes"}`);
        }

        step("destroy");
        for (const r of stack) {
            await measure(r.family, "delete", () => providers[r.family].delete!(state[r.name].id, state[r.name].outs));
            line(`- ${r.name} deleted`);
        }
        line(`objects left in the emulator: ${emu.objects().length}`);

        step("Graph requests per operation (from the emulator's log)");
        line(`${"family".padEnd(32)} check create read  diff update delete`);
        for (const [family, c] of Object.entries(costs))
            line(`${family.padEnd(32)} ${["check", "create", "read", "diff", "update", "delete"].map((op) => String(c[op] ?? "-").padStart(5)).join(" ")}`);
    } finally {
        await emu.close();
    }
    step("done: emulator stopped, nothing left behind");
}

main().catch((e) => {
    process.stderr.write(`demo failed: ${e?.message ?? e}\n`);
    process.exit(1);
});
