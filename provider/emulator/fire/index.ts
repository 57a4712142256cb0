// The emulator playing Entra's side of an extension: `fire(id)` sends the call Entra makes for the
// extension's type to its endpoint (or to a URL given instead), with the token Entra would carry, and
// checks the answer and, for a Logic App that waits, its resume. The emulator's own HTTP routes for it
// (OpenID configuration, JWKS, token, resume) are served from `handle`.

import { KeyObject, createPublicKey, generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import { GraphFailure, Json, withHash } from "../failures";
import type { CloudName } from "../../graph/settings";
import {
    ACCESS_PACKAGE_EXTENSIONS as ACCESS_PACKAGE_TYPES,
    AUTHENTICATION_EVENT_EXTENSIONS as AUTHENTICATION_EXTENSION_TYPES,
    CUSTOM_TASK_EXTENSION_ARGUMENT_NAME as CUSTOM_TASK_EXTENSION_ARGUMENT,
    STAGE_RUNS as STAGES,
} from "../graphFacts";
import { durationSeconds, typeKeyOf } from "../../families/values";
import { KINDS } from "../../logicApp/kinds";
import { logicAppResourcePath } from "../../azure/resourcePath";
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, fireAuthentication } from "./authentication";
import { Attempt, post } from "./call";
import { CODES } from "./check";
import { Caller, Callbacks, waitUsed } from "./callbacks";
import type { Directory } from "./resumeRights";
import { roleDefinition } from "../roleAssignments";
import {
    AttributeValue,
    AuthenticationEvent,
    DEFAULT_APPLICATION,
    DEFAULT_ATTRIBUTES,
    DEFAULT_USER,
    EVENTS,
    FireApplication,
    FireUser,
} from "./events";
import {
    CONNECTION_TEST,
    EXPIRATION_STAGES,
    REQUEST_STAGES,
    accessPackageRequest,
    accessPackageResumePath,
    lifecycleRequest,
} from "./governance";
import { encryptPasswordContext } from "./password";
import { TokenIssuer } from "./token";
import { CallbackReport, Verdict, Violation, shownUrl } from "./verdict";

export { describe } from "./verdict";
export type { Verdict, Violation, CallbackReport } from "./verdict";
export type { AuthenticationEvent, FireUser, FireApplication, AttributeValue } from "./events";
export { AUTHENTICATION_EVENTS, EVENTS } from "./events";
export { TokenIssuer, AUTHENTICATION_EXTENSIONS_APP_ID } from "./token";
export { fireAuthentication } from "./authentication";

export interface FireOptions {
    /** Where to send the call instead of the extension's own endpoint (a local API, a stand-in Logic App). */
    url?: string;
    /** Entitlement management: the stage to run ("CustomExtensionConnectionTest" for the connection test). */
    stage?: string;
    /** The user signing in (authentication events) or the workflow's subject. */
    user?: Partial<FireUser>;
    /** The application signed in to; by default the first one the listener names. */
    application?: Partial<FireApplication>;
    /** The listener whose handler configuration applies; by default the first listener naming the extension. */
    listenerId?: string;
    /** Sign-up attributes (attribute collection events). */
    attributes?: Record<string, AttributeValue>;
    /** onOtpSend's email and code. */
    otp?: { identifier?: string; oneTimeCode?: string };
    /** onVerifiedIdClaimValidation's claims. */
    verifiedIdClaims?: Record<string, string>;
    /** onPasswordSubmit: the password sent, and the public key (PEM or JWK) of the API's app registration to encrypt it to. */
    password?: string;
    passwordEncryptionKey?: string | Json;
    /** How long to wait for a Logic App's resume instead of the extension's timeoutDuration (at least PT5M). */
    callbackTimeoutMs?: number;
}

