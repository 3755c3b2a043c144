"""A program's library of resources: attached to goal templates and milestones, shared within
a match, and the training that makes up a mentor's onboarding checklist."""

from collections.abc import Sequence
from typing import Literal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from goals.access import is_program_admin, visible_match
from goals.goals.repository import GoalRepository
from goals.goals.service import load as load_goal
from goals.matches.repository import ReadModelRepository
from goals.models import Resource, ResourceAttachment, SharedResource, TrainingCompletion
from goals.resources import schemas
from goals.resources.repository import ResourceRepository
from kit import audit
from kit.auth import Principal
from kit.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError


class AudienceError(ForbiddenError):
    code = "resource-audience"
    title = "Not meant for both sides"


ProgramRole = Literal["admin", "mentor", "mentee"]
AUDIENCES: dict[ProgramRole, tuple[str, ...] | None] = {
    "admin": None,
    "mentor": ("mentors", "both"),
    "mentee": ("mentees", "both"),
}


async def program_role(session: AsyncSession, user: Principal, program_id: UUID) -> ProgramRole:
    """The caller's part in a program; not being in it at all is 404, as for a missing one."""
    repository = ReadModelRepository(session)
    program = await repository.program(user.org_id, program_id)
    if program is None:
        raise NotFoundError("No such program.")
    if is_program_admin(user, program):
        return "admin"
    participant = await repository.participant_by_user(user.org_id, program_id, user.user_id)
    if participant is not None and not participant.withdrawn:
        return "mentor" if participant.role == "mentor" else "mentee"
    for match in await repository.matches_of_user(user.org_id, user.user_id):
        if match.program_id == program_id:
            return "mentor" if match.mentor_user_id == user.user_id else "mentee"
    raise NotFoundError("No such program.")


def _meant_for(role: ProgramRole, resource: Resource) -> bool:
    audiences = AUDIENCES[role]
    return audiences is None or resource.audience in audiences


async def _views(session: AsyncSession, rows: Sequence[Resource]) -> list[schemas.Resource]:
    titles = await ResourceRepository(session).template_titles([row.id for row in rows])
    return [
        schemas.Resource.model_validate(row).model_copy(update={"goal_templates": titles[row.id]})
        for row in rows
    ]


async def _template_titles(session: AsyncSession, user: Principal, program_id: UUID) -> set[str]:
    program = await ReadModelRepository(session).program(user.org_id, program_id)
    return {template["title"] for template in (program.goal_templates if program else [])}


async def create(
    session: AsyncSession, user: Principal, program_id: UUID, data: schemas.ResourceCreate
) -> schemas.Resource:
    if await program_role(session, user, program_id) != "admin":
        raise ForbiddenError("Only the program's admins add resources to its library.")
    unknown = set(data.goal_templates) - await _template_titles(session, user, program_id)
    if unknown:
        raise UnprocessableError(
            f"The program has no goal template {sorted(unknown)!r}.", field="goal_templates"
        )
    resource = Resource(
        org_id=user.org_id,
        program_id=program_id,
        title=data.title,
        url=str(data.url) if data.url else None,
        body=data.body,
        kind=data.kind,
        audience=data.audience,
        created_by=user.user_id,
    )
    repository = ResourceRepository(session)
    await repository.add(resource)
    for title in dict.fromkeys(data.goal_templates):
        await repository.add(
            ResourceAttachment(org_id=user.org_id, resource_id=resource.id, template_title=title)
        )
    await audit.record(
        session,
        user,
        "resource.created",
        "resource",
        resource.id,
        after={"program_id": program_id, **data.model_dump(mode="json")},
    )
    return (await _views(session, [resource]))[0]


async def list_resources(
    session: AsyncSession, user: Principal, program_id: UUID
) -> list[schemas.Resource]:
    """Admins see the whole library; mentors and mentees what is meant for them."""
    role = await program_role(session, user, program_id)
    rows = await ResourceRepository(session).of_program(user.org_id, program_id, AUDIENCES[role])
    return await _views(session, rows)


async def _visible_resource(
    session: AsyncSession, user: Principal, resource_id: UUID
) -> tuple[Resource, ProgramRole]:
    resource = await ResourceRepository(session).get(user.org_id, resource_id)
    if resource is None:
        raise NotFoundError("No such resource.")
    try:
        role = await program_role(session, user, resource.program_id)
    except NotFoundError:
        raise NotFoundError("No such resource.") from None
    if not _meant_for(role, resource):
        raise NotFoundError("No such resource.")
    return resource, role


