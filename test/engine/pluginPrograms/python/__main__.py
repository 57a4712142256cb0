"""Every resource kind of the entra plugin from Python; config `phase` 2 changes something in each."""
import pulumi
import pulumi_entra as entra

config = pulumi.Config()
phase = config.require_int("phase")
catalog_id = config.require("catalogId")
policy_id = config.require("policyId")
app_ids = config.require_object("appIds")[: phase]
second = "first" if phase == 1 else "second"


def logic_app(name):
    return entra.LogicAppEndpointArgs(
        subscription_id="0f1e2d3c-4b5a-4697-8877-665544332211", resource_group_name="rg-identity", logic_app_workflow_name=name
    )


# An explicit provider: its own graphEndpoint (another emulator); the others read the stack config.
other = entra.Provider("other", graph_endpoint=config.require("otherEndpoint"))

task = entra.CustomTaskExtension(
    "task",
    display_name="py task",
    description=second,
    endpoint_configuration=logic_app("wf-task"),
    callback_configuration=entra.TaskCallbackConfigurationArgs(timeout_duration="PT10M"),
)
entra.CustomTaskExtension(
    "elsewhere",
    display_name="py task elsewhere",
    endpoint_configuration=logic_app("wf-other"),
    opts=pulumi.ResourceOptions(provider=other),
)
request = entra.AccessPackageWorkflowExtension(
    "request",
    catalog_id=catalog_id,
    display_name="py request",
    description=second,
    endpoint_configuration=logic_app("wf-request"),
)
claims = entra.CustomAuthenticationExtension(
    "claims",
    extension_type=entra.AuthenticationExtensionType.ON_TOKEN_ISSUANCE_START,
    display_name="py claims",
    description=second,
    endpoint_configuration=entra.HttpEndpointArgs(target_url=config.require_secret("targetUrl")),
    authentication_configuration=entra.AuthenticationArgs(resource_id=config.require("resourceId")),
    claims_for_token_configuration=[entra.ClaimForTokenArgs(claim_id_in_api_response="role")],
)
entra.AuthenticationEventListener(
    "listener",
    event_type=entra.AuthenticationExtensionType.ON_TOKEN_ISSUANCE_START,
    display_name="py listener",
    conditions=entra.ListenerConditionsArgs(
        applications=entra.ListenerApplicationsArgs(
            include_applications=[entra.ListenerApplicationArgs(app_id=a) for a in app_ids]
        )
    ),
    handler=entra.ListenerHandlerArgs(custom_extension_id=claims.id),
)
entra.LifecycleWorkflow(
    "workflow",
    category=entra.WorkflowCategory.JOINER,
    display_name="py workflow",
    description=second,
    execution_conditions={"@odata.type": "#microsoft.graph.identityGovernance.onDemandExecutionOnly"},
    tasks=[
        entra.WorkflowTaskArgs(
            task_definition_id="4262b724-8dba-4fad-afc3-43fcbb497a0e",
            display_name="Run the task extension",
            arguments=[entra.WorkflowTaskArgumentArgs(name="customTaskExtensionID", value=task.id)],
        )
    ],
)
stages = ["assignmentRequestCreated"] + (["assignmentRequestGranted"] if phase == 2 else [])
entra.AccessPackageCustomExtensionStages(
    "stages",
    policy_id=policy_id,
    custom_extension_stage_settings=[
        entra.CustomExtensionStageSettingArgs(stage=s, custom_extension_id=request.id) for s in stages
    ],
)

pulumi.export("taskId", task.id)
pulumi.export("claimsUrl", claims.endpoint_url)
