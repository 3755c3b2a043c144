from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select

from goals.models import CalendarFeed, Participant
from kit.repository import Repository


class CalendarRepository(Repository):
    async def by_hash(self, token_hash: str) -> CalendarFeed | None:
        return await self._session.scalar(
            select(CalendarFeed).where(
                CalendarFeed.token_hash == token_hash, CalendarFeed.revoked_at.is_(None)
            )
        )

    async def get(self, org_id: str, user_id: str, feed_id: UUID) -> CalendarFeed | None:
        return await self._session.scalar(
            select(CalendarFeed).where(
                CalendarFeed.org_id == org_id,
                CalendarFeed.user_id == user_id,
                CalendarFeed.id == feed_id,
            )
        )

    async def of_user(self, org_id: str, user_id: str) -> Sequence[CalendarFeed]:
        return (
            await self._session.scalars(
                select(CalendarFeed)
                .where(CalendarFeed.org_id == org_id, CalendarFeed.user_id == user_id)
                .order_by(CalendarFeed.created_at)
            )
        ).all()

    async def display_names(self, org_id: str, user_ids: Sequence[str]) -> dict[str, str]:
        rows = await self._session.execute(
            select(Participant.user_id, Participant.display_name).where(
                Participant.org_id == org_id, Participant.user_id.in_(user_ids)
            )
        )
        return {user_id: name for user_id, name in rows}
