from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, cast, exists, func, literal, or_, select
from sqlalchemy.dialects.postgresql import JSONB

from kit.pagination import PageParams, paginate
from kit.repository import Repository
from matching.models import Participant, Program

OPEN_TO_ALL = "enrolling"
"""The status in which a program is listed to every member of the org (they may enrol)."""


class ProgramRepository(Repository):
    async def get(self, org_id: str, program_id: UUID) -> Program | None:
        return await self._of_tenant(Program, org_id, program_id)

    async def many(self, org_id: str, program_ids: Sequence[UUID]) -> list[Program]:
        return list(
            await self._session.scalars(
                select(Program).where(Program.org_id == org_id, Program.id.in_(program_ids))
            )
        )

    async def list(
        self, org_id: str, page: PageParams, visible_to: str | None = None
    ) -> list[Program]:
        """The org's programs; with `visible_to`, only those open to that person, those they
        are in and those they administer."""
        query = select(Program).where(Program.org_id == org_id)
        if visible_to is not None:
            participations = select(Participant.program_id).where(
                Participant.org_id == org_id, Participant.user_id == visible_to
            )
            query = query.where(
                or_(
                    Program.status == OPEN_TO_ALL,
                    Program.id.in_(participations),
                    self._administered_by(visible_to),
                )
            )
        return list(
            await self._session.scalars(paginate(query, Program.created_at, Program.id, page))
        )

    def _administered_by(self, user_id: str) -> ColumnElement[bool]:
        """`user_id` is among the program's `admin_user_ids` (a JSON list: jsonb containment
        on PostgreSQL, json_each on SQLite)."""
        if self._session.get_bind().dialect.name == "postgresql":
            return cast(Program.admin_user_ids, JSONB).contains([user_id])
        admins = func.json_each(Program.admin_user_ids).table_valued("value")
        return exists(select(literal(1)).select_from(admins).where(admins.c.value == user_id))
