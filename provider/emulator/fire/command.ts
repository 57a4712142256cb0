// `entra-graph-emulator fire <extension id>`: asks a running emulator to fire one of its extensions and
// prints the verdict. The firing runs inside the emulator, where the resume calls of a Logic App arrive.

import http from "node:http";
import https from "node:https";
import { parseArgs } from "node:util";
import { describe, Verdict } from "./verdict";

export const FIRE_USAGE = `Usage: entra-graph-emulator fire <extension id> [options]

Sends the call Entra makes for the extension's type (an authentication event, the Lifecycle Workflows task
call, an entitlement management stage) to its endpoint, with the token Entra would carry, checks the answer
(and the Logic App's resume) as Entra would, and prints the verdict. Exit 0 when it passes, 1 on a violation.

Options:
  --url U                 send to U instead of the extension's own endpoint (a local API, a stand-in Logic App)
  --stage S               entitlement management: the stage, or CustomExtensionConnectionTest
  --attribute NAME=VALUE  a sign-up attribute (attribute collection events; repeatable; numbers and true/false typed)
  --user-upn UPN          the user's userPrincipalName (and mail)
  --app-id ID             the application signed in to
  --password-key FILE     onPasswordSubmit: PEM public key of the API's app registration to encrypt the password to
  --callback-timeout-ms N wait N ms for a Logic App's resume instead of the extension's timeoutDuration
  --json                  print the verdict as JSON
  --emulator URL          the emulator (default $ENTRA_GRAPH_ENDPOINT)
  --token T               its token (default $ENTRA_ACCESS_TOKEN)
  -h, --help              show this help`;

const typed = (v: string): string | number | boolean => (v === "true" ? true : v === "false" ? false : /^-?\d+$/.test(v) ? Number(v) : v);

/** Runs the command; resolves with the exit code. */
export async function fireCommand(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
    const usage = (m: string) => {
        err.write(`entra-graph-emulator fire: ${m}\nRun with --help for the options.\n`);
        return 2;
    };
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                url: { type: "string" },
                stage: { type: "string" },
                attribute: { type: "string", multiple: true },
                "user-upn": { type: "string" },
                "app-id": { type: "string" },
                "password-key": { type: "string" },
                "callback-timeout-ms": { type: "string" },
                json: { type: "boolean" },
                emulator: { type: "string" },
                token: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            allowPositionals: true,
            strict: true,
        });
    } catch (e) {
        return usage((e as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
        out.write(`${FIRE_USAGE}\n`);
        return 0;
    }
    if (positionals.length !== 1) return usage("give one extension id");
    const emulator = values.emulator ?? process.env.ENTRA_GRAPH_ENDPOINT;
    const token = values.token ?? process.env.ENTRA_ACCESS_TOKEN ?? "emulator-token";
    if (!emulator) return usage("give --emulator URL or set ENTRA_GRAPH_ENDPOINT (the lines the emulator prints on start)");
    const attributes: Record<string, string | number | boolean> = {};
    for (const a of values.attribute ?? []) {
        const eq = a.indexOf("=");
        if (eq < 1) return usage(`--attribute takes NAME=VALUE (got "${a}")`);
        attributes[a.slice(0, eq)] = typed(a.slice(eq + 1));
    }
    const wait = values["callback-timeout-ms"];
    if (wait !== undefined && !/^\d+$/.test(wait)) return usage(`--callback-timeout-ms must be a whole number (got "${wait}")`);
    const upn = values["user-upn"];
    const options = {
        url: values.url,
        stage: values.stage,
        attributes: values.attribute ? attributes : undefined,
        user: upn ? { userPrincipalName: upn, mail: upn } : undefined,
        application: values["app-id"] ? { appId: values["app-id"] } : undefined,
        passwordEncryptionKey: values["password-key"] ? require("node:fs").readFileSync(values["password-key"], "utf8") : undefined,
        callbackTimeoutMs: wait === undefined ? undefined : Number(wait),
    };
    let res: { status: number; text: string };
    try {
        const url = `${emulator.replace(/\/+$/, "")}/_emulator/fire/${encodeURIComponent(positionals[0])}`;
        res = await post(url, { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, JSON.stringify(options));
    } catch (e) {
        return usage(`cannot reach the emulator at ${emulator}: ${(e as Error).message}`);
    }
    let body: any;
    try {
        body = JSON.parse(res.text);
    } catch {
        return usage(`the emulator at ${emulator} answered HTTP ${res.status}, not JSON: is it the emulator?`);
    }
    if (res.status < 200 || res.status > 299) return usage(body?.error?.message ?? `the emulator answered HTTP ${res.status}`);
    const verdict = body as Verdict;
    out.write(values.json ? `${JSON.stringify(verdict, null, 2)}\n` : `${describe(verdict)}\n`);
    return verdict.ok ? 0 : 1;
}

/**
 * One POST, waiting as long as the answer takes: the emulator answers a launch-and-wait Logic App only once
 * the resume came or its timeoutDuration (up to 14 days) passed, longer than fetch waits for headers (300 s).
 */
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
        const req = (url.startsWith("https:") ? https : http).request(url, { method: "POST", headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
            res.on("error", reject);
        });
        req.on("error", reject);
        req.end(body);
    });
}
