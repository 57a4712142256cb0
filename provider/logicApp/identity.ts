// The app id (client id) of a Logic App's system-assigned identity, read from Graph: the identity's
// `principalId` is the object id of its service principal, whose `appId` is what Lifecycle Workflows names in a
// task extension's `callbackConfiguration.authorizedApps` (docs/logic-apps.md, "Its right to resume"). ARM does
// not give it; "the Microsoft Entra admin center only shows the Object ID" and the app id is looked up on the
// service principal (entra-docs configure-logic-app-lifecycle-workflows).
//
// What the read-only resource ExtensionLogicApp makes for `clientId` runs (providers/logicAppIdentity.ts):
// create and refresh read `GET /servicePrincipals/{principalId}?$select=appId` (Application.Read.All, or any
// directory read); a new principal replaces it; delete removes nothing from Graph (nothing was made there).
// The provider process signs in with the stack's `entra:*` settings, as the other resources do.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { GraphClient } from "../graph/client";
import { APPEARANCE_WAITS_MS, readUntil } from "../graph/replication";
import { ConfigGetter, GraphSettings, resolveSettings } from "../graph/settings";
import { GUID } from "../families/values";

/** A program's or test's own way in (the provider host passes none): where settings are read, a credential. */
export interface IdentityOptions {
    env?: NodeJS.ProcessEnv;
    credential?: GraphSettings["credential"];
    /** How long a create waits between reads for a new identity's service principal (APPEARANCE_WAITS_MS). */
    appearanceWaitsMs?: number[];
}

/** Per provider object: how it signs in (stack config from `configure`; never in the object, which Pulumi serializes). */
const configs = new WeakMap<object, ConfigGetter>();
const optionsOf = new WeakMap<object, IdentityOptions>();
const clients = new WeakMap<object, GraphClient>();

const settingsOf = (provider: object): GraphSettings => {
    const o = optionsOf.get(provider) ?? {};
    return { ...resolveSettings(configs.get(provider) ?? (() => undefined), o.env ?? process.env), credential: o.credential };
};

function graphOf(provider: object): GraphClient {
    let client = clients.get(provider);
    if (!client) clients.set(provider, (client = new GraphClient(settingsOf(provider))));
    return client;
}

/** The service principal's appId, or undefined when Graph does not hold it (after waiting `waits` for it to appear). */
export async function readAppId(graph: GraphClient, principalId: string, waits: number[] = []): Promise<string | undefined> {
    const operation = `read the service principal ${principalId} of the Logic App's identity`;
    const sp = await readUntil(
        () => graph.getIfPresent(`/servicePrincipals/${encodeURIComponent(principalId)}`, operation, { $select: "appId" }),
        (answer) => answer !== undefined,
        waits,
    );
    if (!sp) return undefined;
    if (typeof sp.appId !== "string" || !sp.appId) throw new Error(`${operation}: Graph's answer has no appId`);
    return sp.appId;
}

const principalOf = (inputs: Record<string, unknown>) => String(inputs.principalId ?? "");

/** The operations of the read-only resource, for the provider object `provider`. */
export const identityOperations = {
    setOptions(provider: object, options: IdentityOptions) {
        optionsOf.set(provider, options);
    },

    configure(provider: object, config: ConfigGetter) {
        configs.set(provider, config);
        clients.delete(provider);
    },

    async check(provider: object, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
        try {
            settingsOf(provider);
        } catch (e) {
            return { inputs: news, failures: [{ property: "", reason: `provider settings: ${(e as Error).message}` }] };
        }
        const id = news.principalId;
        // Unknown at preview until the workflow exists: not an error.
        if (id === undefined || (typeof id === "string" && GUID.test(id))) return { inputs: news };
        return {
            failures: [
                {
                    property: "principalId",
                    reason:
                        "must be the object id (a GUID) of the Logic App's system-assigned identity " +
                        `(got ${JSON.stringify(id)}); has the workflow an identity?`,
                },
            ],
        };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
        const changed = principalOf(olds).toLowerCase() !== principalOf(news).toLowerCase();
        return { changes: changed, replaces: changed ? ["principalId"] : [], deleteBeforeReplace: false };
    },

    async create(provider: object, inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
        const principalId = principalOf(inputs);
        const waits = optionsOf.get(provider)?.appearanceWaitsMs ?? APPEARANCE_WAITS_MS;
        const appId = await readAppId(graphOf(provider), principalId, waits);
        if (appId === undefined) {
            const waited = waits.reduce((a, b) => a + b, 0) / 1000;
            throw new Error(
                `the Logic App's identity ${principalId} has no service principal in the tenant that Graph serves ` +
                    `(none after ${waited} s): is the workflow in this stack's entra:tenantId?`,
            );
        }
        return { id: principalId, outs: { principalId, appId } };
    },

    /** A refresh: gone when the service principal is (the workflow's identity was removed). */
    async read(provider: object, id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult> {
        const appId = await readAppId(graphOf(provider), id);
        return appId === undefined ? { id: "", props: {} } : { id, props: { ...props, principalId: id, appId } };
    },
};
