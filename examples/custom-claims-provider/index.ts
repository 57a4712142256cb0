// A custom claims provider: the custom authentication extension that calls your API at token issuance, and
// the authentication event listener that makes it fire for your applications. Against the emulator:
//   npx entra-graph-emulator &   (prints ENTRA_GRAPH_ENDPOINT and ENTRA_ACCESS_TOKEN to export)
//   pulumi config set apiAppId <app id of the API's registration>; pulumi up
import * as pulumi from "@pulumi/pulumi";
import { AuthenticationEventListener, CustomAuthenticationExtension } from "pulumi-entra-extensions";

const config = new pulumi.Config();
// The API's app registration (its app ID URI is api://{host of targetUrl}/{appId}) and where it runs.
const apiAppId = config.get("apiAppId") ?? "11111111-2222-4333-8444-555555555555";
const apiHost = config.get("apiHost") ?? "claims.contoso.com";
// The applications whose tokens get the claims.
const appIds = config.getObject<string[]>("appIds") ?? ["a13d0fc1-04ab-4ede-b215-63de0174cbb4"];

const claims = new CustomAuthenticationExtension("hr-claims", {
    extensionType: "onTokenIssuanceStart",
    displayName: "Claims from HR",
    endpointConfiguration: { targetUrl: `https://${apiHost}/api/token` },
    authenticationConfiguration: { resourceId: `api://${apiHost}/${apiAppId}` },
    claimsForTokenConfiguration: ["employeeId", "costCenter"],
    clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 1 },
});

// Nothing fires until a listener names the extension for an application. Adding an app later is one
// request on the listener; the extension is not touched.
const listener = new AuthenticationEventListener("hr-claims", {
    eventType: "onTokenIssuanceStart",
    displayName: "Claims from HR for the portal",
    conditions: { applications: { includeApplications: appIds } },
    handler: { customExtensionId: claims.id },
});

export const extensionId = claims.id;
export const listenerId = listener.id;
