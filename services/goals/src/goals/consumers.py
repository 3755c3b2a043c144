"""What the goals service reacts to: matching's programs, participants and matches.

Handlers are thin; the settings they need are bound when the app is made.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import (
    MatchAcceptedV1,
    MatchEndedV1,
    ParticipantEnrolledV1,
    ParticipantProfileUpdatedV1,
    ParticipantWithdrawnV1,
    PersonErasureRequestedV1,
    ProgramCreatedV1,
    ProgramUpdatedV1,
)
from goals import reactions
from goals.privacy import service as privacy_service
from goals.settings import GoalsSettings
from kit.events.consumer import Consumer
from kit.events.envelope import Event


def make_consumers(settings: GoalsSettings) -> list[Consumer]:
    matching = Consumer("matching")

    @matching.on(ProgramCreatedV1)
    async def program_created(
        session: AsyncSession, event: Event, payload: ProgramCreatedV1
    ) -> None:
        await reactions.program_changed(session, event.org_id, payload)

    @matching.on(ProgramUpdatedV1)
    async def program_updated(
        session: AsyncSession, event: Event, payload: ProgramUpdatedV1
    ) -> None:
        await reactions.program_changed(session, event.org_id, payload)

    @matching.on(ParticipantEnrolledV1)
    async def enrolled(session: AsyncSession, event: Event, payload: ParticipantEnrolledV1) -> None:
        await reactions.participant_changed(session, event.org_id, payload)

    @matching.on(ParticipantProfileUpdatedV1)
    async def profile_updated(
        session: AsyncSession, event: Event, payload: ParticipantProfileUpdatedV1
    ) -> None:
        await reactions.participant_changed(session, event.org_id, payload)

    @matching.on(ParticipantWithdrawnV1)
    async def withdrawn(
        session: AsyncSession, event: Event, payload: ParticipantWithdrawnV1
    ) -> None:
        await reactions.participant_withdrawn(session, event.org_id, payload)

    @matching.on(MatchAcceptedV1)
    async def accepted(session: AsyncSession, event: Event, payload: MatchAcceptedV1) -> None:
        await reactions.match_accepted(session, event.org_id, payload, settings)

    @matching.on(MatchEndedV1)
    async def ended(session: AsyncSession, event: Event, payload: MatchEndedV1) -> None:
        await reactions.match_ended(session, event.org_id, payload)

    return [matching, _erasure_consumer()]


def _erasure_consumer() -> Consumer:
    """Erases a person on matching's request, in a group of its own (never behind a backlog)."""
    erasure = Consumer("erasure")

    @erasure.on(PersonErasureRequestedV1)
    async def erasure_requested(
        session: AsyncSession, event: Event, payload: PersonErasureRequestedV1
    ) -> None:
        await privacy_service.erase(session, event.org_id, payload)

    return erasure
