from collections.abc import AsyncGenerator
from datetime import UTC, datetime

import strawberry

from contracts.notifications import NotificationCreatedV1
from gateway.api import notifications as api
from gateway.context import GatewayInfo
from gateway.derive import build
from gateway.notifications.types import Notification
from gateway.permissions import SIGNED_IN
from kit.events.envelope import Event


@strawberry.type
class NotificationsSubscription:
    @strawberry.subscription(
        description="Each new notification for the signed-in user.", permission_classes=SIGNED_IN
    )
    async def notification_received(self, info: GatewayInfo) -> AsyncGenerator[Notification, None]:
        user = info.context.caller

        def mine(event: Event) -> bool:
            return (
                event.type == NotificationCreatedV1.event_type
                and event.org_id == user.org_id
                and event.data.get("user_id") == user.user_id
            )

        async with info.context.live.listen(mine) as queue:
            while True:
                event = await queue.get()
                payload = NotificationCreatedV1.model_validate(event.data)
                yield build(
                    Notification,
                    api.Notification(
                        id=payload.notification_id,
                        category=payload.category,
                        title=payload.title,
                        body=payload.body,
                        created_at=event.time
                        if isinstance(event.time, datetime)
                        else datetime.now(UTC),
                        read_at=None,
                    ),
                )
