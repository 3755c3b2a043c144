from uuid import UUID

from sqlalchemy import select

from kit.pagination import PageParams, paginate
from kit.repository import Repository
from matching.models import MatchingRun


class RunRepository(Repository):
    async def get(
        self, org_id: str, run_id: UUID, *, for_update: bool = False
    ) -> MatchingRun | None:
        return await self._of_tenant(MatchingRun, org_id, run_id, for_update=for_update)

    async def list(self, org_id: str, program_id: UUID, page: PageParams) -> list[MatchingRun]:
        query = select(MatchingRun).where(
            MatchingRun.org_id == org_id, MatchingRun.program_id == program_id
        )
        return list(
            await self._session.scalars(
                paginate(query, MatchingRun.created_at, MatchingRun.id, page)
            )
        )
