// A custom task extension from Go with the Go SDK module at sdk/
// (test/engine/pluginSdks.engine.test.ts); config `description` changes it in place.
package main

import (
	entra "github.com/pulumi-entra-extensions/pulumi-entra-extensions/sdk/go/entra"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		task, err := entra.NewCustomTaskExtension(ctx, "task", &entra.CustomTaskExtensionArgs{
			DisplayName: pulumi.String("go task"),
			Description: pulumi.String(config.Require(ctx, "description")),
			EndpointConfiguration: &entra.LogicAppEndpointArgs{
				SubscriptionId:       pulumi.String("0f1e2d3c-4b5a-4697-8877-665544332211"),
				ResourceGroupName:    pulumi.String("rg-identity"),
				LogicAppWorkflowName: pulumi.String("wf-go"),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("taskId", task.ID())
		return nil
	})
}
