// The provider object for one family, as this module's exports. Pulumi serializes a provider that is
// a module of an installed package as `require("pulumi-entra-extensions/providers/accessPackageCatalogRoleAssignment")`.
import { makeProvider } from "./makeProvider";
export = makeProvider("accessPackageCatalogRoleAssignment");
