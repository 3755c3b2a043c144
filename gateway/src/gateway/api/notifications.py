"""The notifications service's API models, generated from services/notifications/openapi.json by `mentorship generate`; do not edit."""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints


class AuditEntryActorKind(StrEnum):
    """
    `user`: a person's token; `scim`: the organisation's identity provider; `system`: the platform itself (a scheduled job).
    """

    USER = "user"
    SCIM = "scim"
    SYSTEM = "system"


class AuditEntry(BaseModel):
    """
    One admin action: who, when, what, and the state before and after where it applies.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    action: Annotated[
        str, Field(description="Dotted, object first: `program.settings_changed`.", title="Action")
    ]
    actor_id: Annotated[
        str,
        Field(
            description="The acting user's id (a pseudonym once they are erased).", title="Actor Id"
        ),
    ]
    actor_kind: Annotated[
        AuditEntryActorKind,
        Field(
            description="`user`: a person's token; `scim`: the organisation's identity provider; `system`: the platform itself (a scheduled job).",
            title="Actor Kind",
        ),
    ]
    after: Annotated[
        dict[str, Any] | None,
        Field(
            description="The changed fields after the action; null for a deletion.", title="After"
        ),
    ] = None
    at: Annotated[datetime, Field(title="At")]
    before: Annotated[
        dict[str, Any] | None,
        Field(
            description="The changed fields before the action; null for a creation.", title="Before"
        ),
    ] = None
    id: Annotated[UUID, Field(title="Id")]
    request_id: Annotated[
        str | None,
        Field(description="The request's trace id, which its logs carry too.", title="Request Id"),
    ] = None
    target_id: Annotated[str, Field(title="Target Id")]
    target_type: Annotated[str, Field(title="Target Type")]


class DeliveryChannel(StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    SLACK = "slack"


class DeliveryStatus(StrEnum):
    """
    pending (an attempt is due), delivered, failed (attempts exhausted), waiting_digest (kept for the person's digest) or digested (sent in one).
    """

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    WAITING_DIGEST = "waiting_digest"
    DIGESTED = "digested"


class Delivery(BaseModel):
    """
    One message to the caller on one channel (or a digest of several).
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    attempts: Annotated[int, Field(title="Attempts")]
    channel: Annotated[DeliveryChannel, Field(title="Channel")]
    created_at: Annotated[datetime, Field(title="Created At")]
    delivered_at: Annotated[datetime | None, Field(title="Delivered At")]
    digest_id: Annotated[UUID | None, Field(title="Digest Id")]
    id: Annotated[UUID, Field(title="Id")]
    last_error: Annotated[str | None, Field(title="Last Error")]
    next_attempt_at: Annotated[datetime | None, Field(title="Next Attempt At")]
    notification_id: Annotated[UUID | None, Field(title="Notification Id")]
    status: Annotated[
        DeliveryStatus,
        Field(
            description="pending (an attempt is due), delivered, failed (attempts exhausted), waiting_digest (kept for the person's digest) or digested (sent in one).",
            title="Status",
        ),
    ]


class MarkedRead(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    marked: Annotated[int, Field(title="Marked")]


class NotificationCategory(StrEnum):
    ENROLMENT = "enrolment"
    MATCHES = "matches"
    CHECKINS = "checkins"
    FEEDBACK = "feedback"
    SURVEYS = "surveys"
    GOALS = "goals"
    CELEBRATIONS = "celebrations"
    ADMIN = "admin"


class Notification(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    body: Annotated[str, Field(title="Body")]
    category: Annotated[NotificationCategory, Field(title="Category")]
    created_at: Annotated[datetime, Field(title="Created At")]
    id: Annotated[UUID, Field(title="Id")]
    read_at: Annotated[datetime | None, Field(title="Read At")]
    title: Annotated[str, Field(title="Title")]


class NotificationsTables(BaseModel):
    """
    Notifications's rows naming the person, one list per table, each row with all its columns.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    contacts: Annotated[
        list[dict[str, Any]],
        Field(description="Their contact data: name, email, timezone, locale.", title="Contacts"),
    ]
    deliveries: Annotated[
        list[dict[str, Any]],
        Field(
            description="Each email or Slack message sent to them: status, attempts, errors.",
            title="Deliveries",
        ),
    ]
    idempotency_keys: Annotated[
        list[dict[str, Any]],
        Field(
            description="Keys of their recent retried requests (the cached responses are left out).",
            title="Idempotency Keys",
        ),
    ]
    notifications: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their in-app notifications: title, body, what they were rendered from.",
            title="Notifications",
        ),
    ]
    org_admins: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their org admin role, as the webhook admin API saw it.", title="Org Admins"
        ),
    ]
    preferences: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their channels, quiet hours, digest and muted kinds.", title="Preferences"
        ),
    ]
    programs: Annotated[
        list[dict[str, Any]],
        Field(
            description="Programs the person administers (name and Slack channel).",
            title="Programs",
        ),
    ]
    unsubscribe_tokens: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their one-click unsubscribe links (the tokens are left out).",
            title="Unsubscribe Tokens",
        ),
    ]
    webhook_endpoints: Annotated[
        list[dict[str, Any]],
        Field(
            description="Webhook endpoints they created as an admin (secrets are left out).",
            title="Webhook Endpoints",
        ),
    ]


class PageAuditEntry(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[AuditEntry], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageDelivery(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Delivery], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageNotification(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Notification], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PersonalData(BaseModel):
    """
    Everything the notifications service holds about one person.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    exported_at: Annotated[datetime, Field(title="Exported At")]
    org_id: Annotated[str, Field(title="Org Id")]
    service: Annotated[str, Field(title="Service")] = "notifications"
    tables: NotificationsTables
    user_id: Annotated[str, Field(title="User Id")]


class PreferencesChannel(StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    SLACK = "slack"


class PreferencesDigest(StrEnum):
    """
    immediate, or gather email and Slack messages into a daily or weekly digest.
    """

    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"


class PreferencesMutedKind(StrEnum):
    ADMIN_MATCH_DECLINED = "admin_match_declined"
    ADMIN_REQUEST_WITHDRAWN = "admin_request_withdrawn"
    ADMIN_PARTICIPANT_WITHDRAWN = "admin_participant_withdrawn"
    ADMIN_MATCH_ENDED = "admin_match_ended"
    RELATIONSHIP_AT_RISK = "relationship_at_risk"


class Preferences(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    channels: Annotated[
        dict[str, list[PreferencesChannel]] | None,
        Field(
            description="Channels per category (in_app, email, slack); a category left out gets in_app and email. Categories: enrolment, matches, checkins, feedback, surveys, goals, celebrations, admin.",
            title="Channels",
        ),
    ] = None
    digest: Annotated[
        PreferencesDigest,
        Field(
            description="immediate, or gather email and Slack messages into a daily or weekly digest.",
            title="Digest",
        ),
    ] = PreferencesDigest.IMMEDIATE
    effective_timezone: Annotated[
        str,
        Field(description="The timezone quiet hours and digests use.", title="Effective Timezone"),
    ]
    locale: Annotated[
        Annotated[str, StringConstraints(max_length=20, pattern=r"^[A-Za-z]{2}([-_][A-Za-z]{2})?$")]
        | None,
        Field(title="Locale"),
    ] = None
    muted_kinds: Annotated[
        list[PreferencesMutedKind] | None,
        Field(
            description="Notifications you never want, on any channel: admin_match_declined, admin_request_withdrawn, admin_participant_withdrawn, admin_match_ended, relationship_at_risk (what program admins are told).",
            max_length=5,
            title="Muted Kinds",
        ),
    ] = None
    quiet_end: Annotated[
        time | None, Field(description="Local time quiet hours end.", title="Quiet End")
    ] = None
    quiet_start: Annotated[
        time | None,
        Field(description="Local time quiet hours start (deliveries wait).", title="Quiet Start"),
    ] = None
    slack_webhook_url: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None,
        Field(description="Your Slack incoming-webhook URL.", title="Slack Webhook Url"),
    ] = None
    timezone: Annotated[
        Annotated[str, StringConstraints(max_length=64)] | None,
        Field(
            description="IANA timezone; unset means the one from your program profile.",
            title="Timezone",
        ),
    ] = None


class PreferencesUpdateChannel(StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    SLACK = "slack"


class PreferencesUpdateDigest(StrEnum):
    """
    immediate, or gather email and Slack messages into a daily or weekly digest.
    """

    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"


class PreferencesUpdateMutedKind(StrEnum):
    ADMIN_MATCH_DECLINED = "admin_match_declined"
    ADMIN_REQUEST_WITHDRAWN = "admin_request_withdrawn"
    ADMIN_PARTICIPANT_WITHDRAWN = "admin_participant_withdrawn"
    ADMIN_MATCH_ENDED = "admin_match_ended"
    RELATIONSHIP_AT_RISK = "relationship_at_risk"


class PreferencesUpdate(BaseModel):
    """
    The whole set of preferences (PUT replaces them).
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    channels: Annotated[
        dict[str, list[PreferencesUpdateChannel]] | None,
        Field(
            description="Channels per category (in_app, email, slack); a category left out gets in_app and email. Categories: enrolment, matches, checkins, feedback, surveys, goals, celebrations, admin.",
            title="Channels",
        ),
    ] = None
    digest: Annotated[
        PreferencesUpdateDigest,
        Field(
            description="immediate, or gather email and Slack messages into a daily or weekly digest.",
            title="Digest",
        ),
    ] = PreferencesUpdateDigest.IMMEDIATE
    locale: Annotated[
        Annotated[str, StringConstraints(max_length=20, pattern=r"^[A-Za-z]{2}([-_][A-Za-z]{2})?$")]
        | None,
        Field(title="Locale"),
    ] = None
    muted_kinds: Annotated[
        list[PreferencesUpdateMutedKind] | None,
        Field(
            description="Notifications you never want, on any channel: admin_match_declined, admin_request_withdrawn, admin_participant_withdrawn, admin_match_ended, relationship_at_risk (what program admins are told).",
            max_length=5,
            title="Muted Kinds",
        ),
    ] = None
    quiet_end: Annotated[
        time | None, Field(description="Local time quiet hours end.", title="Quiet End")
    ] = None
    quiet_start: Annotated[
        time | None,
        Field(description="Local time quiet hours start (deliveries wait).", title="Quiet Start"),
    ] = None
    slack_webhook_url: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None,
        Field(description="Your Slack incoming-webhook URL.", title="Slack Webhook Url"),
    ] = None
    timezone: Annotated[
        Annotated[str, StringConstraints(max_length=64)] | None,
        Field(
            description="IANA timezone; unset means the one from your program profile.",
            title="Timezone",
        ),
    ] = None


class ProgramSlack(BaseModel):
    """
    Whether a program has a Slack channel. The URL is a secret: only its host is shown.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    configured: Annotated[bool, Field(title="Configured")]
    host: Annotated[
        str | None, Field(description="The webhook's host, e.g. hooks.slack.com.", title="Host")
    ]
    program_id: Annotated[UUID, Field(title="Program Id")]


class ProgramSlackUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    slack_webhook_url: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None,
        Field(
            description="The program's Slack incoming webhook (https); null removes it.",
            title="Slack Webhook Url",
        ),
    ]


class UnreadCount(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    unread: Annotated[int, Field(title="Unread")]


class WebhookDeliveryStatus(StrEnum):
    """
    pending (an attempt is due), delivered or failed (attempts exhausted).
    """

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class WebhookDelivery(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    attempts: Annotated[int, Field(title="Attempts")]
    created_at: Annotated[datetime, Field(title="Created At")]
    delivered_at: Annotated[datetime | None, Field(title="Delivered At")]
    endpoint_id: Annotated[UUID, Field(title="Endpoint Id")]
    event_id: Annotated[str, Field(title="Event Id")]
    event_type: Annotated[str, Field(title="Event Type")]
    id: Annotated[UUID, Field(title="Id")]
    last_error: Annotated[str | None, Field(title="Last Error")]
    next_attempt_at: Annotated[datetime | None, Field(title="Next Attempt At")]
    response_status: Annotated[int | None, Field(title="Response Status")]
    status: Annotated[
        WebhookDeliveryStatus,
        Field(
            description="pending (an attempt is due), delivered or failed (attempts exhausted).",
            title="Status",
        ),
    ]


class WebhookEndpoint(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    consecutive_failures: Annotated[int, Field(title="Consecutive Failures")]
    created_at: Annotated[datetime, Field(title="Created At")]
    description: Annotated[str, Field(title="Description")]
    disabled_reason: Annotated[str | None, Field(title="Disabled Reason")]
    enabled: Annotated[bool, Field(title="Enabled")]
    event_types: Annotated[list[str], Field(title="Event Types")]
    id: Annotated[UUID, Field(title="Id")]
    url: Annotated[str, Field(title="Url")]


class WebhookEndpointCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    description: Annotated[str, Field(max_length=500, title="Description")] = ""
    event_types: Annotated[
        list[str] | None,
        Field(
            description="Event types, or `mentorship.<service>.*`; empty means every event.",
            max_length=100,
            title="Event Types",
        ),
    ] = None
    url: Annotated[
        str, Field(description="Where events are POSTed (https).", max_length=2000, title="Url")
    ]


class WebhookEndpointUpdateEventTypes(RootModel[list[str]]):
    root: Annotated[list[str], Field(max_length=100, title="Event Types")]


class WebhookEndpointUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    description: Annotated[
        Annotated[str, StringConstraints(max_length=500)] | None, Field(title="Description")
    ] = None
    enabled: Annotated[
        bool | None,
        Field(
            description="true re-enables a disabled endpoint and resets its failures.",
            title="Enabled",
        ),
    ] = None
    event_types: Annotated[WebhookEndpointUpdateEventTypes | None, Field(title="Event Types")] = (
        None
    )
    url: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None, Field(title="Url")
    ] = None


class WebhookEndpointWithSecret(BaseModel):
    """
    Shown on creation and rotation only: the signing secret.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    consecutive_failures: Annotated[int, Field(title="Consecutive Failures")]
    created_at: Annotated[datetime, Field(title="Created At")]
    description: Annotated[str, Field(title="Description")]
    disabled_reason: Annotated[str | None, Field(title="Disabled Reason")]
    enabled: Annotated[bool, Field(title="Enabled")]
    event_types: Annotated[list[str], Field(title="Event Types")]
    id: Annotated[UUID, Field(title="Id")]
    previous_secret_expires_at: Annotated[
        datetime | None, Field(title="Previous Secret Expires At")
    ]
    secret: Annotated[str, Field(title="Secret")]
    url: Annotated[str, Field(title="Url")]


class PageWebhookDelivery(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[WebhookDelivery], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageWebhookEndpoint(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[WebhookEndpoint], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None