async def attach(
    session: AsyncSession, user: Principal, resource_id: UUID, data: schemas.AttachmentCreate
) -> schemas.Resource:
    """Admins attach to a goal template; the match's people (or admins) to a milestone."""
    resource, role = await _visible_resource(session, user, resource_id)
    repository = ResourceRepository(session)
    if data.goal_template is not None:
        if role != "admin":
            raise ForbiddenError("Only the program's admins attach resources to goal templates.")
        if data.goal_template not in await _template_titles(session, user, resource.program_id):
            raise UnprocessableError(
                "The program has no such goal template.", field="goal_template"
            )
        attachment = ResourceAttachment(
            org_id=user.org_id, resource_id=resource.id, template_title=data.goal_template
        )
        await audit.record(
            session,
            user,
            "resource.attached_to_goal_template",
            "resource",
            resource.id,
            after={"goal_template": data.goal_template},
        )
    else:
        assert data.milestone_id is not None
        milestone = await GoalRepository(session).milestone_by_id(user.org_id, data.milestone_id)
        if milestone is None:
            raise NotFoundError("No such milestone.")
        goal, _ = await load_goal(session, user, milestone.goal_id)
        match = await ReadModelRepository(session).match(user.org_id, goal.match_id)
        if match is None or match.program_id != resource.program_id:
            raise UnprocessableError(
                "The resource and the milestone belong to different programs.",
                field="milestone_id",
            )
        attachment = ResourceAttachment(
            org_id=user.org_id, resource_id=resource.id, milestone_id=milestone.id
        )
    await repository.add(attachment)
    return (await _views(session, [resource]))[0]


async def of_goal(session: AsyncSession, user: Principal, goal_id: UUID) -> list[schemas.Resource]:
    """What helps with a goal: resources on its template and on its milestones, those meant
    for the caller's side of the match (whoever attached them: a mentor may pin a mentors'
    guide to the mentee's milestone for their own use)."""
    goal, access = await load_goal(session, user, goal_id)
    milestones = (await GoalRepository(session).milestones([goal.id]))[goal.id]
    rows = await ResourceRepository(session).attached_to(
        user.org_id, access.match.program_id, goal.template_title, [m.id for m in milestones]
    )
    return await _views(session, [row for row in rows if _meant_for(access.role, row)])


async def share(
    session: AsyncSession, user: Principal, match_id: UUID, data: schemas.ShareCreate
) -> schemas.SharedResource:
    """Both people of the match see what is shared in it, so only a resource meant for both
    sides may be shared; one the sharer may not see is missing, as everywhere else."""
    access = await visible_match(session, user, match_id)
    access.require_party()
    resource = await ResourceRepository(session).get(user.org_id, data.resource_id)
    if (
        resource is None
        or resource.program_id != access.match.program_id
        or not _meant_for(access.role, resource)
    ):
        raise NotFoundError("No such resource in this match's program.")
    if resource.audience != "both":
        raise AudienceError(
            f"The resource is meant for {resource.audience} only; "
            "only resources for both mentors and mentees are shared in a match.",
            field="resource_id",
        )
    shared = SharedResource(
        org_id=user.org_id,
        match_id=access.match.id,
        resource_id=resource.id,
        shared_by=user.user_id,
        note=data.note,
    )
    await ResourceRepository(session).add(shared)
    [view] = await _views(session, [resource])
    return schemas.SharedResource(
        id=shared.id,
        match_id=shared.match_id,
        shared_by=shared.shared_by,
        note=shared.note,
        created_at=shared.created_at,
        resource=view,
    )


async def shared_in(
    session: AsyncSession, user: Principal, match_id: UUID
) -> list[schemas.SharedResource]:
    access = await visible_match(session, user, match_id)
    rows = [
        (share, resource)
        for share, resource in await ResourceRepository(session).shared(
            user.org_id, access.match.id
        )
        if _meant_for(access.role, resource)  # shares made before audiences were enforced
    ]
    views = await _views(session, [resource for _, resource in rows])
    return [
        schemas.SharedResource(
            id=share.id,
            match_id=share.match_id,
            shared_by=share.shared_by,
            note=share.note,
            created_at=share.created_at,
            resource=view,
        )
        for (share, _), view in zip(rows, views, strict=True)
    ]


async def onboarding(
    session: AsyncSession, user: Principal, program_id: UUID
) -> schemas.OnboardingChecklist:
    """The training marked for mentors, with what this mentor has completed."""
    if await program_role(session, user, program_id) != "mentor":
        raise ForbiddenError("The onboarding checklist is for the program's mentors.")
    repository = ResourceRepository(session)
    training = [
        row
        for row in await repository.of_program(user.org_id, program_id, AUDIENCES["mentor"])
        if row.kind == "training"
    ]
    done = await repository.completions(user.user_id, [row.id for row in training])
    views = await _views(session, training)
    items = [
        schemas.ChecklistItem(
            resource=view,
            completed_at=done[row.id].completed_at if row.id in done else None,
        )
        for row, view in zip(training, views, strict=True)
    ]
    return schemas.OnboardingChecklist(
        program_id=program_id,
        completed=sum(item.completed_at is not None for item in items),
        total=len(items),
        items=items,
    )


async def complete_training(
    session: AsyncSession, user: Principal, resource_id: UUID
) -> schemas.OnboardingChecklist:
    resource, role = await _visible_resource(session, user, resource_id)
    if resource.kind != "training":
        raise ConflictError("Only training resources are completed.")
    if role != "mentor":
        raise ForbiddenError("The onboarding checklist is for the program's mentors.")
    repository = ResourceRepository(session)
    if not await repository.completions(user.user_id, [resource.id]):
        await repository.add(
            TrainingCompletion(org_id=user.org_id, resource_id=resource.id, user_id=user.user_id)
        )
    return await onboarding(session, user, resource.program_id)
