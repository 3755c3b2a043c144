from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, status

from goals.goals import progress
from goals.goals import service as goal_service
from goals.goals.schemas import (
    Goal,
    GoalCreate,
    GoalUpdate,
    MilestoneCreate,
    ProgressCreate,
    ProgressUpdate,
)
from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.batch import Items, ids_query
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_params

router = APIRouter(prefix="/v1", tags=["goals"])
PageDep = Annotated[PageParams, Depends(page_params)]
NOT_SMART: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "Not SMART: each item of `errors` names a `field` to fix (none for the "
        "mentor's acknowledgement), a stable `code`, a `message`, and its SMART `letter`"
    }
}


@router.post(
    "/matches/{match_id}/goals",
    response_model=Goal,
    status_code=status.HTTP_201_CREATED,
    responses=NOT_SMART,
)
async def create_goal(
    match_id: UUID,
    data: GoalCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyKey,
) -> object:
    """The mentee or the mentor proposes a goal (a draft, always owned by the mentee): it must
    be Specific, Measurable, Relevant and Time-bound. The mentor's acknowledgement (Achievable)
    is needed to activate it; a goal the mentor proposes is acknowledged by that act. The
    mentee activates it."""
    return await idempotency.run(
        session, user, data, lambda: goal_service.create(session, user, match_id, data), Goal
    )


@router.get("/matches/{match_id}/goals", response_model=Page[Goal])
async def list_goals(
    match_id: UUID, session: SessionDep, user: CurrentUser, page: PageDep
) -> Page[Goal]:
    """A match's goals, oldest first."""
    return await goal_service.list_goals(session, user, match_id, page)


@router.get("/goals", response_model=Items[Goal])
async def goals_of_matches(
    session: SessionDep,
    user: CurrentUser,
    match_ids: Annotated[list[UUID], ids_query("match_ids", "match")],
) -> Items[Goal]:
    """Every goal of many matches at once, with milestones, oldest first; matches the caller
    may not see (as in the single read) are left out."""
    return Items[Goal](items=await goal_service.goals_of_matches(session, user, match_ids))


@router.get("/goals/{goal_id}", response_model=Goal)
async def get_goal(goal_id: UUID, session: SessionDep, user: CurrentUser) -> Goal:
    return await goal_service.get(session, user, goal_id)


@router.patch("/goals/{goal_id}", response_model=Goal, responses=NOT_SMART)
async def update_goal(
    goal_id: UUID, data: GoalUpdate, session: SessionDep, user: CurrentUser
) -> Goal:
    """Edit a draft or active goal; an edit may not break a SMART letter that held."""
    return await goal_service.update(session, user, goal_id, data)


@router.post("/goals/{goal_id}/acknowledge", response_model=Goal)
async def acknowledge_goal(goal_id: UUID, session: SessionDep, user: CurrentUser) -> Goal:
    """The mentor acknowledges that the goal is achievable."""
    return await goal_service.acknowledge(session, user, goal_id)


@router.post("/goals/{goal_id}/activate", response_model=Goal, responses=NOT_SMART)
async def activate_goal(goal_id: UUID, session: SessionDep, user: CurrentUser) -> Goal:
    """draft → active, once all five SMART letters hold."""
    return await goal_service.activate(session, user, goal_id)


@router.post("/goals/{goal_id}/complete", response_model=Goal)
async def complete_goal(goal_id: UUID, session: SessionDep, user: CurrentUser) -> Goal:
    return await goal_service.complete(session, user, goal_id)


@router.post("/goals/{goal_id}/abandon", response_model=Goal)
async def abandon_goal(goal_id: UUID, session: SessionDep, user: CurrentUser) -> Goal:
    return await goal_service.abandon(session, user, goal_id)


@router.post("/goals/{goal_id}/progress", response_model=Goal)
async def record_progress(
    goal_id: UUID, data: ProgressCreate, session: SessionDep, user: CurrentUser
) -> Goal:
    """A numeric update of the goal's metric; the progress follows (see `Goal.progress`)."""
    return await progress.record_value(session, user, goal_id, data)


@router.get("/goals/{goal_id}/progress", response_model=Page[ProgressUpdate])
async def progress_history(
    goal_id: UUID, session: SessionDep, user: CurrentUser, page: PageDep
) -> Page[ProgressUpdate]:
    """Every change of the goal's progress, oldest first."""
    return await progress.history(session, user, goal_id, page)


@router.post("/goals/{goal_id}/milestones", response_model=Goal, status_code=201)
async def add_milestone(
    goal_id: UUID, data: MilestoneCreate, session: SessionDep, user: CurrentUser
) -> Goal:
    return await progress.add_milestone(session, user, goal_id, data)


@router.post("/goals/{goal_id}/milestones/{milestone_id}/complete", response_model=Goal)
async def complete_milestone(
    goal_id: UUID, milestone_id: UUID, session: SessionDep, user: CurrentUser
) -> Goal:
    """Complete a milestone; the goal's progress follows (see `Goal.progress`)."""
    return await progress.complete_milestone(session, user, goal_id, milestone_id)
