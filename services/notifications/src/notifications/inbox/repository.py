from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update

from kit.pagination import PageParams, paginate
from kit.repository import Repository
from notifications.models import Notification


class NotificationRepository(Repository):
    async def find_for_event(
        self, org_id: str, user_id: str, source_event_id: str
    ) -> Notification | None:
        return await self._session.scalar(
            select(Notification).where(
                Notification.org_id == org_id,
                Notification.user_id == user_id,
                Notification.source_event_id == source_event_id,
            )
        )

    async def get(self, org_id: str, user_id: str, notification_id: UUID) -> Notification | None:
        return await self._session.scalar(
            select(Notification).where(
                Notification.org_id == org_id,
                Notification.user_id == user_id,
                Notification.id == notification_id,
                Notification.in_inbox.is_(True),
            )
        )

    async def list(self, org_id: str, user_id: str, page: PageParams) -> list[Notification]:
        query = select(Notification).where(
            Notification.org_id == org_id,
            Notification.user_id == user_id,
            Notification.in_inbox.is_(True),
        )
        return list(
            await self._session.scalars(
                paginate(query, Notification.created_at, Notification.id, page)
            )
        )

    async def unread(self, org_id: str, user_id: str) -> int:
        count = await self._session.scalar(
            select(func.count()).where(
                Notification.org_id == org_id,
                Notification.user_id == user_id,
                Notification.read_at.is_(None),
                Notification.in_inbox.is_(True),
            )
        )
        return count or 0

    async def mark_all_read(self, org_id: str, user_id: str, now: datetime) -> int:
        result = await self._session.execute(
            update(Notification)
            .where(
                Notification.org_id == org_id,
                Notification.user_id == user_id,
                Notification.read_at.is_(None),
                Notification.in_inbox.is_(True),
            )
            .values(read_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
