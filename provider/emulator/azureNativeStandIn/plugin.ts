// Entry point of the stand-in plugin process the Pulumi engine starts (through bin/, see README.md).
// @pulumi/pulumi's provider host speaks the engine's gRPC protocol; this module only says what it serves.
import { main } from "@pulumi/pulumi/provider";
import { standInProvider } from "./provider";

/** The version of the @pulumi/azure-native SDK beside this package, which the stand-in answers for. */
function sdkVersion(): string {
    try {
        return require("@pulumi/azure-native/package.json").version;
    } catch {
        return "3.0.0";
    }
}

void main(standInProvider(sdkVersion()), process.argv.slice(2));
