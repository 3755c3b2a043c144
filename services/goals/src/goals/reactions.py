"""What matching's events do here: keep the read models, and start or end relationships.

Every reaction is guarded by the current state, so a repeated or stale event changes nothing
(the inbox already drops exact duplicates).
"""

from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import (
    MatchAcceptedV1,
    MatchEndedV1,
    ParticipantEnrolledV1,
    ParticipantProfileUpdatedV1,
    ParticipantWithdrawnV1,
    ProgramSnapshot,
)
from goals.checkins import service as checkins
from goals.goals import service as goals
from goals.matches.repository import ReadModelRepository
from goals.models import Match, Participant, Program
from goals.settings import GoalsSettings

log = structlog.get_logger(__name__)


async def program_changed(session: AsyncSession, org_id: str, payload: ProgramSnapshot) -> None:
    repository = ReadModelRepository(session)
    program = await repository.program(org_id, payload.program_id)
    if program is None:
        program = Program(id=payload.program_id, org_id=org_id)
        session.add(program)
    program.name = payload.name
    program.admin_user_ids = list(payload.admin_user_ids)
    program.checkin_cadence = payload.checkin_cadence
    program.goal_templates = [template.model_dump() for template in payload.goal_templates]
    program.starts_on, program.ends_on = payload.starts_on, payload.ends_on
    program.updated_at = datetime.now(UTC)
    await session.flush()
    # A match accepted before its program was known here gets its templates now.
    for match in await repository.matches_of_program(org_id, program.id):
        await _instantiate(session, match, program)


async def _instantiate(session: AsyncSession, match: Match, program: Program) -> None:
    if match.status == "active" and not match.templates_instantiated:
        match.templates_instantiated = True
        await goals.instantiate_templates(session, match, program)
        await session.flush()


async def participant_changed(
    session: AsyncSession,
    org_id: str,
    payload: ParticipantEnrolledV1 | ParticipantProfileUpdatedV1,
) -> None:
    repository = ReadModelRepository(session)
    participant = await repository.participant(org_id, payload.participant_id)
    if participant is None:
        participant = Participant(id=payload.participant_id, org_id=org_id, withdrawn=False)
        session.add(participant)
    participant.program_id = payload.program_id
    participant.user_id = payload.user_id
    participant.role = payload.role
    participant.display_name = payload.display_name
    participant.timezone = payload.timezone
    await session.flush()


async def participant_withdrawn(
    session: AsyncSession, org_id: str, payload: ParticipantWithdrawnV1
) -> None:
    """Their matches end with `match.ended`; meanwhile no check-in stays on the calendar."""
    repository = ReadModelRepository(session)
    participant = await repository.participant(org_id, payload.participant_id)
    if participant is not None:
        participant.withdrawn = True
    for match in await repository.matches_of_user(org_id, payload.user_id, status="active"):
        if match.program_id == payload.program_id:
            await checkins.cancel_future(session, match, "participant withdrew")
    await session.flush()


async def match_accepted(
    session: AsyncSession, org_id: str, payload: MatchAcceptedV1, settings: GoalsSettings
) -> None:
    repository = ReadModelRepository(session)
    if await repository.match(org_id, payload.match_id) is not None:
        return
    match = Match(
        id=payload.match_id,
        org_id=org_id,
        program_id=payload.program_id,
        mentor_participant_id=payload.mentor_participant_id,
        mentee_participant_id=payload.mentee_participant_id,
        mentor_user_id=payload.mentor_user_id,
        mentee_user_id=payload.mentee_user_id,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        cadence=payload.checkin_cadence,
        status="active",
        templates_instantiated=False,
    )
    await repository.add(match)
    program = await repository.program(org_id, payload.program_id)
    if program is not None:
        await _instantiate(session, match, program)
    else:
        log.info("program_not_known_yet", match_id=str(match.id), program_id=str(match.program_id))
    await checkins.schedule_first(session, match, settings)


async def match_ended(session: AsyncSession, org_id: str, payload: MatchEndedV1) -> None:
    match = await ReadModelRepository(session).match(org_id, payload.match_id)
    if match is None or match.status == "ended":
        return
    match.status, match.ended_at = "ended", payload.ended_at
    await session.flush()
    reason = f"match ended ({payload.outcome})"
    await checkins.cancel_future(session, match, reason)
    await goals.close_open_goals(session, match, reason)
