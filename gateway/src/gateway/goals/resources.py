"""The programs' resource library: guides and trainings, attached to goal templates and
milestones, shared within a match, and the mentors' onboarding checklist."""

from datetime import datetime
from typing import Annotated, Any

import strawberry

from gateway.context import GatewayInfo
from gateway.errors import ExpectedError
from gateway.permissions import SIGNED_IN
from gateway.resolve import dt, fetch_or_none, mutate


@strawberry.type(description="A guide, training, template, article or video of a program.")
class Resource:
    id: strawberry.ID
    program_id: strawberry.ID
    kind: str
    title: str
    url: str | None
    body: str | None
    audience: str = strawberry.field(description="mentors, mentees or both.")
    goal_templates: list[str]
    created_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Resource":
        return cls(
            id=strawberry.ID(str(data["id"])),
            program_id=strawberry.ID(str(data["program_id"])),
            kind=data["kind"],
            title=data["title"],
            url=data.get("url"),
            body=data.get("body"),
            audience=data["audience"],
            goal_templates=list(data.get("goal_templates", [])),
            created_at=dt(data["created_at"]),
        )


@strawberry.type(description="A resource one participant shared with their partner.")
class SharedResource:
    id: strawberry.ID
    match_id: strawberry.ID
    resource: Resource
    shared_by: str
    note: str | None
    created_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "SharedResource":
        return cls(
            id=strawberry.ID(str(data["id"])),
            match_id=strawberry.ID(str(data["match_id"])),
            resource=Resource.from_api(data["resource"]),
            shared_by=data["shared_by"],
            note=data.get("note"),
            created_at=dt(data["created_at"]),
        )


@strawberry.type
class ChecklistItem:
    resource: Resource
    completed_at: datetime | None


@strawberry.type(description="A mentor's onboarding: the program's trainings and what is done.")
class OnboardingChecklist:
    program_id: strawberry.ID
    total: int
    completed: int
    items: list[ChecklistItem]

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "OnboardingChecklist":
        return cls(
            program_id=strawberry.ID(str(data["program_id"])),
            total=data["total"],
            completed=data["completed"],
            items=[
                ChecklistItem(
                    resource=Resource.from_api(item["resource"]),
                    completed_at=dt(item["completed_at"]) if item.get("completed_at") else None,
                )
                for item in data["items"]
            ],
        )


@strawberry.input
class ResourceInput:
    kind: str = strawberry.field(description="guide, training, template, article, video, other.")
    title: str
    url: str | None = None
    body: str | None = None
    audience: str = "both"
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
            f"/v1/programs/{program_id}/resources", dict(vars(input))
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
