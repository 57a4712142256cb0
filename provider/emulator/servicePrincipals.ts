// The service principals the emulator's directory holds, read as Graph serves them: `GET /servicePrincipals/{id}`
// and `GET /servicePrincipals(appId='{appId}')` (https://learn.microsoft.com/graph/api/serviceprincipal-get),
// and a list with `$filter=appId eq '...'`. Two kinds:
// - the system-assigned identity of each Logic App on the emulator's ARM surface: ARM's `identity.principalId`
//   is "the service principal ID of the system assigned identity" (Azure's ManagedServiceIdentity model), so
//   the directory holds a service principal of that id, `servicePrincipalType: ManagedIdentity`, its resource id
//   among `alternativeNames` (the servicePrincipal resource page), for as long as the workflow exists; its
//   app id is made once per principal and kept;
// - apps a test or a user adds (`GraphEmulator.addServicePrincipal`), such as a Logic App's stand-in identity.
// A missing one is the directory's 404, `Request_ResourceNotFound` with its message (as Graph answers a
// directory object id it does not hold).

import { randomUUID } from "node:crypto";
import { GraphFailure, Json } from "./failures";

export interface ServicePrincipal {
    id: string;
    appId: string;
    displayName: string;
    servicePrincipalType: "Application" | "ManagedIdentity";
    alternativeNames: string[];
    accountEnabled: boolean;
}

/** A managed identity the ARM surface holds: its principal id, its resource's name and id. */
export interface ManagedIdentity {
    principalId: string;
    name: string;
    resourceId: string;
}

const PATH = /^\/(?:v1\.0|beta)\/servicePrincipals(?:\/([^/(]+)|\(appId='([^']*)'\))?\/?$/i;
const same = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/** The directory's answer to an object id it does not hold. */
export const directoryNotFound = (id: string) =>
    new GraphFailure(
        404,
        "Request_ResourceNotFound",
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );

export class ServicePrincipals {
    private readonly added = new Map<string, ServicePrincipal>();
    /** The app id of each managed identity's service principal, made on first sight and kept. */
    private readonly appIds = new Map<string, string>();

    constructor(private readonly identities: () => ManagedIdentity[]) {}

    reset() {
        this.added.clear();
    }

    all(): ServicePrincipal[] {
        const managed = this.identities().map((i): ServicePrincipal => ({
            id: i.principalId,
            appId: this.appIdOf(i.principalId),
            displayName: i.name,
            servicePrincipalType: "ManagedIdentity",
            alternativeNames: [i.resourceId],
            accountEnabled: true,
        }));
        return [...managed, ...this.added.values()];
    }

    byId(id: string): ServicePrincipal | undefined {
        return this.all().find((s) => same(s.id, id));
    }

    byAppId(appId: string): ServicePrincipal | undefined {
        return this.all().find((s) => same(s.appId, appId));
    }

    /** Adds an application's service principal (the app id's one, if it has one already). */
    add(sp: { appId: string; id?: string; displayName?: string }): ServicePrincipal {
        const held = this.byAppId(sp.appId);
        if (held) return held;
        const made: ServicePrincipal = {
            id: sp.id ?? randomUUID(),
            appId: sp.appId,
            displayName: sp.displayName ?? sp.appId,
            servicePrincipalType: "Application",
            alternativeNames: [],
            accountEnabled: true,
        };
        this.added.set(made.id, made);
        return made;
    }

    /** The answer to a request on /servicePrincipals, or undefined for a path it does not serve. */
    handle(method: string, path: string, query: URLSearchParams): { status: number; body?: Json } | undefined {
        const m = PATH.exec(path);
        if (!m) return undefined;
        // Only what the provider and the emulator's resume check need: reads.
        if (method !== "GET") throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported on servicePrincipals here.`);
        const select = query.get("$select");
        if (m[1] !== undefined || m[2] !== undefined) {
            const key = decodeURIComponent(m[1] ?? m[2]);
            const sp = m[1] !== undefined ? this.byId(key) : this.byAppId(key);
            if (!sp) throw directoryNotFound(key);
            return { status: 200, body: project(sp, select) };
        }
        const filter = query.get("$filter");
        let held = this.all();
        if (filter !== null) {
            const f = /^\s*(appId|id)\s+eq\s+'([^']*)'\s*$/i.exec(filter);
            // (ours) Graph filters service principals on many properties; the emulator serves these two.
            if (!f) throw new GraphFailure(400, "Request_UnsupportedQuery", `Unsupported filter on servicePrincipals: ${filter}`);
            held = held.filter((s) => same(f[1].toLowerCase() === "id" ? s.id : s.appId, f[2]));
        }
        return { status: 200, body: { value: held.map((s) => project(s, select)) } };
    }

    private appIdOf(principalId: string): string {
        const k = principalId.toLowerCase();
        let appId = this.appIds.get(k);
        if (!appId) this.appIds.set(k, (appId = randomUUID()));
        return appId;
    }
}

function project(sp: ServicePrincipal, select: string | null): Json {
    if (select === null) return { ...sp };
    const keys = select.split(",").map((s) => s.trim().toLowerCase());
    return Object.fromEntries(Object.entries(sp).filter(([k]) => keys.includes(k.toLowerCase())));
}
