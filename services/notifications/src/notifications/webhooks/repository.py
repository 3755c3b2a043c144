from uuid import UUID

from sqlalchemy import select

from kit.pagination import PageParams, paginate
from kit.repository import Repository
from notifications.models import WebhookDelivery, WebhookEndpoint


class WebhookRepository(Repository):
    async def endpoint(self, org_id: str, endpoint_id: UUID) -> WebhookEndpoint | None:
        return await self._session.scalar(
            select(WebhookEndpoint).where(
                WebhookEndpoint.org_id == org_id, WebhookEndpoint.id == endpoint_id
            )
        )

    async def endpoints(self, org_id: str, page: PageParams) -> list[WebhookEndpoint]:
        query = select(WebhookEndpoint).where(WebhookEndpoint.org_id == org_id)
        return list(
            await self._session.scalars(
                paginate(query, WebhookEndpoint.created_at, WebhookEndpoint.id, page)
            )
        )

    async def enabled_endpoints(self, org_id: str) -> list[WebhookEndpoint]:
        return list(
            await self._session.scalars(
                select(WebhookEndpoint).where(
                    WebhookEndpoint.org_id == org_id, WebhookEndpoint.enabled.is_(True)
                )
            )
        )

    async def delete(self, endpoint: WebhookEndpoint) -> None:
        await self._session.delete(endpoint)
        await self._session.flush()

    async def delivery(self, delivery_id: UUID) -> WebhookDelivery | None:
        return await self._session.get(WebhookDelivery, delivery_id)

    async def delivery_for_event(self, endpoint_id: UUID, event_id: str) -> WebhookDelivery | None:
        return await self._session.scalar(
            select(WebhookDelivery).where(
                WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.event_id == event_id
            )
        )

    async def deliveries(
        self, org_id: str, endpoint_id: UUID, page: PageParams
    ) -> list[WebhookDelivery]:
        query = select(WebhookDelivery).where(
            WebhookDelivery.org_id == org_id, WebhookDelivery.endpoint_id == endpoint_id
        )
        return list(
            await self._session.scalars(
                paginate(query, WebhookDelivery.created_at, WebhookDelivery.id, page)
            )
        )
