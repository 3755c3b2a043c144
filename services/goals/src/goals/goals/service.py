"""Goals: SMART creation and edits, the mentor's acknowledgement, activation, completion."""

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.goals import GoalCompletedV1, GoalCreatedV1, GoalOverdueV1
from goals.access import MatchAccess, scope, timezone_of, visible_match, visible_matches
from goals.goals import schemas
from goals.goals.repository import GoalRepository
from goals.goals.smart import GoalFacts, SmartFailure, check
from goals.matches.repository import ReadModelRepository
from goals.models import Goal, Match, Milestone, Program
from goals.paging import page_with
from kit.auth import Principal
from kit.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from kit.events.outbox import emit
from kit.pagination import Page, PageParams
from kit.scheduler import Job, cancel, schedule

OVERDUE = "goal.overdue"


class NotSmartError(UnprocessableError):
    code = "goal-not-smart"
    title = "The goal is not SMART"


def _raise_not_smart(failures: list[SmartFailure]) -> None:
    """One 422 naming every field to fix (`errors`: field, code, message, SMART letter)."""
    if failures:
        fields = list(dict.fromkeys(f.field or "the mentor's acknowledgement" for f in failures))
        raise NotSmartError(
            f"The goal is not SMART yet; fix {', '.join(fields)} (see `errors`).",
            errors=[failure.as_problem() for failure in failures],
        )


async def local_today(session: AsyncSession, match: Match) -> date:
    """Today in the mentee's timezone: "after today" means the goal owner's today."""
    zone = ZoneInfo(await timezone_of(session, match, match.mentee_user_id))
    return datetime.now(zone).date()


def _facts(goal: Goal, milestones: int) -> GoalFacts:
    return GoalFacts(
        title=goal.title,
        description=goal.description,
        metric=goal.metric,
        target=goal.target,
        unit=goal.unit,
        milestones=milestones,
        relevance=goal.relevance,
        due_on=goal.due_on,
        acknowledged=goal.acknowledged_at is not None,
    )


async def view(session: AsyncSession, goal: Goal) -> schemas.Goal:
    milestones = (await GoalRepository(session).milestones([goal.id]))[goal.id]
    return _view(goal, milestones)


def _view(goal: Goal, milestones: list[Milestone]) -> schemas.Goal:
    read = schemas.Goal.model_validate(goal)
    return read.model_copy(
        update={"milestones": [schemas.Milestone.model_validate(m) for m in milestones]}
    )


async def load(session: AsyncSession, user: Principal, goal_id: UUID) -> tuple[Goal, MatchAccess]:
    goal = await GoalRepository(session).get(user.org_id, goal_id)
    if goal is None:
        raise NotFoundError("No such goal.")
    try:
        access = await visible_match(session, user, goal.match_id)
    except NotFoundError:
        raise NotFoundError("No such goal.") from None
    return goal, access


async def load_owned(
    session: AsyncSession, user: Principal, goal_id: UUID, *statuses: str
) -> tuple[Goal, MatchAccess]:
    goal, access = await load(session, user, goal_id)
    if user.user_id != goal.owner_user_id:
        raise ForbiddenError("Only the mentee who owns this goal can change it.")
    if statuses and goal.status not in statuses:
        raise ConflictError(f"The goal is {goal.status}; this needs it {' or '.join(statuses)}.")
    return goal, access


async def create(
    session: AsyncSession, user: Principal, match_id: UUID, data: schemas.GoalCreate
) -> schemas.Goal:
    """Either participant proposes a draft goal: every letter but A must hold already.

    The goal is the mentee's whoever writes it: she edits, activates and completes it. A goal
    the mentor writes is acknowledged as achievable (the A) by that act, so it waits only for
    the mentee to activate it; a goal the mentee writes waits for the mentor's acknowledgement.
    """
    access = await visible_match(session, user, match_id)
    access.require_party()
    access.require_active()
    match = access.match
    goal = Goal(
        org_id=user.org_id,
        match_id=match.id,
        owner_user_id=match.mentee_user_id,
        title=data.title.strip(),
        **data.model_dump(exclude={"title", "milestones"}),
    )
    if access.role == "mentor":
        goal.acknowledged_at = datetime.now(UTC)
    facts = _facts(goal, len(data.milestones))
    today = await local_today(session, match)
    _raise_not_smart(check(facts, today=today, match_ends_on=match.ends_on, letters="SMRT"))
    return await _add(session, match, goal, data.milestones, from_template=False)


