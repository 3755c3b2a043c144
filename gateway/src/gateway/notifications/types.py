from datetime import datetime, time
from typing import Any

import strawberry
from strawberry.scalars import JSON


@strawberry.type(description="A notification in the caller's in-app inbox.")
class Notification:
    id: strawberry.ID
    category: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Notification":
        read_at = data.get("read_at")
        return cls(
            id=strawberry.ID(str(data["id"])),
            category=data["category"],
            title=data["title"],
            body=data["body"],
            created_at=datetime.fromisoformat(data["created_at"]),
            read_at=datetime.fromisoformat(read_at) if read_at else None,
        )


@strawberry.type(description="A program's Slack channel; the URL is a secret, only its host shows.")
class ProgramSlack:
    program_id: strawberry.ID
    configured: bool
    host: str | None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "ProgramSlack":
        return cls(
            program_id=strawberry.ID(str(data["program_id"])),
            configured=bool(data["configured"]),
            host=data.get("host"),
        )


@strawberry.type(description="How and when the caller is notified.")
class Preferences:
    channels: JSON = strawberry.field(description="Category to channels (in_app, email, slack).")
    digest: str = strawberry.field(description="immediate, daily or weekly.")
    timezone: str | None
    effective_timezone: str
    locale: str | None
    quiet_start: time | None
    quiet_end: time | None
    slack_webhook_url: str | None
    muted_kinds: list[str] = strawberry.field(
        description="Kinds never sent: admin_match_declined, admin_request_withdrawn, "
        "admin_participant_withdrawn, admin_match_ended, relationship_at_risk."
    )

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Preferences":
        start, end = data.get("quiet_start"), data.get("quiet_end")
        return cls(
            channels=data.get("channels", {}),
            digest=data.get("digest", "immediate"),
            timezone=data.get("timezone"),
            effective_timezone=data["effective_timezone"],
            locale=data.get("locale"),
            quiet_start=time.fromisoformat(start) if start else None,
            quiet_end=time.fromisoformat(end) if end else None,
            slack_webhook_url=data.get("slack_webhook_url"),
            muted_kinds=list(data.get("muted_kinds", [])),
        )


@strawberry.type(description="Where the organisation's events are posted, signed (org admins).")
class WebhookEndpoint:
    id: strawberry.ID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    consecutive_failures: int
    created_at: datetime
    secret: str | None = strawberry.field(
        default=None, description="Shown only when created or rotated."
    )
    previous_secret_expires_at: datetime | None = None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "WebhookEndpoint":
        expires = data.get("previous_secret_expires_at")
        return cls(
            id=strawberry.ID(str(data["id"])),
            url=data["url"],
            description=data["description"],
            event_types=list(data["event_types"]),
            enabled=data["enabled"],
            disabled_reason=data.get("disabled_reason"),
            consecutive_failures=data["consecutive_failures"],
            created_at=datetime.fromisoformat(data["created_at"]),
            secret=data.get("secret"),
            previous_secret_expires_at=datetime.fromisoformat(expires) if expires else None,
        )


@strawberry.type(description="One attempt series to post an event to an endpoint.")
class WebhookDelivery:
    id: strawberry.ID
    event_id: str
    event_type: str
    status: str
    attempts: int
    response_status: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "WebhookDelivery":
        def when(key: str) -> datetime | None:
            value = data.get(key)
            return datetime.fromisoformat(value) if value else None

        return cls(
            id=strawberry.ID(str(data["id"])),
            event_id=data["event_id"],
            event_type=data["event_type"],
            status=data["status"],
            attempts=data["attempts"],
            response_status=data.get("response_status"),
            last_error=data.get("last_error"),
            next_attempt_at=when("next_attempt_at"),
            delivered_at=when("delivered_at"),
            created_at=datetime.fromisoformat(data["created_at"]),
        )


@strawberry.input(description="Only the fields given change.")
class PreferencesInput:
    channels: JSON | None = strawberry.UNSET
    digest: str | None = strawberry.UNSET
    timezone: str | None = strawberry.UNSET
    locale: str | None = strawberry.UNSET
    quiet_start: time | None = strawberry.UNSET
    quiet_end: time | None = strawberry.UNSET
    slack_webhook_url: str | None = strawberry.UNSET
    muted_kinds: list[str] | None = strawberry.UNSET


@strawberry.input
class WebhookEndpointInput:
    url: str
    description: str = ""
    event_types: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="Only the fields given change.")
class WebhookEndpointUpdateInput:
    url: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    event_types: list[str] | None = strawberry.UNSET
    enabled: bool | None = strawberry.UNSET


@strawberry.type(description="One notification's delivery on one channel (email, Slack...).")
class Delivery:
    id: strawberry.ID
    notification_id: strawberry.ID | None
    channel: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Delivery":
        def when(key: str) -> datetime | None:
            value = data.get(key)
            return datetime.fromisoformat(value) if value else None

        notification = data.get("notification_id")
        return cls(
            id=strawberry.ID(str(data["id"])),
            notification_id=strawberry.ID(str(notification)) if notification else None,
            channel=data["channel"],
            status=data["status"],
            attempts=data["attempts"],
            last_error=data.get("last_error"),
            next_attempt_at=when("next_attempt_at"),
            delivered_at=when("delivered_at"),
            created_at=datetime.fromisoformat(data["created_at"]),
        )
