// The Logic App resource path rule, counted as the admin center counts it. No HTTP, no engine.
import { MAX_RESOURCE_PATH_LENGTH, logicAppResourcePath, resourcePathProblem } from "../../provider/azure/resourcePath";

const SUB = "0f1e2d3c-4b5a-4697-8877-665544332211";
const fixed = logicAppResourcePath({ subscriptionId: SUB, resourceGroupName: "", logicAppWorkflowName: "" }).length;
const at = (length: number) => ({ subscriptionId: SUB, resourceGroupName: "rg", logicAppWorkflowName: "w".repeat(length - fixed - 2) });

test("the path is /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Logic/workflows/{name}", () => {
    expect(logicAppResourcePath({ subscriptionId: SUB, resourceGroupName: "rg", logicAppWorkflowName: "la" })).toBe(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Logic/workflows/la`,
    );
});

test("150 characters pass, 151 do not, and the message says by how much and where", () => {
    expect(MAX_RESOURCE_PATH_LENGTH).toBe(150);
    expect(resourcePathProblem(at(150))).toBeUndefined();
    expect(resourcePathProblem(at(151))).toBe(
        "the Logic App resource path is 151 characters, over the limit of 150 by 1: " +
            `shorten the workflow name (${at(151).logicAppWorkflowName.length} characters) ` +
            "or the resource group name (2 characters) by 1 between them",
    );
});
