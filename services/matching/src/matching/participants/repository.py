from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kit.pagination import PageParams, paginate
from matching.models import Participant


class ParticipantRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find(self, org_id: str, program_id: UUID, user_id: str) -> Participant | None:
        return await self._session.scalar(
            select(Participant).where(
                Participant.org_id == org_id,
                Participant.program_id == program_id,
                Participant.user_id == user_id,
            )
        )

    async def add(self, participant: Participant) -> Participant:
        self._session.add(participant)
        await self._session.flush()
        await self._session.refresh(participant)
        return participant

    async def list(self, org_id: str, program_id: UUID, page: PageParams) -> list[Participant]:
        query = select(Participant).where(
            Participant.org_id == org_id, Participant.program_id == program_id
        )
        return list(
            await self._session.scalars(
                paginate(query, Participant.created_at, Participant.id, page)
            )
        )
