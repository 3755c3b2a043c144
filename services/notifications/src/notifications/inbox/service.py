from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.notifications import NotificationCreatedV1
from kit.auth import Principal
from kit.errors import NotFoundError
from kit.events.outbox import emit
from kit.pagination import PageParams
from notifications.inbox.repository import NotificationRepository
from notifications.inbox.schemas import NotificationCreate
from notifications.models import Notification


async def deliver(session: AsyncSession, data: NotificationCreate) -> Notification | None:
    """Put a notification in an inbox once; a repeated event changes nothing."""
    notifications = NotificationRepository(session)
    if await notifications.find_for_event(data.org_id, data.user_id, data.source_event_id):
        return None
    notification = Notification(**data.model_dump())
    await notifications.add(notification)
    if not notification.in_inbox:
        return notification
    await emit(
        session,
        NotificationCreatedV1(
            notification_id=notification.id,
            user_id=notification.user_id,
            category=notification.category,
            title=notification.title,
            body=notification.body,
        ),
        subject=str(notification.id),
        org_id=notification.org_id,
    )
    return notification


async def list_own(session: AsyncSession, user: Principal, page: PageParams) -> list[Notification]:
    return await NotificationRepository(session).list(user.org_id, user.user_id, page)


async def unread_count(session: AsyncSession, user: Principal) -> int:
    return await NotificationRepository(session).unread(user.org_id, user.user_id)


async def mark_read(session: AsyncSession, user: Principal, notification_id: UUID) -> Notification:
    notification = await NotificationRepository(session).get(
        user.org_id, user.user_id, notification_id
    )
    if notification is None:
        raise NotFoundError(f"Notification {notification_id} does not exist.")
    if notification.read_at is None:
        notification.read_at = datetime.now(UTC)
        await session.flush()
    return notification


async def mark_all_read(session: AsyncSession, user: Principal) -> int:
    return await NotificationRepository(session).mark_all_read(
        user.org_id, user.user_id, datetime.now(UTC)
    )