async def _add(
    session: AsyncSession, match: Match, goal: Goal, titles: list[str], *, from_template: bool
) -> schemas.Goal:
    repository = GoalRepository(session)
    await repository.add(goal)
    milestones = [
        Milestone(org_id=goal.org_id, goal_id=goal.id, title=title, position=position)
        for position, title in enumerate(titles)
    ]
    if milestones:
        await repository.add(*milestones)
    await emit(
        session,
        GoalCreatedV1(
            **scope(match),
            goal_id=goal.id,
            title=goal.title,
            status=goal.status,
            due_on=goal.due_on,
            from_template=from_template,
        ),
        subject=str(goal.id),
        org_id=goal.org_id,
    )
    return _view(goal, milestones)


async def instantiate_templates(session: AsyncSession, match: Match, program: Program) -> int:
    """The program's goal templates become the match's draft goals (the mentee refines them)."""
    created = 0
    for template in program.goal_templates:
        due_on = _template_due(match.starts_on, template.get("due_after_days"))
        if due_on is not None and match.ends_on is not None:
            due_on = min(due_on, match.ends_on)
        goal = Goal(
            org_id=match.org_id,
            match_id=match.id,
            owner_user_id=match.mentee_user_id,
            title=template["title"],
            description=template.get("description") or "",
            metric=template.get("metric"),
            target=template.get("target"),
            unit=template.get("unit"),
            relevance_kind="program_objective",
            relevance=f"{program.name}: {template['title']}",
            due_on=due_on,
            template_title=template["title"],
        )
        await _add(session, match, goal, list(template.get("milestones") or []), from_template=True)
        created += 1
    return created


def _template_due(starts_on: date, due_after_days: int | None) -> date | None:
    """A template's due date; nonsense offsets leave it for the mentee to set."""
    if due_after_days is None or due_after_days < 0:
        return None
    try:
        return starts_on + timedelta(days=due_after_days)
    except OverflowError:
        return None


async def get(session: AsyncSession, user: Principal, goal_id: UUID) -> schemas.Goal:
    goal, _ = await load(session, user, goal_id)
    return await view(session, goal)


async def list_goals(
    session: AsyncSession, user: Principal, match_id: UUID, page: PageParams
) -> Page[schemas.Goal]:
    access = await visible_match(session, user, match_id)
    repository = GoalRepository(session)
    rows = await repository.of_match(user.org_id, access.match.id, page)
    milestones = await repository.milestones([row.id for row in rows])
    return page_with(rows, page, [_view(row, milestones[row.id]) for row in rows[: page.limit]])


async def goals_of_matches(
    session: AsyncSession, user: Principal, match_ids: list[UUID]
) -> list[schemas.Goal]:
    """Every goal of the matches the caller may see among `match_ids`, oldest first."""
    visible = [access.match.id for access in await visible_matches(session, user, match_ids)]
    if not visible:
        return []
    repository = GoalRepository(session)
    rows = await repository.of_matches(user.org_id, visible)
    milestones = await repository.milestones([row.id for row in rows])
    return [_view(row, milestones[row.id]) for row in rows]


async def update(
    session: AsyncSession, user: Principal, goal_id: UUID, data: schemas.GoalUpdate
) -> schemas.Goal:
    """An edit may fix a draft bit by bit, but never break a SMART letter that held."""
    goal, access = await load_owned(session, user, goal_id, "draft", "active")
    milestones = len((await GoalRepository(session).milestones([goal.id]))[goal.id])
    today = await local_today(session, access.match)
    ends_on = access.match.ends_on
    held_before = check(_facts(goal, milestones), today=today, match_ends_on=ends_on)
    changes = data.model_dump(exclude_unset=True)
    required = sorted(
        f for f in ("title", "description", "baseline") if f in changes and changes[f] is None
    )
    if required:
        raise UnprocessableError(f"{required[0]} cannot be null.", field=required[0])
    for field, value in changes.items():
        setattr(goal, field, value.strip() if field == "title" and value else value)
    failed_before = {failure.letter for failure in held_before}
    after = check(_facts(goal, milestones), today=today, match_ends_on=ends_on)
    _raise_not_smart([failure for failure in after if failure.letter not in failed_before])
    if goal.status == "active" and "due_on" in data.model_fields_set:
        await arm_overdue(session, access.match, goal)
    await session.flush()
    return await view(session, goal)


