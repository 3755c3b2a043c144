"""A match's lifecycle drives its surveys through the durable scheduler (`kit.scheduler`).

Accepted: the first pulse is due 30 days after the start, each pulse schedules the next 60 days
later. Ended: the pending pulse is cancelled and the close-out is due at once. Each pulse is its
own job (`<match>:<n>`): a firing job cannot re-arm itself, and the numbered key makes a repeated
firing find its surveys already there.
"""

from datetime import UTC, datetime, time, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import MatchAcceptedV1, MatchDeclinedV1, MatchEndedV1, MatchProposedV1
from feedback.health import service as health_service
from feedback.readmodels import service as readmodels
from feedback.readmodels.repository import ReadModelRepository
from feedback.surveys import service as survey_service
from kit import scheduler

PULSE_JOB = "survey.pulse"
CLOSE_OUT_JOB = "survey.close_out"
FIRST_PULSE_AFTER = timedelta(days=30)
PULSE_EVERY = timedelta(days=60)


def _pulse_key(match_id: UUID, sequence: int) -> str:
    return f"{match_id}:{sequence}"


async def match_proposed(
    session: AsyncSession, org_id: str, payload: MatchProposedV1, at: datetime
) -> None:
    match = await readmodels.match_of(session, org_id, payload, "proposed")
    if match.proposed_at is None:
        match.proposed_at = at
        await session.flush()


async def match_declined(
    session: AsyncSession, org_id: str, payload: MatchDeclinedV1, at: datetime
) -> None:
    match = await readmodels.match_of(session, org_id, payload, "declined")
    if match.status in ("proposed", "declined") and match.declined_at is None:
        match.status, match.declined_at = "declined", at
        await session.flush()


async def match_accepted(
    session: AsyncSession, org_id: str, payload: MatchAcceptedV1, at: datetime
) -> None:
    match = await readmodels.match_of(session, org_id, payload, "active")
    if match.status in ("ended", "declined"):
        return  # stale: the relationship is over
    match.status = "active"
    match.accepted_at = match.accepted_at or at
    match.starts_on = payload.starts_on
    if match.pulse_seq == 0:
        match.pulse_seq = 1
        await scheduler.schedule(
            session,
            PULSE_JOB,
            _pulse_key(match.id, 1),
            datetime.combine(payload.starts_on, time(), UTC) + FIRST_PULSE_AFTER,
            org_id=org_id,
            payload={"match_id": str(match.id), "sequence": 1},
        )
    await session.flush()
    await health_service.refresh(session, org_id, match.id)


async def match_ended(session: AsyncSession, org_id: str, payload: MatchEndedV1) -> None:
    match = await readmodels.match_of(session, org_id, payload, "ended")
    if match.ended_at is not None:
        return
    match.status, match.ended_at, match.outcome = "ended", payload.ended_at, payload.outcome
    if match.pulse_seq:
        await scheduler.cancel(session, PULSE_JOB, _pulse_key(match.id, match.pulse_seq))
    await scheduler.schedule(
        session,
        CLOSE_OUT_JOB,
        str(match.id),
        payload.ended_at,
        org_id=org_id,
        payload={"match_id": str(match.id)},
    )
    await session.flush()


async def on_pulse(session: AsyncSession, job: scheduler.Job) -> None:
    match = await ReadModelRepository(session).match(job.org_id, UUID(job.payload["match_id"]))
    sequence = int(job.payload["sequence"])
    if match is None or match.status != "active" or match.pulse_seq != sequence:
        return
    for user_id in (match.mentor_user_id, match.mentee_user_id):
        await survey_service.ask(session, match, user_id, "pulse", sequence, job.due_at)
    match.pulse_seq = sequence + 1
    await scheduler.schedule(
        session,
        PULSE_JOB,
        _pulse_key(match.id, sequence + 1),
        job.due_at + PULSE_EVERY,
        org_id=job.org_id,
        payload={"match_id": str(match.id), "sequence": sequence + 1},
    )
    await session.flush()


async def on_close_out(session: AsyncSession, job: scheduler.Job) -> None:
    match = await ReadModelRepository(session).match(job.org_id, UUID(job.payload["match_id"]))
    if match is None:
        return
    for user_id in (match.mentor_user_id, match.mentee_user_id):
        await survey_service.ask(session, match, user_id, "close_out", 0, job.due_at)


JOBS = {
    PULSE_JOB: on_pulse,
    CLOSE_OUT_JOB: on_close_out,
    health_service.REFRESH_JOB: health_service.on_refresh_job,
}
