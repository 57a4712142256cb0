// pulumi-entra-extensions: Entra ID custom extensions as Pulumi resources.
// Every class of the registry, with its argument and output types (generated from the families' shapes).
export * from "./resources/generated";
export { runCustomTaskExtension } from "./resources/tasks";
export { CATALOG_ROLES } from "./families/accessPackageCatalogRoleAssignment";
export type { EntraResourceOptions, ExtensionResourceOptions } from "./resources/classes";
/** A listener's event, named as a custom authentication extension's type (the name it had first). */
export type ListenerEventType = import("./resources/generated").AuthenticationExtensionType;
export { providers } from "./dynamic";
export { logicAppResourcePath, resourcePathProblem, MAX_RESOURCE_PATH_LENGTH } from "./azure/resourcePath";
export { ExtensionLogicApp } from "./logicApp/component";
export type { ExtensionLogicAppArgs, LogicAppWorkflow } from "./logicApp/component";
export type { LogicAppKind } from "./logicApp/kinds";
export { workflowDefinition, popAccessControl } from "./logicApp/workflowDefinition";