/** What the firing reads of the emulator. */
export interface FireHost {
    tenantId: string;
    /** The cloud the emulator serves: the hosts its tokens name. */
    cloud: CloudName;
    /** The emulator's own bearer token: a resume carrying it counts as the deploying admin's. */
    token: string;
    objects: Map<string, { collection: string; catalogId?: string; body: Json; deleted?: boolean }>;
    catalogNames: Map<string, string>;
    /** The callers' service principals and their catalog roles: who may resume a request (resumeRights.ts). */
    directory: Directory;
    /** Assigns an app's service principal (made if the app has none) a role on a catalog, as a role assignment POST does. */
    assignCatalogRole(catalogId: string, appId: string, roleDefinitionId: string): void;
}

const guidOf = (resourceId: unknown): string | undefined =>
    typeof resourceId === "string"
        ? /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(resourceId)?.[1]
        : undefined;

/** Violations of a Logic App call; Entra documents no codes for them, the names are ours. */
function logicAppViolation(a: Attempt, expected: (s: number) => boolean, wants: string): Violation | undefined {
    if (a.failure === "timeout") return { code: "LogicAppTimedOut", name: "LogicAppTimedOut", message: `no answer within ${a.ms} ms` };
    if (a.failure === "connection")
        return { code: "LogicAppUnreachable", name: "LogicAppUnreachable", message: `could not connect: ${a.detail}` };
    if (!expected(a.status!)) return { code: "LogicAppNotAccepted", name: "LogicAppNotAccepted", message: `HTTP ${a.status}; ${wants}` };
    return undefined;
}

export class Firing {
    readonly tokens: TokenIssuer;
    readonly callbacks: Callbacks;
    /** Application permissions (app roles on Graph) granted to apps, as put in the tokens the emulator issues them. */
    readonly appRoles = new Map<string, string[]>();

    constructor(private readonly host: FireHost) {
        this.tokens = new TokenIssuer(host.tenantId, host.cloud);
        this.callbacks = new Callbacks(host.directory);
    }

    grantAppRoles(appId: string, roles: string[]) {
        this.appRoles.set(appId.toLowerCase(), roles);
    }

    /** Gives the app's service principal a catalog role (its name or definition id): a role assignment, as Graph holds one. */
    grantCatalogRole(catalogId: string, appId: string, role: string) {
        const definition = roleDefinition(role);
        if (!definition) throw new Error(`no entitlement management role '${role}'`);
        this.host.assignCatalogRole(catalogId, appId, definition.id);
    }

    /** An app-only Graph token for `appId`, with the roles granted to it. */
    graphToken(appId: string): string {
        return this.tokens.forGraph(appId, this.appRoles.get(appId.toLowerCase()) ?? []);
    }

    async fire(id: string, options: FireOptions = {}): Promise<Verdict> {
        const o = this.host.objects.get(id);
        if (!o || o.deleted) throw new Error(`no extension ${id} in the emulator`);
        if (o.collection === "customAuthenticationExtensions") return this.authentication(id, o.body, options);
        if (o.collection === "customTaskExtensions") return this.lifecycle(id, o.body, options);
        if (o.collection === "customWorkflowExtensions") return this.accessPackage(id, o, options);
        throw new Error(`${id} is a ${o.collection.replace(/s$/, "")}, not an extension`);
    }

