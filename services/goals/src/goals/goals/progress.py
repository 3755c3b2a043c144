"""Progress: how far a goal is, 0 to 1, from the two kinds of evidence it may have.

- its metric: the last reported value's way from the baseline to the target (once a value has
  been reported, on a goal with a target);
- its milestones: the share completed (on a goal with milestones).

A goal with both counts the larger: completing a milestone moves a metric goal on before any
value is reported, and reaching the target completes the way whatever milestones remain. Every
change is kept as a history row and announced (`goal.progress_updated`).
"""

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.goals import GoalProgressUpdatedV1, MilestoneCompletedV1
from goals.access import scope
from goals.goals import schemas
from goals.goals.repository import GoalRepository
from goals.goals.service import load, load_owned, view
from goals.models import Goal, Match, Milestone, ProgressUpdate
from kit.auth import Principal
from kit.errors import ConflictError, NotFoundError, UnprocessableError
from kit.events.outbox import emit
from kit.pagination import Page, PageParams, page_of


def share_of_target(value: float, baseline: float, target: float) -> float:
    """How much of the way from the baseline to the target `value` is, clamped to 0..1."""
    span = target - baseline
    if span == 0:
        return 1.0 if value == target else 0.0
    return min(1.0, max(0.0, (value - baseline) / span))


def share_of_milestones(milestones: list[Milestone]) -> float:
    if not milestones:
        return 0.0
    return sum(m.completed_at is not None for m in milestones) / len(milestones)


def progress_of(goal: Goal, milestones: list[Milestone]) -> float:
    """The larger of the metric's share and the milestones' share (see the module's doc)."""
    shares = [0.0]
    if goal.target is not None and goal.current_value is not None:
        shares.append(share_of_target(goal.current_value, goal.baseline, goal.target))
    if milestones:
        shares.append(share_of_milestones(milestones))
    return max(shares)


async def record_value(
    session: AsyncSession, user: Principal, goal_id: UUID, data: schemas.ProgressCreate
) -> schemas.Goal:
    goal, access = await load_owned(session, user, goal_id, "active")
    if goal.target is None:
        raise UnprocessableError(
            "This goal has no numeric target: its progress comes from its milestones.",
            field="value",
        )
    goal.current_value = data.value
    milestones = (await GoalRepository(session).milestones([goal.id]))[goal.id]
    progress = progress_of(goal, milestones)
    await _record(session, access.match, goal, user, progress, "value", data.value, None, data.note)
    return await view(session, goal)


async def add_milestone(
    session: AsyncSession, user: Principal, goal_id: UUID, data: schemas.MilestoneCreate
) -> schemas.Goal:
    goal, access = await load_owned(session, user, goal_id, "draft", "active")
    repository = GoalRepository(session)
    position = await repository.next_position(goal.id)
    await repository.add(
        Milestone(org_id=goal.org_id, goal_id=goal.id, title=data.title, position=position)
    )
    if goal.status == "active":
        # One more milestone to do lowers the share done (unless the metric shows more).
        milestones = (await repository.milestones([goal.id]))[goal.id]
        progress = progress_of(goal, milestones)
        if progress != goal.progress:
            await _record(session, access.match, goal, user, progress, "milestone")
    return await view(session, goal)


async def complete_milestone(
    session: AsyncSession, user: Principal, goal_id: UUID, milestone_id: UUID
) -> schemas.Goal:
    goal, access = await load_owned(session, user, goal_id, "active")
    repository = GoalRepository(session)
    milestone = await repository.milestone(goal.id, milestone_id)
    if milestone is None:
        raise NotFoundError("No such milestone.")
    if milestone.completed_at is not None:
        raise ConflictError("This milestone is completed already.")
    milestone.completed_at = datetime.now(UTC)
    await session.flush()
    await emit(
        session,
        MilestoneCompletedV1(
            **scope(access.match), goal_id=goal.id, milestone_id=milestone.id, title=milestone.title
        ),
        subject=str(goal.id),
        org_id=goal.org_id,
    )
    milestones = (await repository.milestones([goal.id]))[goal.id]
    await _record(
        session,
        access.match,
        goal,
        user,
        progress_of(goal, milestones),
        "milestone",
        milestone_id=milestone.id,
    )
    return await view(session, goal)


async def _record(
    session: AsyncSession,
    match: Match,
    goal: Goal,
    user: Principal,
    progress: float,
    source: str,
    value: float | None = None,
    milestone_id: UUID | None = None,
    note: str | None = None,
) -> None:
    previous = goal.progress
    goal.progress = progress
    await GoalRepository(session).add(
        ProgressUpdate(
            org_id=goal.org_id,
            goal_id=goal.id,
            author_user_id=user.user_id,
            source=source,
            value=value,
            milestone_id=milestone_id,
            progress=progress,
            previous_progress=previous,
            note=note,
        )
    )
    await emit(
        session,
        GoalProgressUpdatedV1(
            **scope(match), goal_id=goal.id, progress=progress, previous_progress=previous
        ),
        subject=str(goal.id),
        org_id=goal.org_id,
    )


async def history(
    session: AsyncSession, user: Principal, goal_id: UUID, page: PageParams
) -> Page[schemas.ProgressUpdate]:
    goal, _ = await load(session, user, goal_id)
    rows = await GoalRepository(session).history(goal.id, page)
    return page_of(rows, page, schemas.ProgressUpdate)
