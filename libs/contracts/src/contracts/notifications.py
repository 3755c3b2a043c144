"""Events the notifications service publishes on `mentorship.notifications.events`."""

from typing import ClassVar
from uuid import UUID

from contracts.base import EventPayload


class NotificationCreatedV1(EventPayload):
    """A notification landed in a person's in-app inbox (the gateway pushes it live)."""

    event_type: ClassVar[str] = "mentorship.notifications.notification.created.v1"

    notification_id: UUID
    user_id: str
    category: str
    title: str
    body: str
