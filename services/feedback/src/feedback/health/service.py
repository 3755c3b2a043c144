"""Recomputing a match's health after each fact that moves it, and announcing at-risk changes.

`relationship.health_changed` is emitted only when the at-risk state flips (with hysteresis),
never for a mere change of score: alerts fire once per crossing.
"""

from datetime import UTC, datetime, time, timedelta
from statistics import fmean
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import RelationshipHealthChangedV1
from feedback.health.signals import Health, HealthInputs, assess, next_at_risk
from feedback.models import HealthTransition, Match
from feedback.readmodels.repository import ReadModelRepository
from feedback.requests.repository import FeedbackRepository
from kit import scheduler
from kit.db import utcnow
from kit.events.outbox import emit

REFRESH_JOB = "health.refresh"
REFRESH_EVERY = timedelta(days=7)


async def inputs_of(session: AsyncSession, match: Match, now: datetime) -> HealthInputs:
    submissions = await FeedbackRepository(session).of_match(match.org_id, match.id)
    readmodels = ReadModelRepository(session)
    checkins = await readmodels.checkins_of(match.org_id, match.id)
    goals = [
        goal for goal in await readmodels.goals_of(match.org_id, match.id) if goal.status != "draft"
    ]
    contact = match.last_contact_at
    if contact is None and match.starts_on is not None:
        contact = datetime.combine(match.starts_on, time(), UTC)
    return HealthInputs(
        ratings=[fmean(s.ratings.values()) for s in submissions if s.ratings],
        fit_checks=[s.wants_to_continue for s in submissions],
        checkins=[checkin.status == "completed" for checkin in checkins],
        goal_progress=[1.0 if goal.status == "completed" else goal.progress for goal in goals],
        goals_overdue=sum(goal.overdue and goal.status != "completed" for goal in goals),
        days_since_contact=None if contact is None else max(0.0, (now - contact).days),
    )


async def refresh(
    session: AsyncSession, org_id: str, match_id: UUID, now: datetime | None = None
) -> Health | None:
    """Recompute the score; on an at-risk crossing, record it and emit the event once."""
    now = now or utcnow()
    await session.flush()  # the sessions do not autoflush: make pending read-model edits visible
    match = await ReadModelRepository(session).match(org_id, match_id)
    if match is None or match.status != "active":
        return None
    health = assess(await inputs_of(session, match, now))
    previous = match.health_score
    was_at_risk = match.at_risk
    match.health_score = health.score
    match.health_signals = [
        {
            "name": signal.name,
            "weight": signal.weight,
            "value": signal.value,
            "contribution": signal.contribution,
            "detail": signal.detail,
        }
        for signal in health.signals
    ]
    match.health_updated_at = now
    at_risk = next_at_risk(was_at_risk, health.score)
    if at_risk != was_at_risk:
        match.at_risk = at_risk
        session.add(
            HealthTransition(
                org_id=org_id,
                program_id=match.program_id,
                match_id=match.id,
                at_risk=at_risk,
                score=health.score,
                at=now,
            )
        )
        await emit(
            session,
            RelationshipHealthChangedV1(
                match_id=match.id,
                program_id=match.program_id,
                mentor_user_id=match.mentor_user_id,
                mentee_user_id=match.mentee_user_id,
                score=health.score,
                previous_score=previous,
                at_risk=at_risk,
                signals=health.contributions(),
            ),
            subject=str(match.id),
            org_id=org_id,
        )
    # Silence moves the score too (days since contact): look again a week later.
    due = datetime.combine((now + REFRESH_EVERY).date(), time(), UTC)
    await scheduler.schedule(
        session,
        REFRESH_JOB,
        f"{match.id}:{due.date().isoformat()}",
        due,
        org_id=org_id,
        payload={"match_id": str(match.id)},
    )
    await session.flush()
    return health


async def on_refresh_job(session: AsyncSession, job: scheduler.Job) -> None:
    await refresh(session, job.org_id, UUID(job.payload["match_id"]))
