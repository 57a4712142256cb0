// The Logic App resource path rule, shared by the extensions' check and the Logic App component.
// The Entra admin center refuses a workflow whose resource path is longer than 150 characters;
// the same path is the `p` claim of the PoP token the calling service presents.

export const MAX_RESOURCE_PATH_LENGTH = 150;

export interface LogicAppLocation {
    subscriptionId: string;
    resourceGroupName: string;
    logicAppWorkflowName: string;
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Logic/workflows/{name}`, counted as the portal does. */
export function logicAppResourcePath(l: LogicAppLocation): string {
    const group = `/subscriptions/${l.subscriptionId}/resourceGroups/${l.resourceGroupName}`;
    return `${group}/providers/Microsoft.Logic/workflows/${l.logicAppWorkflowName}`;
}

/** Undefined when the path is within the limit; otherwise a message with the length, the limit and what to shorten. */
export function resourcePathProblem(l: LogicAppLocation): string | undefined {
    const path = logicAppResourcePath(l);
    if (path.length <= MAX_RESOURCE_PATH_LENGTH) return undefined;
    const over = path.length - MAX_RESOURCE_PATH_LENGTH;
    // One short line: it is the first thing `pulumi preview` shows. The names' lengths say where to cut.
    return (
        `the Logic App resource path is ${path.length} characters, over the limit of ${MAX_RESOURCE_PATH_LENGTH} ` +
        `by ${over}: shorten the workflow name (${l.logicAppWorkflowName.length} characters) or the resource group ` +
        `name (${l.resourceGroupName.length} characters) by ${over} between them`
    );
}
