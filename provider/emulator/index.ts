export { GraphEmulator, startEmulator, DEFAULT_CATALOG_ID, DEFAULT_TOKEN } from "./server";
export type { EmulatorOptions, RequestLogEntry } from "./server";
export type { FaultRule, FaultKind, ThrottleStorm } from "./faults";
