from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kit.pagination import PageParams, paginate
from matching.models import Program


class ProgramRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, org_id: str, program_id: UUID) -> Program | None:
        return await self._session.scalar(
            select(Program).where(Program.org_id == org_id, Program.id == program_id)
        )

    async def many(self, org_id: str, program_ids: Sequence[UUID]) -> list[Program]:
        return list(
            await self._session.scalars(
                select(Program).where(Program.org_id == org_id, Program.id.in_(program_ids))
            )
        )

    async def list(self, org_id: str, page: PageParams) -> list[Program]:
        query = select(Program).where(Program.org_id == org_id)
        return list(
            await self._session.scalars(paginate(query, Program.created_at, Program.id, page))
        )

    async def add(self, program: Program) -> Program:
        self._session.add(program)
        await self._session.flush()
        await self._session.refresh(program)
        return program

    async def save(self, program: Program) -> Program:
        await self._session.flush()
        await self._session.refresh(program)
        return program
