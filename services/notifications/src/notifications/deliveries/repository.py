from uuid import UUID

from sqlalchemy import select

from kit.pagination import PageParams, paginate
from kit.repository import Repository
from notifications.models import Delivery, Notification


class DeliveryRepository(Repository):
    async def get(self, delivery_id: UUID) -> Delivery | None:
        return await self._session.get(Delivery, delivery_id)

    async def waiting(self, org_id: str, user_id: str, channel: str, status: str) -> list[Delivery]:
        return list(
            await self._session.scalars(
                select(Delivery)
                .where(
                    Delivery.org_id == org_id,
                    Delivery.user_id == user_id,
                    Delivery.channel == channel,
                    Delivery.status == status,
                )
                .order_by(Delivery.created_at, Delivery.id)
            )
        )

    async def notifications_of(self, delivery: Delivery) -> list[Notification]:
        """The notification a delivery carries, or every one a digest gathered."""
        if delivery.notification_id is not None:
            found = await self._session.get(Notification, delivery.notification_id)
            return [found] if found else []
        return list(
            await self._session.scalars(
                select(Notification)
                .join(Delivery, Delivery.notification_id == Notification.id)
                .where(Delivery.digest_id == delivery.id)
                .order_by(Notification.created_at, Notification.id)
            )
        )

    async def list_for_user(self, org_id: str, user_id: str, page: PageParams) -> list[Delivery]:
        query = select(Delivery).where(Delivery.org_id == org_id, Delivery.user_id == user_id)
        return list(
            await self._session.scalars(paginate(query, Delivery.created_at, Delivery.id, page))
        )
