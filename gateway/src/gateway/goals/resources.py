"""The programs' resource library: guides and trainings, attached to goal templates and
milestones, shared within a match, and the mentors' onboarding checklist."""

from typing import Annotated, Any

import strawberry

from gateway.api import goals as api
from gateway.context import GatewayInfo
from gateway.derive import body_of, build, graphql_enum, model_type
from gateway.errors import ExpectedError
from gateway.permissions import SIGNED_IN
from gateway.resolve import fetch_or_none, mutate

ResourceKind = api.ResourceKind
ResourceAudience = api.ResourceAudience
graphql_enum(ResourceKind, "ResourceKind")
graphql_enum(ResourceAudience, "ResourceAudience", "Who a resource is for.")


@model_type(api.Resource, description="A guide, training, template, article or video of a program.")
class Resource:
    @classmethod
    def from_api(cls, data: Any) -> "Resource":
        return build(cls, api.Resource.model_validate(data))


@model_type(api.SharedResource, description="A resource one participant shared with their partner.")
class SharedResource:
    @classmethod
    def from_api(cls, data: Any) -> "SharedResource":
        return build(cls, api.SharedResource.model_validate(data))


@model_type(api.ChecklistItem)
class ChecklistItem:
    pass


@model_type(
    api.OnboardingChecklist,
    description="A mentor's onboarding: the program's trainings and what is done.",
)
class OnboardingChecklist:
    @classmethod
    def from_api(cls, data: Any) -> "OnboardingChecklist":
        return build(cls, api.OnboardingChecklist.model_validate(data))


@strawberry.input
class ResourceInput:
    kind: ResourceKind
    title: str
    url: str | None = None
    body: str | None = None
    audience: ResourceAudience = ResourceAudience.BOTH
    goal_templates: list[str] = strawberry.field(default_factory=list)


ResourceResult = Annotated[Resource | ExpectedError, strawberry.union("ResourceResult")]
SharedResult = Annotated[SharedResource | ExpectedError, strawberry.union("SharedResourceResult")]
ChecklistResult = Annotated[
    OnboardingChecklist | ExpectedError, strawberry.union("OnboardingChecklistResult")
]


@strawberry.type
class ResourcesQuery:
    @strawberry.field(
        description="A program's library, as much as the caller's role may see.",
        permission_classes=SIGNED_IN,
    )
    async def program_resources(
        self, info: GatewayInfo, program_id: strawberry.ID
    ) -> list[Resource]:
        items = await fetch_or_none(info.context, "goals", f"/v1/programs/{program_id}/resources")
        return [Resource.from_api(item) for item in items or []]

    @strawberry.field(
        description="Resources attached to a goal's template and milestones.",
        permission_classes=SIGNED_IN,
    )
    async def goal_resources(self, info: GatewayInfo, goal_id: strawberry.ID) -> list[Resource]:
        items = await fetch_or_none(info.context, "goals", f"/v1/goals/{goal_id}/resources")
        return [Resource.from_api(item) for item in items or []]

    @strawberry.field(
        description="What the two people of a match shared with each other.",
        permission_classes=SIGNED_IN,
    )
    async def shared_resources(
        self, info: GatewayInfo, match_id: strawberry.ID
    ) -> list[SharedResource]:
        path = f"/v1/matches/{match_id}/shared-resources"
        items = await fetch_or_none(info.context, "goals", path)
        return [SharedResource.from_api(item) for item in items or []]

    @strawberry.field(
        description="The caller's onboarding checklist in a program (mentors).",
        permission_classes=SIGNED_IN,
    )
    async def onboarding(
        self, info: GatewayInfo, program_id: strawberry.ID
    ) -> OnboardingChecklist | None:
        data = await fetch_or_none(info.context, "goals", f"/v1/programs/{program_id}/onboarding")
        return OnboardingChecklist.from_api(data) if data else None


@strawberry.type
class ResourcesMutation:
    @strawberry.mutation(
        description="Add a resource to a program's library (program admins).",
        permission_classes=SIGNED_IN,
    )
    async def create_resource(
        self, info: GatewayInfo, program_id: strawberry.ID, input: ResourceInput
    ) -> ResourceResult:
        call = info.context.client("goals").post(
            f"/v1/programs/{program_id}/resources", body_of(input)
        )
        return await mutate(call, Resource.from_api)

    @strawberry.mutation(
        description="Attach a resource to a goal template or a milestone.",
        permission_classes=SIGNED_IN,
    )
    async def attach_resource(
        self,
        info: GatewayInfo,
        resource_id: strawberry.ID,
        goal_template: str | None = None,
        milestone_id: strawberry.ID | None = None,
    ) -> ResourceResult:
        body = {"goal_template": goal_template, "milestone_id": milestone_id}
        call = info.context.client("goals").post(f"/v1/resources/{resource_id}/attachments", body)
        return await mutate(call, Resource.from_api)

    @strawberry.mutation(
        description="Share a program resource with one's partner in a match.",
        permission_classes=SIGNED_IN,
    )
    async def share_resource(
        self,
        info: GatewayInfo,
        match_id: strawberry.ID,
        resource_id: strawberry.ID,
        note: str | None = None,
    ) -> SharedResult:
        body = {"resource_id": resource_id, "note": note}
        call = info.context.client("goals").post(f"/v1/matches/{match_id}/shared-resources", body)
        return await mutate(call, SharedResource.from_api)

    @strawberry.mutation(
        description="Mark a training done (idempotent); the updated checklist.",
        permission_classes=SIGNED_IN,
    )
    async def complete_resource(
        self, info: GatewayInfo, resource_id: strawberry.ID
    ) -> ChecklistResult:
        call = info.context.client("goals").post(f"/v1/resources/{resource_id}/completion")
        return await mutate(call, OnboardingChecklist.from_api)
