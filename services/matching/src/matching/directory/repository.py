from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matching.models import Participant


class DirectoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def own_participations(
        self, org_id: str, program_id: UUID, user_id: str
    ) -> list[Participant]:
        """The caller's rows in the program (a person may hold both roles in a peer program)."""
        return list(
            await self._session.scalars(
                select(Participant)
                .where(
                    Participant.org_id == org_id,
                    Participant.program_id == program_id,
                    Participant.user_id == user_id,
                )
                .order_by(Participant.created_at, Participant.id)
            )
        )
