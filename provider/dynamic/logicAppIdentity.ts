// The provider object of ExtensionLogicApp's identity resource, as this module's exports: an installed package
// is captured in state as one `require("pulumi-entra-extensions/providers/logicAppIdentity")`.
import { makeIdentityProvider } from "./makeIdentityProvider";
export = makeIdentityProvider();
