"""Who may see a participant: the person, or an admin of the program; anyone else gets 404.

Its own module because matches, scoring and the directory ask it too, and participants' service
depends on matches (through the withdrawal cascade's module): asking it here keeps the
dependencies one way.
"""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.errors import NotFoundError
from matching.models import Participant, Program
from matching.participants.repository import ParticipantRepository
from matching.programs import service as program_service


async def get_visible(
    session: AsyncSession, user: Principal, participant_id: UUID, *, for_update: bool = False
) -> tuple[Program, Participant]:
    """The participant if the caller is that person or an admin of the program; else 404."""
    participant = await ParticipantRepository(session).get(
        user.org_id, participant_id, for_update=for_update
    )
    if participant is None:
        raise NotFoundError(f"Participant {participant_id} does not exist.")
    program = await program_service.get(session, user, participant.program_id)
    if participant.user_id != user.user_id and not program_service.is_admin(user, program):
        raise NotFoundError(f"Participant {participant_id} does not exist.")
    return program, participant
