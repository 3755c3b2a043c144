from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.models import PopulationMember

_CHUNK = 1000  # bound the IN list (SQLite's and asyncpg's parameter limits)


class PopulationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_hr_ids(self, org_id: str, hr_ids: Sequence[str]) -> dict[str, PopulationMember]:
        found: dict[str, PopulationMember] = {}
        for start in range(0, len(hr_ids), _CHUNK):
            chunk = hr_ids[start : start + _CHUNK]
            rows = await self._session.scalars(
                select(PopulationMember).where(
                    PopulationMember.org_id == org_id, PopulationMember.hr_id.in_(chunk)
                )
            )
            found.update({row.hr_id: row for row in rows})
        return found

    async def of_org(self, org_id: str) -> Sequence[PopulationMember]:
        query = select(PopulationMember).where(PopulationMember.org_id == org_id)
        return list(await self._session.scalars(query))

    async def add_all(self, rows: Sequence[PopulationMember]) -> None:
        self._session.add_all(rows)
        await self._session.flush()
