"""Read models kept from matching's events: people's contact data, programs and their admins."""

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import select

from kit.repository import Repository
from notifications.models import Contact, OrgAdmin, Program


class DirectoryRepository(Repository):
    async def contact(self, org_id: str, user_id: str) -> Contact | None:
        return await self._session.get(Contact, (org_id, user_id))

    async def contacts(self, org_id: str, user_ids: Iterable[str]) -> dict[str, Contact]:
        rows = await self._session.scalars(
            select(Contact).where(Contact.org_id == org_id, Contact.user_id.in_(list(user_ids)))
        )
        return {row.user_id: row for row in rows}

    async def program(self, org_id: str, program_id: UUID) -> Program | None:
        return await self._session.get(Program, (org_id, program_id))

    async def programs(self, org_id: str) -> list[Program]:
        return list(await self._session.scalars(select(Program).where(Program.org_id == org_id)))

    async def is_known_org_admin(self, org_id: str, user_id: str) -> bool:
        return await self._session.get(OrgAdmin, (org_id, user_id)) is not None

    async def org_admins(self, org_id: str) -> list[str]:
        return list(
            await self._session.scalars(select(OrgAdmin.user_id).where(OrgAdmin.org_id == org_id))
        )
