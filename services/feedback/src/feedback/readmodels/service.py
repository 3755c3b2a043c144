"""Keeping the read models from matching's and goals' events.

Events of two topics arrive in no global order (a check-in may come before its match's
acceptance), so every writer upserts, and every lifecycle step is guarded by the current state:
a repeated or stale event changes nothing.
"""

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.goals import MatchScoped
from contracts.matching import MatchParties, ProgramSnapshot
from feedback.models import Checkin, Enrolment, Goal, Match, Program
from feedback.readmodels.repository import ReadModelRepository


async def upsert_program(session: AsyncSession, org_id: str, snapshot: ProgramSnapshot) -> None:
    repository = ReadModelRepository(session)
    program = await repository.program(org_id, snapshot.program_id)
    fields = {
        "name": snapshot.name,
        "status": snapshot.status,
        "admin_user_ids": list(snapshot.admin_user_ids),
    }
    if program is None:
        await repository.add(Program(id=snapshot.program_id, org_id=org_id, **fields))
        return
    # Only matching's fields: the feedback settings belong to this service.
    for name, value in fields.items():
        setattr(program, name, value)
    await session.flush()


async def enrol(
    session: AsyncSession,
    org_id: str,
    participant_id: UUID,
    program_id: UUID,
    user_id: str,
    role: str,
    at: datetime,
    hr_id: str | None = None,
) -> None:
    repository = ReadModelRepository(session)
    enrolment = await repository.enrolment(org_id, participant_id)
    if enrolment is None:
        await repository.add(
            Enrolment(
                id=participant_id,
                org_id=org_id,
                program_id=program_id,
                user_id=user_id,
                role=role,
                enrolled_at=at,
                hr_id=hr_id,
            )
        )
        return
    if at < enrolment.enrolled_at:  # the withdrawal came first and left a placeholder
        enrolment.enrolled_at = at
    enrolment.hr_id = enrolment.hr_id or hr_id
    await session.flush()


async def link_hr_id(
    session: AsyncSession, org_id: str, participant_id: UUID, hr_id: str | None
) -> None:
    """An admin gave (or changed) the participant's HR id after the enrolment."""
    enrolment = await ReadModelRepository(session).enrolment(org_id, participant_id)
    if enrolment is not None and hr_id is not None and enrolment.hr_id != hr_id:
        enrolment.hr_id = hr_id
        await session.flush()


async def withdraw(
    session: AsyncSession,
    org_id: str,
    participant_id: UUID,
    program_id: UUID,
    user_id: str,
    role: str,
    at: datetime,
) -> None:
    repository = ReadModelRepository(session)
    enrolment = await repository.enrolment(org_id, participant_id)
    if enrolment is None:
        # Withdrawn before we heard of the enrolment: remember both, the enrolment may follow.
        await repository.add(
            Enrolment(
                id=participant_id,
                org_id=org_id,
                program_id=program_id,
                user_id=user_id,
                role=role,
                enrolled_at=at,
                withdrawn_at=at,
            )
        )
    elif enrolment.withdrawn_at is None:
        enrolment.withdrawn_at = at
        await session.flush()


async def match_of(
    session: AsyncSession, org_id: str, parties: MatchParties | MatchScoped, status: str
) -> Match:
    """The match's read model, created from whichever event names it first."""
    repository = ReadModelRepository(session)
    match = await repository.match(org_id, parties.match_id)
    if match is None:
        match = Match(
            id=parties.match_id,
            org_id=org_id,
            program_id=parties.program_id,
            mentor_user_id=parties.mentor_user_id,
            mentee_user_id=parties.mentee_user_id,
            status=status,
            pulse_seq=0,
            at_risk=False,
            health_signals=[],
        )
        await repository.add(match)
    return match


async def record_checkin(
    session: AsyncSession, org_id: str, facts: MatchScoped, checkin_id: UUID, *, held_at: datetime
) -> bool:
    """A check-in took place; returns False when it was already known as held."""
    repository = ReadModelRepository(session)
    match = await match_of(session, org_id, facts, "active")
    checkin = await repository.checkin(org_id, checkin_id)
    if checkin is not None and checkin.status == "completed":
        return False
    if checkin is None:
        checkin = Checkin(
            id=checkin_id, org_id=org_id, program_id=facts.program_id, match_id=facts.match_id
        )
        session.add(checkin)
    checkin.status, checkin.occurred_at = "completed", held_at
    if match.first_checkin_at is None or held_at < match.first_checkin_at:
        match.first_checkin_at = held_at
    if match.last_contact_at is None or held_at > match.last_contact_at:
        match.last_contact_at = held_at
    await session.flush()
    return True


async def record_missed(
    session: AsyncSession, org_id: str, facts: MatchScoped, checkin_id: UUID, starts_at: datetime
) -> bool:
    """A check-in was missed; a held one stays held (the late event is stale)."""
    repository = ReadModelRepository(session)
    await match_of(session, org_id, facts, "active")
    if await repository.checkin(org_id, checkin_id) is not None:
        return False
    await repository.add(
        Checkin(
            id=checkin_id,
            org_id=org_id,
            program_id=facts.program_id,
            match_id=facts.match_id,
            status="missed",
            occurred_at=starts_at,
        )
    )
    return True


async def goal_of(
    session: AsyncSession, org_id: str, facts: MatchScoped, goal_id: UUID, at: datetime
) -> Goal:
    repository = ReadModelRepository(session)
    await match_of(session, org_id, facts, "active")
    goal = await repository.goal(org_id, goal_id)
    if goal is None:
        goal = Goal(
            id=goal_id,
            org_id=org_id,
            program_id=facts.program_id,
            match_id=facts.match_id,
            status="draft",
            progress=0.0,
            overdue=False,
            created_at=at,
        )
        await repository.add(goal)
    return goal


def activate(goal: Goal) -> None:
    """Progress on a goal means it left its draft: the mentee made it their own."""
    if goal.status == "draft":
        goal.status = "active"
