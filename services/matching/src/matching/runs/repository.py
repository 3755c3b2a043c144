from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kit.pagination import PageParams, paginate
from matching.models import MatchingRun


class RunRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(
        self, org_id: str, run_id: UUID, *, for_update: bool = False
    ) -> MatchingRun | None:
        query = select(MatchingRun).where(MatchingRun.org_id == org_id, MatchingRun.id == run_id)
        if for_update:
            query = query.with_for_update()
        return await self._session.scalar(query)

    async def add(self, run: MatchingRun) -> MatchingRun:
        self._session.add(run)
        await self._session.flush()
        await self._session.refresh(run)
        return run

    async def save(self, run: MatchingRun) -> MatchingRun:
        await self._session.flush()
        await self._session.refresh(run)
        return run

    async def list(self, org_id: str, program_id: UUID, page: PageParams) -> list[MatchingRun]:
        query = select(MatchingRun).where(
            MatchingRun.org_id == org_id, MatchingRun.program_id == program_id
        )
        return list(
            await self._session.scalars(
                paginate(query, MatchingRun.created_at, MatchingRun.id, page)
            )
        )
