export { GraphEmulator, startEmulator, DEFAULT_CATALOG_ID, DEFAULT_TOKEN, DEFAULT_TENANT_ID } from "./server";
export { azureNativeStandInDir, azureNativeStandInEnv } from "./azureNativeStandIn";
export type { StandInTarget } from "./azureNativeStandIn";
export type { EmulatorOptions, RequestLogEntry } from "./server";
export type { FaultRule, FaultKind, ThrottleStorm } from "./faults";
export type { ArmSurface, ResourceGroupState, WorkflowState } from "./arm";
export { describe as describeVerdict } from "./fire";
export type { FireOptions, Verdict, Violation, CallbackReport } from "./fire";
