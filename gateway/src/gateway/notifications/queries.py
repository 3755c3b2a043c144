import strawberry

from gateway.context import GatewayInfo
from gateway.notifications.types import Notification
from gateway.pagination import Connection, connection, page_query


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

    @strawberry.field(description="How many of the caller's notifications are unread.")
    async def unread_notifications(self, info: GatewayInfo) -> int:
        info.context.user()
        data = await info.context.client("notifications").get("/v1/notifications/unread-count")
        return int(data["unread"])