async def acknowledge(session: AsyncSession, user: Principal, goal_id: UUID) -> schemas.Goal:
    """The mentor's word that the goal is achievable: the A of SMART."""
    goal, access = await load(session, user, goal_id)
    if access.role != "mentor":
        raise ForbiddenError("Only the match's mentor acknowledges a goal as achievable.")
    if goal.status not in ("draft", "active"):
        raise ConflictError(f"The goal is {goal.status}.")
    if goal.acknowledged_at is None:
        goal.acknowledged_at = datetime.now(UTC)
        await session.flush()
    return await view(session, goal)


async def activate(session: AsyncSession, user: Principal, goal_id: UUID) -> schemas.Goal:
    goal, access = await load_owned(session, user, goal_id, "draft")
    access.require_active()
    milestones = len((await GoalRepository(session).milestones([goal.id]))[goal.id])
    today = await local_today(session, access.match)
    _raise_not_smart(
        check(_facts(goal, milestones), today=today, match_ends_on=access.match.ends_on)
    )
    goal.status = "active"
    await arm_overdue(session, access.match, goal)
    await session.flush()
    return await view(session, goal)


async def arm_overdue(session: AsyncSession, match: Match, goal: Goal) -> None:
    """Due at the mentee's midnight after the due date; moving the date re-arms the job."""
    if goal.due_on is None:
        return
    zone = ZoneInfo(await timezone_of(session, match, match.mentee_user_id))
    due_at = datetime.combine(goal.due_on + timedelta(days=1), time(0), tzinfo=zone)
    goal.overdue_at = None
    await schedule(session, OVERDUE, str(goal.id), due_at.astimezone(UTC), org_id=goal.org_id)


async def complete(session: AsyncSession, user: Principal, goal_id: UUID) -> schemas.Goal:
    goal, access = await load_owned(session, user, goal_id, "active")
    goal.status = "completed"
    goal.completed_at = datetime.now(UTC)
    await cancel(session, OVERDUE, str(goal.id))
    await session.flush()
    await emit(
        session,
        GoalCompletedV1(**scope(access.match), goal_id=goal.id, title=goal.title),
        subject=str(goal.id),
        org_id=goal.org_id,
    )
    return await view(session, goal)


async def abandon(session: AsyncSession, user: Principal, goal_id: UUID) -> schemas.Goal:
    goal, _ = await load_owned(session, user, goal_id, "draft", "active")
    await close(session, goal, "abandoned by the mentee")
    return await view(session, goal)


async def close(session: AsyncSession, goal: Goal, reason: str) -> None:
    goal.status = "abandoned"
    goal.closed_reason = reason
    await cancel(session, OVERDUE, str(goal.id))
    await session.flush()


async def close_open_goals(session: AsyncSession, match: Match, reason: str) -> int:
    goals = await GoalRepository(session).open_of_match(match.org_id, match.id)
    for goal in goals:
        await close(session, goal, reason)
    return len(goals)


async def fire_overdue(session: AsyncSession, job: Job) -> None:
    """The scheduler's handler: an active goal past its due date is announced once."""
    goal = await GoalRepository(session).get(job.org_id, UUID(job.key))
    if goal is None or goal.status != "active" or goal.due_on is None or goal.overdue_at:
        return
    match = await ReadModelRepository(session).match(goal.org_id, goal.match_id)
    assert match is not None
    goal.overdue_at = datetime.now(UTC)
    await session.flush()
    await emit(
        session,
        GoalOverdueV1(**scope(match), goal_id=goal.id, title=goal.title, due_on=goal.due_on),
        subject=str(goal.id),
        org_id=goal.org_id,
    )