    private authentication(id: string, body: Json, options: FireOptions): Promise<Verdict> {
        const event = typeKeyOf(AUTHENTICATION_EXTENSION_TYPES, body["@odata.type"]) as AuthenticationEvent;
        const url = options.url ?? body.endpointConfiguration?.targetUrl;
        if (!url) throw new Error(`extension ${id} has no endpointConfiguration.targetUrl; give a url`);
        // Entra calls only https targets (1003020); a URL the user names instead (a local API) may be http.
        if (options.url === undefined && !/^https:\/\//i.test(url)) return Promise.resolve(incorrectTargetUrl(id, body, url));
        const listener = [...this.host.objects.entries()].find(
            ([lid, l]) =>
                l.collection === "authenticationEventListeners" &&
                !l.deleted &&
                (options.listenerId ? lid === options.listenerId : l.body.handler?.customExtension?.id === id),
        );
        const overwrite = listener?.[1].body.handler?.configuration ?? {};
        const client = {
            ...(body.clientConfiguration ?? {}),
            ...Object.fromEntries(Object.entries(overwrite.clientConfiguration ?? {}).filter(([, v]) => v != null)),
        };
        const behavior = overwrite.behaviorOnError ?? body.behaviorOnError;
        const appId = listener?.[1].body.conditions?.applications?.includeApplications?.[0]?.appId;
        const user = { ...DEFAULT_USER, ...options.user };
        const apiAppId = guidOf(body.authenticationConfiguration?.resourceId) ?? String(body.authenticationConfiguration?.resourceId ?? "");
        let password: { jwe: string; nonce: string } | undefined;
        if (event === "onPasswordSubmit") {
            const key = options.passwordEncryptionKey ? publicKeyOf(options.passwordEncryptionKey) : ownKey();
            password = encryptPasswordContext(key, {
                username: user.userPrincipalName,
                password: options.password ?? "Passw0rd!",
                audience: String(body.authenticationConfiguration?.resourceId ?? ""),
            });
        }
        return fireAuthentication({
            url,
            event,
            token: this.tokens.forAuthenticationExtension(apiAppId),
            timeoutMs: client.timeoutInMilliseconds ?? DEFAULT_TIMEOUT_MS,
            maximumRetries: client.maximumRetries ?? DEFAULT_RETRIES,
            fallbackToMicrosoftProvider: /fallbackToMicrosoftProviderOnError$/i.test(String(behavior?.["@odata.type"] ?? "")),
            input: {
                tenantId: this.host.tenantId,
                extensionId: id,
                listenerId: listener?.[0] ?? randomUUID(),
                user,
                application: { ...DEFAULT_APPLICATION, ...(appId ? { appId } : {}), ...options.application },
                attributes: options.attributes ?? DEFAULT_ATTRIBUTES,
                otp: { identifier: user.mail ?? user.userPrincipalName, oneTimeCode: "12345678", ...options.otp },
                verifiedIdClaims: options.verifiedIdClaims ?? { firstName: user.givenName ?? "", lastName: user.surname ?? "" },
                encryptedPasswordContext: password?.jwe,
            },
            nonce: password?.nonce,
            extension: { id, displayName: body.displayName, type: withHash(body["@odata.type"]) },
        }).then((v) => {
            if (event === "onPasswordSubmit" && !options.passwordEncryptionKey)
                v.warnings.push("no passwordEncryptionKey was given: the password context is encrypted to a key the API does not hold");
            return v;
        });
    }

    private async lifecycle(id: string, body: Json, options: FireOptions): Promise<Verdict> {
        const e = body.endpointConfiguration ?? {};
        const url = options.url ?? e.url;
        if (!url) throw new Error(`extension ${id} has no endpoint url; give a url`);
        const workflow = [...this.host.objects.entries()].find(
            ([, w]) =>
                w.collection === "workflows" &&
                !w.deleted &&
                (w.body.tasks ?? []).some((t: Json) =>
                    (t.arguments ?? []).some((a: Json) => a.name === CUSTOM_TASK_EXTENSION_ARGUMENT && a.value === id),
                ),
        );
        const task = (workflow?.[1].body.tasks ?? []).find((t: Json) => (t.arguments ?? []).some((a: Json) => a.value === id));
        const user = { ...DEFAULT_USER, ...options.user };
        const request = lifecycleRequest({
            tenantId: this.host.tenantId,
            workflow: {
                id: workflow?.[0] ?? randomUUID(),
                displayName: workflow?.[1].body.displayName ?? "Workflow",
                workflowVersion: workflow?.[1].body.version ?? 1,
            },
            task: { id: task?.id ?? randomUUID(), displayName: task?.displayName ?? "Run a Custom Task Extension" },
            subject: { id: user.id, displayName: user.displayName, email: user.mail, userPrincipalName: user.userPrincipalName },
            taskProcessingResultId: randomUUID(),
        });
        const callback = body.callbackConfiguration?.timeoutDuration
            ? {
                  kind: "lifecycleWorkflows" as const,
                  path: request.data.callbackUriPath,
                  timeoutDuration: body.callbackConfiguration.timeoutDuration,
                  apps: [
                      ...(body.callbackConfiguration.authorizedApps ?? []).map((a: Json | string) => (typeof a === "string" ? a : a.id)),
                      guidOf(body.authenticationConfiguration?.resourceId),
                  ].filter((a): a is string => !!a),
              }
            : undefined;
        return this.logicApp({
            id,
            body,
            url,
            request,
            event: "customTaskExtension",
            callingAppId: KINDS.customTaskExtension.callingAppId,
            // "If the Logic App is started successfully, the task is considered a success" (any 2xx; a Request trigger answers 202).
            expected: (s) => s >= 200 && s < 300,
            wants: "Lifecycle Workflows takes a 2xx answer (a Logic App's Request trigger answers 202 Accepted)",
            callback,
            options,
            done: {
                started: "the task is a success: the Logic App started (launch and continue)",
                completed: "the task is completed and the workflow goes on",
                failed: "the task is failed",
                timedOut: "the task is failed: no resume came within the timeout",
                error: "the task is failed: the Logic App could not be started",
            },
        });
    }

    private async accessPackage(id: string, o: { catalogId?: string; body: Json }, options: FireOptions): Promise<Verdict> {
        const body = o.body;
        const kind = typeKeyOf(ACCESS_PACKAGE_TYPES, body["@odata.type"]) ?? "assignmentRequest";
        const url = options.url ?? body.endpointConfiguration?.url;
        if (!url) throw new Error(`extension ${id} has no endpoint url; give a url`);
        const policy = [...this.host.objects.entries()].find(
            ([, p]) =>
                p.collection === "assignmentPolicies" &&
                (p.body.customExtensionStageSettings ?? []).some((s: Json) => s.customExtension?.id === id),
        );
        const allowed = kind === "assignment" ? EXPIRATION_STAGES : REQUEST_STAGES;
        const configured = (policy?.[1].body.customExtensionStageSettings ?? []).find((s: Json) => s.customExtension?.id === id)?.stage;
        const stage = options.stage ?? configured ?? allowed[0];
        if (stage !== CONNECTION_TEST && !allowed.includes(stage))
            throw new Error(`stage ${stage} does not run ${kind} extensions; their stages: ${allowed.join(", ")}, or ${CONNECTION_TEST}`);
        if (stage !== CONNECTION_TEST && STAGES[stage] !== kind) throw new Error(`stage ${stage} does not run ${kind} extensions`);
        const timeout = body.callbackConfiguration?.timeoutDuration ?? body.callbackConfiguration?.durationBeforeTimeout;
        const waits = kind === "assignmentRequest" && !!timeout && stage !== CONNECTION_TEST;
        const requestId = randomUUID();
        const stageInstanceId = randomUUID();
        const catalogId = o.catalogId ?? "";
        const user = { ...DEFAULT_USER, ...options.user };
        const pkg = policy ? this.host.objects.get(policy[1].body.accessPackage?.id ?? policy[1].body.accessPackageId ?? "") : undefined;
        const request = accessPackageRequest({
            stage,
            requestId,
            stageInstanceId,
            timeoutDuration: waits ? timeout : undefined,
            accessPackage: {
                Id: pkg?.body.id ?? randomUUID(),
                DisplayName: pkg?.body.displayName ?? "Access package",
                Description: pkg?.body.description ?? "",
            },
            catalog: { Id: catalogId, DisplayName: this.host.catalogNames.get(catalogId) ?? "", Description: "" },
            policy: { Id: policy?.[0] ?? randomUUID(), DisplayName: policy?.[1].body.displayName ?? "Policy" },
            target: { ObjectId: user.id, DisplayName: user.displayName, Email: user.mail },
        });
        const test = stage === CONNECTION_TEST;
        return this.logicApp({
            id,
            body,
            url,
            request,
            event: stage,
            callingAppId: KINDS.accessPackageAssignmentRequest.callingAppId,
            // "Workflow expects the accepted code" (entitlement management's Logic Apps integration how-to).
            expected: test ? (s) => s >= 200 && s < 300 : (s) => s === 202,
            wants: test ? "the connection test takes a 2xx answer" : "entitlement management expects 202 Accepted",
            callback: waits
                ? {
                      kind: "entitlementManagement",
                      path: accessPackageResumePath(requestId),
                      timeoutDuration: timeout,
                      catalogId,
                      stage,
                      stageInstanceId,
                  }
                : undefined,
            options,
            done: {
                started: test
                    ? "the extension can be saved: the Logic App answered the connection test"
                    : "the request goes on (launch and continue)",
                completed: "the request goes on past this stage",
                failed: "the request stops at this stage",
                denied: "the request is denied",
                canceled: "the request is canceled",
                timedOut: "the request stops: no resume came in time (the requestor sees 'Process expired')",
                error: test
                    ? "the extension cannot be saved: the connection test failed"
                    : "the request stops: the Logic App could not be started",
            },
        });
    }

    private async logicApp(f: {
        id: string;
        body: Json;
        url: string;
        request: Json;
        event: string;
        callingAppId: string;
        expected: (status: number) => boolean;
        wants: string;
        callback?: Parameters<Callbacks["wait"]>[0];
        options: FireOptions;
        done: Record<string, string>;
    }): Promise<Verdict> {
        const e = f.body.endpointConfiguration ?? {};
        const token = this.tokens.forLogicApp(f.callingAppId, logicAppResourcePath(e));
        const client = f.body.clientConfiguration ?? {};
        // The wait starts before the call: a Logic App may resume before its trigger has answered.
        let waited: Promise<CallbackReport> | undefined;
        let waitMs = 0;
        if (f.callback) {
            waitMs = f.options.callbackTimeoutMs ?? (durationSeconds(f.callback.timeoutDuration) ?? 300) * 1000;
            waited = this.callbacks.wait(f.callback, waitMs);
        }
        const attempts: Attempt[] = [];
        for (let i = 0; i <= (client.maximumRetries ?? DEFAULT_RETRIES); i++) {
            const a = await post(f.url, f.request, { Authorization: `PoP ${token}` }, client.timeoutInMilliseconds ?? DEFAULT_TIMEOUT_MS);
            attempts.push(a);
            if (a.failure === undefined && a.status! < 500) break;
        }
        const last = attempts[attempts.length - 1];
        const violations: Violation[] = [];
        const broken = logicAppViolation(last, f.expected, f.wants);
        if (broken) violations.push(broken);
        let callback: CallbackReport | undefined;
        if (waited && broken) this.callbacks.cancel(f.callback!.path);
        else if (waited) {
            callback = await waited;
            if (callback.outcome === "timedOut")
                violations.push({
                    code: "CallbackTimedOut",
                    name: "CallbackTimedOut",
                    message: `no accepted resume within ${waitUsed(callback.timeoutDuration, waitMs)}`,
                });
        }
        let response: unknown = last.text;
        try {
            response = last.text ? JSON.parse(last.text) : undefined;
        } catch {
            /* kept as text */
        }
        return {
            ok: violations.length === 0,
            extension: {
                id: f.id,
                displayName: f.body.displayName,
                type: withHash(f.body["@odata.type"] ?? "#microsoft.graph.identityGovernance.customTaskExtension"),
            },
            event: f.event,
            url: shownUrl(f.url),
            attempts: attempts.map(({ text: _t, ...a }) => a),
            violations,
            warnings: [],
            consequence: broken ? f.done.error : f.done[callback?.outcome ?? "started"],
            callback,
            request: f.request,
            response,
        };
    }

    // ---- HTTP: the OpenID configuration, the keys, the token endpoint, the resume calls ----

    /** Whether the emulator's fire routes answer this path (they bypass the Graph token check: each checks its own caller). */
    serves(path: string): boolean {
        return this.tenantRoute(path) !== undefined || this.callbacks.serves(path);
    }

    private tenantRoute(path: string): "configuration" | "keys" | "token" | undefined {
        const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/.exec(path);
        if (!m || m[1].toLowerCase() !== this.host.tenantId.toLowerCase()) return undefined;
        return m[2].startsWith("v2.0") ? "configuration" : m[2].startsWith("discovery") ? "keys" : "token";
    }

    /** Answers one request on a fire route; returns the status sent. */
    async handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, base: string): Promise<number> {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        const method = (req.method ?? "GET").toUpperCase();
        const send = (status: number, body?: Json) => {
            res.writeHead(status, body ? { "Content-Type": "application/json; charset=utf-8" } : {});
            res.end(body ? JSON.stringify(body) : undefined);
            return status;
        };
        const route = this.tenantRoute(path);
        try {
            if (route === "configuration" && method === "GET") return send(200, this.tokens.openIdConfiguration(base));
            if (route === "keys" && method === "GET") return send(200, this.tokens.jwks());
            if (route === "token" && method === "POST") {
                const form = new URLSearchParams(text);
                const clientId = form.get("client_id");
                if (form.get("grant_type") !== "client_credentials" || !clientId)
                    return send(400, {
                        error: "unsupported_grant_type",
                        error_description: "The emulator issues client_credentials tokens; give client_id.",
                    });
                return send(200, { token_type: "Bearer", expires_in: 3599, access_token: this.graphToken(clientId) });
            }
            if (route) throw new GraphFailure(405, "MethodNotAllowed", `${method} is not supported here.`);
            let body: Json | undefined;
            try {
                body = text.trim() ? JSON.parse(text) : undefined;
            } catch {
                throw new GraphFailure(400, "BadRequest", "Invalid JSON in the request body.");
            }
            return send(this.callbacks.resume(method, path, this.caller(req.headers.authorization), body));
        } catch (e) {
            const f = e instanceof GraphFailure ? e : new GraphFailure(500, "InternalServerError", String((e as Error)?.message ?? e));
            return send(f.status, { error: { code: f.code, message: f.message, innerError: { date: new Date().toISOString() } } });
        }
    }

