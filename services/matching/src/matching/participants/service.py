from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import ParticipantEnrolledV1
from kit.auth import Principal
from kit.errors import ConflictError, ForbiddenError
from kit.events.outbox import emit
from kit.pagination import PageParams
from matching.models import Participant
from matching.participants.repository import ParticipantRepository
from matching.participants.schemas import ParticipantCreate
from matching.programs import service as program_service


async def enroll(
    session: AsyncSession, user: Principal, program_id: UUID, data: ParticipantCreate
) -> Participant:
    """Admins enrol anyone; everyone else may enrol only themselves."""
    program = await program_service.get(session, user, program_id)
    if data.user_id != user.user_id and not user.is_org_admin:
        raise ForbiddenError("Only org admins enrol other people.")
    participants = ParticipantRepository(session)
    if await participants.find(user.org_id, program.id, data.user_id) is not None:
        raise ConflictError(f"{data.user_id} is already enrolled in this program.")
    participant = await participants.add(
        Participant(
            org_id=user.org_id,
            program_id=program.id,
            user_id=data.user_id,
            role=data.role,
            display_name=data.display_name,
            email=data.email,
        )
    )
    await emit(
        session,
        ParticipantEnrolledV1(
            program_id=program.id,
            program_name=program.name,
            participant_id=participant.id,
            user_id=participant.user_id,
            role=data.role,
            display_name=participant.display_name,
            email=participant.email,
        ),
        subject=str(participant.id),
        org_id=user.org_id,
    )
    return participant


async def list_participants(
    session: AsyncSession, user: Principal, program_id: UUID, page: PageParams
) -> list[Participant]:
    program = await program_service.get(session, user, program_id)
    return await ParticipantRepository(session).list(user.org_id, program.id, page)
