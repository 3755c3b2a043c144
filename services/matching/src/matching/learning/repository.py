from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matching.models import Match

STARTED = ("active", "completed", "ended")


class LearningRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def with_outcome(
        self, org_id: str, program_id: UUID, before: datetime
    ) -> Sequence[Match]:
        """Relationships of the program that started before `before` and have a health score."""
        query = select(Match).where(
            Match.org_id == org_id,
            Match.program_id == program_id,
            Match.status.in_(STARTED),
            Match.accepted_at.is_not(None),
            Match.accepted_at <= before,
            Match.health_score.is_not(None),
        )
        return list(await self._session.scalars(query))
