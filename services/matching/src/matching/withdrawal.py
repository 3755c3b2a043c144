"""The withdrawal cascade: a participant leaves, and every open match of theirs ends with them.

One orchestrating function above participants and matches, so that neither service imports
the other.
"""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import ParticipantWithdrawnV1
from kit.auth import Principal
from kit.events.outbox import emit
from matching.matches import service as match_service
from matching.models import Participant
from matching.participants.access import get_visible
from matching.participants.repository import ParticipantRepository
from matching.participants.service import audit_for_another, audited


async def withdraw(session: AsyncSession, user: Principal, participant_id: UUID) -> Participant:
    """Leave the program: open proposals and relationships end with outcome `withdrawn`."""
    _, participant = await get_visible(session, user, participant_id)
    if participant.status == "withdrawn":
        return participant
    before = audited(participant)
    participant = await leave(session, participant)
    await audit_for_another(session, user, participant, "participant.withdrawn_by_admin", before)
    return participant


async def leave(session: AsyncSession, participant: Participant) -> Participant:
    """Withdraw the participant, whoever asked (they, an admin, or the identity provider that
    deactivated them): their open matches end, and it is announced."""
    if participant.status == "withdrawn":
        return participant
    participant.status = "withdrawn"
    participant = await ParticipantRepository(session).save(participant)
    await match_service.end_for_withdrawal(session, participant)
    await emit(
        session,
        ParticipantWithdrawnV1(
            program_id=participant.program_id,
            participant_id=participant.id,
            user_id=participant.user_id,
            role=participant.role,
        ),
        subject=str(participant.id),
        org_id=participant.org_id,
    )
    return participant
