from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from contracts.notifications import NotificationCreatedV1
from gateway.context import GatewayInfo
from gateway.notifications.types import Notification
from kit.events.envelope import Event


@strawberry.type
class NotificationsSubscription:
    @strawberry.subscription(description="Each new notification for the signed-in user.")
    async def notification_received(self, info: GatewayInfo) -> AsyncGenerator[Notification, None]:
        user = info.context.user()

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
                yield Notification(
                    id=strawberry.ID(str(payload.notification_id)),
                    category=payload.category,
                    title=payload.title,
                    body=payload.body,
                    created_at=event.time if isinstance(event.time, datetime) else datetime.now(),
                    read_at=None,
                )
