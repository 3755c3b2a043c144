"""Every event the feedback service reacts to, in one place; handlers stay thin.

One consumer keeps the read models and reacts (requests, surveys, health) in the same
transaction, so the reactions see the read model they depend on.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.goals import (
    CheckinCompletedV1,
    CheckinMissedV1,
    GoalCompletedV1,
    GoalCreatedV1,
    GoalOverdueV1,
    GoalProgressUpdatedV1,
    MilestoneCompletedV1,
)
from contracts.matching import (
    MatchAcceptedV1,
    MatchDeclinedV1,
    MatchEndedV1,
    MatchProposedV1,
    ParticipantEnrolledV1,
    ParticipantProfileUpdatedV1,
    ParticipantWithdrawnV1,
    PersonErasureRequestedV1,
    ProgramCreatedV1,
    ProgramUpdatedV1,
)
from feedback.health import service as health_service
from feedback.privacy import service as privacy_service
from feedback.readmodels import service as readmodels
from feedback.requests import service as feedback_service
from feedback.surveys import lifecycle
from kit.events.consumer import Consumer
from kit.events.envelope import Event

relationships = Consumer("relationships")


@relationships.on(ProgramCreatedV1)
async def program_created(session: AsyncSession, event: Event, payload: ProgramCreatedV1) -> None:
    await readmodels.upsert_program(session, event.org_id, payload)


@relationships.on(ProgramUpdatedV1)
async def program_updated(session: AsyncSession, event: Event, payload: ProgramUpdatedV1) -> None:
    await readmodels.upsert_program(session, event.org_id, payload)


@relationships.on(ParticipantEnrolledV1)
async def enrolled(session: AsyncSession, event: Event, payload: ParticipantEnrolledV1) -> None:
    await readmodels.enrol(
        session,
        event.org_id,
        payload.participant_id,
        payload.program_id,
        payload.user_id,
        payload.role,
        event.time,
        payload.external_id,
    )


@relationships.on(ParticipantProfileUpdatedV1)
async def profile_updated(
    session: AsyncSession, event: Event, payload: ParticipantProfileUpdatedV1
) -> None:
    await readmodels.link_hr_id(session, event.org_id, payload.participant_id, payload.external_id)


@relationships.on(ParticipantWithdrawnV1)
async def withdrawn(session: AsyncSession, event: Event, payload: ParticipantWithdrawnV1) -> None:
    await readmodels.withdraw(
        session,
        event.org_id,
        payload.participant_id,
        payload.program_id,
        payload.user_id,
        payload.role,
        event.time,
    )


@relationships.on(MatchProposedV1)
async def proposed(session: AsyncSession, event: Event, payload: MatchProposedV1) -> None:
    await lifecycle.match_proposed(session, event.org_id, payload, event.time)


@relationships.on(MatchAcceptedV1)
async def accepted(session: AsyncSession, event: Event, payload: MatchAcceptedV1) -> None:
    await lifecycle.match_accepted(session, event.org_id, payload, event.time)


@relationships.on(MatchDeclinedV1)
async def declined(session: AsyncSession, event: Event, payload: MatchDeclinedV1) -> None:
    await lifecycle.match_declined(session, event.org_id, payload, event.time)


@relationships.on(MatchEndedV1)
async def ended(session: AsyncSession, event: Event, payload: MatchEndedV1) -> None:
    await lifecycle.match_ended(session, event.org_id, payload)


@relationships.on(CheckinCompletedV1)
async def checkin_completed(
    session: AsyncSession, event: Event, payload: CheckinCompletedV1
) -> None:
    held_at = payload.completed_at
    if await readmodels.record_checkin(
        session, event.org_id, payload, payload.checkin_id, held_at=held_at
    ):
        await feedback_service.request_both(session, event.org_id, payload)
        await health_service.refresh(session, event.org_id, payload.match_id)


@relationships.on(CheckinMissedV1)
async def checkin_missed(session: AsyncSession, event: Event, payload: CheckinMissedV1) -> None:
    if await readmodels.record_missed(
        session, event.org_id, payload, payload.checkin_id, payload.starts_at
    ):
        await health_service.refresh(session, event.org_id, payload.match_id)


@relationships.on(GoalCreatedV1)
async def goal_created(session: AsyncSession, event: Event, payload: GoalCreatedV1) -> None:
    goal = await readmodels.goal_of(session, event.org_id, payload, payload.goal_id, event.time)
    if goal.status == "draft" and payload.status != "draft":
        goal.status = payload.status
    await health_service.refresh(session, event.org_id, payload.match_id)


@relationships.on(GoalProgressUpdatedV1)
async def goal_progressed(
    session: AsyncSession, event: Event, payload: GoalProgressUpdatedV1
) -> None:
    goal = await readmodels.goal_of(session, event.org_id, payload, payload.goal_id, event.time)
    readmodels.activate(goal)
    if goal.status != "completed":
        goal.progress = payload.progress
    await health_service.refresh(session, event.org_id, payload.match_id)


@relationships.on(MilestoneCompletedV1)
async def milestone_completed(
    session: AsyncSession, event: Event, payload: MilestoneCompletedV1
) -> None:
    goal = await readmodels.goal_of(session, event.org_id, payload, payload.goal_id, event.time)
    readmodels.activate(goal)
    await health_service.refresh(session, event.org_id, payload.match_id)


@relationships.on(GoalCompletedV1)
async def goal_completed(session: AsyncSession, event: Event, payload: GoalCompletedV1) -> None:
    goal = await readmodels.goal_of(session, event.org_id, payload, payload.goal_id, event.time)
    if goal.status != "completed":
        goal.status, goal.progress, goal.completed_at = "completed", 1.0, event.time
    await health_service.refresh(session, event.org_id, payload.match_id)


@relationships.on(GoalOverdueV1)
async def goal_overdue(session: AsyncSession, event: Event, payload: GoalOverdueV1) -> None:
    goal = await readmodels.goal_of(session, event.org_id, payload, payload.goal_id, event.time)
    readmodels.activate(goal)
    goal.overdue = True
    await health_service.refresh(session, event.org_id, payload.match_id)


def _erasure_consumer() -> Consumer:
    """Erases a person on matching's request, in a group of its own (never behind a backlog)."""
    erasure = Consumer("erasure")

    @erasure.on(PersonErasureRequestedV1)
    async def erasure_requested(
        session: AsyncSession, event: Event, payload: PersonErasureRequestedV1
    ) -> None:
        await privacy_service.erase(session, event.org_id, payload)

    return erasure


CONSUMERS = [relationships, _erasure_consumer()]
