"""Events the notifications service publishes on `mentorship.notifications.events`."""

from typing import ClassVar, Literal
from uuid import UUID

from contracts.base import EventPayload, PersonErased

Channel = Literal["in_app", "email", "slack", "webhook"]


class NotificationCreatedV1(EventPayload):
    """A notification landed in a person's in-app inbox (the gateway pushes it live)."""

    event_type: ClassVar[str] = "mentorship.notifications.notification.created.v1"

    notification_id: UUID
    user_id: str
    category: str
    title: str
    body: str


class NotificationDeliveredV1(EventPayload):
    """A notification reached a channel (an email was accepted, a webhook answered 2xx)."""

    event_type: ClassVar[str] = "mentorship.notifications.notification.delivered.v1"

    notification_id: UUID
    delivery_id: UUID
    user_id: str
    channel: Channel
    attempts: int


class NotificationFailedV1(EventPayload):
    """A delivery gave up after its last attempt."""

    event_type: ClassVar[str] = "mentorship.notifications.notification.failed.v1"

    notification_id: UUID
    delivery_id: UUID
    user_id: str
    channel: Channel
    attempts: int
    error: str


class NotificationsPersonErasedV1(PersonErased):
    """Notifications has erased or anonymised everything it held about a person."""

    event_type: ClassVar[str] = "mentorship.notifications.person.erased.v1"
