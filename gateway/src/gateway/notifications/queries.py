import strawberry

from gateway.context import GatewayInfo
from gateway.notifications.types import (
    Delivery,
    Notification,
    Preferences,
    ProgramSlack,
    WebhookDelivery,
    WebhookEndpoint,
)
from gateway.pagination import Connection, connection, page_query
from gateway.resolve import fetch_or_none


@strawberry.type
class NotificationsQuery:
    @strawberry.field(description="The caller's in-app inbox, oldest first.")
    async def notifications(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[Notification]:
        info.context.user()
        page = await info.context.client("notifications").get(
            "/v1/notifications", page_query(first, after)
        )
        return connection(page, [Notification.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="Whether a program has a Slack channel (null unless you administer it)."
    )
    async def program_slack(
        self, info: GatewayInfo, program_id: strawberry.ID
    ) -> ProgramSlack | None:
        info.context.user()
        data = await fetch_or_none(
            info.context, "notifications", f"/v1/programs/{program_id}/slack"
        )
        return ProgramSlack.from_api(data) if data else None

    @strawberry.field(description="How many of the caller's notifications are unread.")
    async def unread_notifications(self, info: GatewayInfo) -> int:
        info.context.user()
        data = await info.context.client("notifications").get("/v1/notifications/unread-count")
        return int(data["unread"])

    @strawberry.field(description="How the caller's notifications went out, oldest first.")
    async def notification_deliveries(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[Delivery]:
        info.context.user()
        page = await info.context.client("notifications").get(
            "/v1/deliveries", page_query(first, after)
        )
        return connection(page, [Delivery.from_api(item) for item in page["items"]])

    @strawberry.field(description="The caller's notification preferences.")
    async def notification_preferences(self, info: GatewayInfo) -> Preferences:
        info.context.user()
        return Preferences.from_api(
            await info.context.client("notifications").get("/v1/preferences")
        )

    @strawberry.field(description="The organisation's webhook endpoints (org admins).")
    async def webhook_endpoints(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[WebhookEndpoint]:
        info.context.user()
        page = await info.context.client("notifications").get(
            "/v1/webhook-endpoints", page_query(first, after)
        )
        return connection(page, [WebhookEndpoint.from_api(item) for item in page["items"]])

    @strawberry.field(description="A webhook endpoint (org admins), or null.")
    async def webhook_endpoint(
        self, info: GatewayInfo, id: strawberry.ID
    ) -> WebhookEndpoint | None:
        data = await fetch_or_none(info.context, "notifications", f"/v1/webhook-endpoints/{id}")
        return WebhookEndpoint.from_api(data) if data else None

    @strawberry.field(description="An endpoint's deliveries, oldest first (org admins).")
    async def webhook_deliveries(
        self,
        info: GatewayInfo,
        endpoint_id: strawberry.ID,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[WebhookDelivery]:
        info.context.user()
        page = await info.context.client("notifications").get(
            f"/v1/webhook-endpoints/{endpoint_id}/deliveries", page_query(first, after)
        )
        return connection(page, [WebhookDelivery.from_api(item) for item in page["items"]])
