import strawberry

from gateway.api import notifications as api
from gateway.context import GatewayInfo
from gateway.derive import build
from gateway.notifications.types import (
    Delivery,
    Notification,
    Preferences,
    ProgramSlack,
    WebhookDelivery,
    WebhookEndpoint,
    preferences,
)
from gateway.pagination import Connection, page_query
from gateway.permissions import ORG_ADMIN, SIGNED_IN
from gateway.resolve import fetch_or_none, page_of


@strawberry.type
class NotificationsQuery:
    @strawberry.field(
        description="The caller's in-app inbox, oldest first.", permission_classes=SIGNED_IN
    )
    async def notifications(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[Notification]:
        page = await info.context.client("notifications").read(
            api.PageNotification, "/v1/notifications", page_query(first, after)
        )
        return page_of(Notification, page)

    @strawberry.field(
        description="Whether a program has a Slack channel (null unless you administer it).",
        permission_classes=SIGNED_IN,
    )
    async def program_slack(
        self, info: GatewayInfo, program_id: strawberry.ID
    ) -> ProgramSlack | None:
        data = await fetch_or_none(
            info.context, "notifications", f"/v1/programs/{program_id}/slack"
        )
        return build(ProgramSlack, api.ProgramSlack.model_validate(data)) if data else None

    @strawberry.field(
        description="How many of the caller's notifications are unread.",
        permission_classes=SIGNED_IN,
    )
    async def unread_notifications(self, info: GatewayInfo) -> int:
        data = await info.context.client("notifications").read(
            api.UnreadCount, "/v1/notifications/unread-count"
        )
        return data.unread

    @strawberry.field(
        description="How the caller's notifications went out, oldest first.",
        permission_classes=SIGNED_IN,
    )
    async def notification_deliveries(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[Delivery]:
        page = await info.context.client("notifications").read(
            api.PageDelivery, "/v1/deliveries", page_query(first, after)
        )
        return page_of(Delivery, page)

    @strawberry.field(
        description="The caller's notification preferences.", permission_classes=SIGNED_IN
    )
    async def notification_preferences(self, info: GatewayInfo) -> Preferences:
        return preferences(await info.context.client("notifications").get("/v1/preferences"))

    @strawberry.field(
        description="The organisation's webhook endpoints (org admins).",
        permission_classes=ORG_ADMIN,
    )
    async def webhook_endpoints(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[WebhookEndpoint]:
        page = await info.context.client("notifications").read(
            api.PageWebhookEndpoint, "/v1/webhook-endpoints", page_query(first, after)
        )
        return page_of(WebhookEndpoint, page)

    @strawberry.field(
        description="A webhook endpoint (org admins), or null.", permission_classes=SIGNED_IN
    )
    async def webhook_endpoint(
        self, info: GatewayInfo, id: strawberry.ID
    ) -> WebhookEndpoint | None:
        data = await fetch_or_none(info.context, "notifications", f"/v1/webhook-endpoints/{id}")
        return build(WebhookEndpoint, api.WebhookEndpoint.model_validate(data)) if data else None

    @strawberry.field(
        description="An endpoint's deliveries, oldest first (org admins).",
        permission_classes=ORG_ADMIN,
    )
    async def webhook_deliveries(
        self,
        info: GatewayInfo,
        endpoint_id: strawberry.ID,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[WebhookDelivery]:
        page = await info.context.client("notifications").read(
            api.PageWebhookDelivery,
            f"/v1/webhook-endpoints/{endpoint_id}/deliveries",
            page_query(first, after),
        )
        return page_of(WebhookDelivery, page)
