from uuid import UUID

from fastapi import APIRouter, status

from goals.resources import service as resource_service
from goals.resources.schemas import (
    AttachmentCreate,
    OnboardingChecklist,
    Resource,
    ResourceCreate,
    ShareCreate,
    SharedResource,
)
from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1", tags=["resources"])


@router.post(
    "/programs/{program_id}/resources",
    response_model=Resource,
    status_code=status.HTTP_201_CREATED,
)
async def create_resource(
    program_id: UUID,
    data: ResourceCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyKey,
) -> object:
    """Add a guide, training, template... to the program's library (program admins)."""
    return await idempotency.run(
        session,
        user,
        data,
        lambda: resource_service.create(session, user, program_id, data),
        Resource,
    )


@router.get("/programs/{program_id}/resources", response_model=list[Resource])
async def list_resources(
    program_id: UUID, session: SessionDep, user: CurrentUser
) -> list[Resource]:
    """The library: all of it for admins, what is meant for them for mentors and mentees."""
    return await resource_service.list_resources(session, user, program_id)


@router.post("/resources/{resource_id}/attachments", response_model=Resource, status_code=201)
async def attach_resource(
    resource_id: UUID, data: AttachmentCreate, session: SessionDep, user: CurrentUser
) -> Resource:
    """Attach a resource to one of the program's goal templates, or to a milestone."""
    return await resource_service.attach(session, user, resource_id, data)


@router.get("/goals/{goal_id}/resources", response_model=list[Resource])
async def goal_resources(goal_id: UUID, session: SessionDep, user: CurrentUser) -> list[Resource]:
    """Resources attached to the goal's template and to its milestones."""
    return await resource_service.of_goal(session, user, goal_id)


@router.post("/matches/{match_id}/shared-resources", response_model=SharedResource, status_code=201)
async def share_resource(
    match_id: UUID, data: ShareCreate, session: SessionDep, user: CurrentUser
) -> SharedResource:
    """Share a resource of the program with one's partner in the match."""
    return await resource_service.share(session, user, match_id, data)


@router.get("/matches/{match_id}/shared-resources", response_model=list[SharedResource])
async def shared_resources(
    match_id: UUID, session: SessionDep, user: CurrentUser
) -> list[SharedResource]:
    return await resource_service.shared_in(session, user, match_id)


@router.get("/programs/{program_id}/onboarding", response_model=OnboardingChecklist)
async def onboarding_checklist(
    program_id: UUID, session: SessionDep, user: CurrentUser
) -> OnboardingChecklist:
    """A mentor's checklist: the program's training for mentors, and what they completed."""
    return await resource_service.onboarding(session, user, program_id)


@router.post("/resources/{resource_id}/completion", response_model=OnboardingChecklist)
async def complete_training(
    resource_id: UUID, session: SessionDep, user: CurrentUser
) -> OnboardingChecklist:
    """Mark a training resource done (idempotent); returns the updated checklist."""
    return await resource_service.complete_training(session, user, resource_id)
