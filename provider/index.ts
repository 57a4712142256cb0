// pulumi-entra-extensions: Entra ID custom extensions as Pulumi resources.
export {
    CustomTaskExtension,
    AccessPackageWorkflowExtension,
    CustomAuthenticationExtension,
    AuthenticationEventListener,
    LifecycleWorkflow,
    AccessPackageCustomExtensionStages,
} from "./resources/generated";
export { runCustomTaskExtension } from "./resources/tasks";
export type * from "./resources/generated";
export type { EntraResourceOptions, ExtensionResourceOptions, ListenerEventType } from "./resources/classes";
export { providers } from "./dynamic";
export { logicAppResourcePath, resourcePathProblem, MAX_RESOURCE_PATH_LENGTH } from "./azure/resourcePath";
export { ExtensionLogicApp } from "./logicApp/component";
export type { ExtensionLogicAppArgs, LogicAppWorkflow } from "./logicApp/component";
export type { LogicAppKind } from "./logicApp/kinds";
export { workflowDefinition, popAccessControl } from "./logicApp/workflowDefinition";
