// The generic operations: check, diff, create, read, update and delete for any family of the registry, through
// Graph, on typed requests (requests.ts). The two faces adapt their wire forms to them: the dynamic provider
// (providers/adapter.ts, loaded at call time, so none of this is serialized) and the native plugin (plugin/server.ts).
// Each operation receives the context `configure` built (settings, client, what the run learned of the stack).

export { check } from "./check";
export { diff } from "./diff";
export { create } from "./create";
export { read, remove } from "./readRemove";
export { update } from "./write";
export { configureProvider, contextOf, createContext, setProviderOptions } from "./context";
export type { ContextOptions, OperationContext } from "./context";
export type * from "./requests";
