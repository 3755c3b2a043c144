from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import or_, select

from goals.models import Checkin, CheckinNote
from kit.pagination import PageParams, paginate
from kit.repository import Repository


class CheckinRepository(Repository):
    async def get(self, org_id: str, checkin_id: UUID) -> Checkin | None:
        return await self._of_tenant(Checkin, org_id, checkin_id)

    async def of_match(self, org_id: str, match_id: UUID, page: PageParams) -> list[Checkin]:
        query = select(Checkin).where(Checkin.org_id == org_id, Checkin.match_id == match_id)
        return list(
            await self._session.scalars(paginate(query, Checkin.created_at, Checkin.id, page))
        )

    async def all_of_matches(self, org_id: str, match_ids: Sequence[UUID]) -> Sequence[Checkin]:
        if not match_ids:
            return []
        return (
            await self._session.scalars(
                select(Checkin)
                .where(Checkin.org_id == org_id, Checkin.match_id.in_(match_ids))
                .order_by(Checkin.starts_at, Checkin.id)
            )
        ).all()

    async def next_scheduled(self, org_id: str, match_ids: Sequence[UUID]) -> list[Checkin]:
        """The earliest scheduled check-in of each match (of those that have one)."""
        rows = await self._session.scalars(
            select(Checkin)
            .where(
                Checkin.org_id == org_id,
                Checkin.match_id.in_(match_ids),
                Checkin.status == "scheduled",
            )
            .order_by(Checkin.starts_at, Checkin.id)
        )
        first: dict[UUID, Checkin] = {}
        for row in rows:
            first.setdefault(row.match_id, row)
        return list(first.values())

    async def scheduled_after(
        self, org_id: str, match_id: UUID, moment: datetime
    ) -> Sequence[Checkin]:
        return (
            await self._session.scalars(
                select(Checkin).where(
                    Checkin.org_id == org_id,
                    Checkin.match_id == match_id,
                    Checkin.status == "scheduled",
                    Checkin.starts_at > moment,
                )
            )
        ).all()

    async def scheduled(self, org_id: str, match_id: UUID) -> Sequence[Checkin]:
        return (
            await self._session.scalars(
                select(Checkin).where(
                    Checkin.org_id == org_id,
                    Checkin.match_id == match_id,
                    Checkin.status == "scheduled",
                )
            )
        ).all()

    async def notes_for(self, checkin_ids: Sequence[UUID], viewer: str) -> list[CheckinNote]:
        if not checkin_ids:
            return []
        return list(
            await self._session.scalars(
                select(CheckinNote)
                .where(
                    CheckinNote.checkin_id.in_(checkin_ids),
                    or_(CheckinNote.private.is_(False), CheckinNote.author_user_id == viewer),
                )
                .order_by(CheckinNote.created_at, CheckinNote.id)
            )
        )