    private caller(authorization: string | undefined): Caller | undefined {
        const m = /^Bearer (.+)$/i.exec(authorization ?? "");
        if (!m) return undefined;
        if (m[1] === this.host.token) return { admin: true, roles: [] };
        const claims = this.tokens.read(m[1]);
        if (!claims || claims.aud !== this.tokens.graphAudience) return undefined;
        return { admin: false, appId: claims.appid ?? claims.azp, roles: Array.isArray(claims.roles) ? claims.roles : [] };
    }
}

/** The verdict on an extension whose own targetUrl is not https: Entra sends nothing and fails the event (1003020). */
function incorrectTargetUrl(id: string, body: Json, url: string): Verdict {
    const event = typeKeyOf(AUTHENTICATION_EXTENSION_TYPES, body["@odata.type"]) as AuthenticationEvent;
    return {
        ok: false,
        extension: { id, displayName: body.displayName, type: withHash(body["@odata.type"]) },
        event,
        url: shownUrl(url),
        attempts: [],
        violations: [
            {
                code: CODES.IncorrectTargetUrlFormat,
                name: "CustomExtensionIncorrectTargetUrlFormat",
                message: "endpointConfiguration.targetUrl must start with https:// (give --url to fire at a local http API instead)",
            },
        ],
        warnings: [],
        consequence: EVENTS[event].onError,
        request: undefined,
    };
}

/** A public key given as PEM text or as a JWK. */
function publicKeyOf(key: string | Json): KeyObject {
    return typeof key === "string"
        ? createPublicKey(key)
        : createPublicKey({ key: key as import("node:crypto").JsonWebKey, format: "jwk" });
}

let own: KeyObject | undefined;
/** A key of the emulator's own, when no API key is given: the context is then encrypted but unreadable to the API. */
function ownKey(): KeyObject {
    own ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    return own;
}
