from typing import Annotated

import strawberry

from gateway.clients.base import ServiceError
from gateway.context import GatewayInfo
from gateway.errors import NotFound, expected_error
from gateway.notifications.types import Notification

MarkReadResult = Annotated[Notification | NotFound, strawberry.union("MarkReadResult")]


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(description="Mark one of the caller's notifications read.")
    async def mark_notification_read(self, info: GatewayInfo, id: strawberry.ID) -> MarkReadResult:
        info.context.user()
        try:
            data = await info.context.client("notifications").post(f"/v1/notifications/{id}/read")
        except ServiceError as error:
            result = expected_error(error)
            if isinstance(result, NotFound):
                return result
            raise
        return Notification.from_api(data)
