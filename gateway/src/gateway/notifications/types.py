from datetime import datetime, time
from typing import Any

import strawberry

from gateway.api import notifications as api
from gateway.derive import build, graphql_enum, model_type

Channel = api.PreferencesChannel
Digest = api.PreferencesDigest
graphql_enum(Channel, "NotificationChannel")
graphql_enum(Digest, "Digest")
MutedKind = api.PreferencesMutedKind
graphql_enum(MutedKind, "MutedKind", "A kind of notification a person may turn off.")
Category = api.NotificationCategory
graphql_enum(Category, "NotificationCategory", "What a notification is about.")
graphql_enum(api.DeliveryStatus, "DeliveryStatus")
graphql_enum(api.WebhookDeliveryStatus, "WebhookDeliveryStatus")


@model_type(api.Notification, description="A notification in the caller's in-app inbox.")
class Notification:
    pass


@model_type(
    api.ProgramSlack,
    description="A program's Slack channel; the URL is a secret, only its host shows.",
)
class ProgramSlack:
    pass


@strawberry.type(description="The channels one category of notifications goes out on.")
class CategoryChannels:
    category: Category
    channels: list[Channel]


@model_type(api.Preferences, description="How and when the caller is notified.")
class Preferences:
    channels: list[CategoryChannels] = strawberry.field(
        description="The channels of each category the caller set; a category left out gets "
        "in_app and email."
    )


def preferences(data: Any) -> Preferences:
    """The service's preferences; its mapping of category to channels as a list."""
    model = api.Preferences.model_validate(data)
    return build(
        Preferences,
        model,
        channels=[
            CategoryChannels(category=Category(category), channels=list(channels))
            for category, channels in sorted((model.channels or {}).items())
        ],
    )


@model_type(
    api.WebhookEndpoint,
    description="Where the organisation's events are posted, signed (org admins).",
)
class WebhookEndpoint:
    secret: str | None = strawberry.field(
        default=None, description="Shown only when created or rotated."
    )
    previous_secret_expires_at: datetime | None = None


@model_type(api.WebhookDelivery, description="One attempt series to post an event to an endpoint.")
class WebhookDelivery:
    pass


@model_type(
    api.Delivery, description="One notification's delivery on one channel (email, Slack...)."
)
class Delivery:
    channel: Channel


@strawberry.input(description="The channels of one category.")
class CategoryChannelsInput:
    category: Category
    channels: list[Channel]


@strawberry.input(description="Only the fields given change.")
class PreferencesInput:
    channels: list[CategoryChannelsInput] | None = strawberry.UNSET
    digest: Digest | None = strawberry.UNSET
    timezone: str | None = strawberry.UNSET
    locale: str | None = strawberry.UNSET
    quiet_start: time | None = strawberry.UNSET
    quiet_end: time | None = strawberry.UNSET
    slack_webhook_url: str | None = strawberry.UNSET
    muted_kinds: list[MutedKind] | None = strawberry.UNSET


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
