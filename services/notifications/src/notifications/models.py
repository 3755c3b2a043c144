"""The notifications service's tables: inbox, read models, preferences, deliveries, webhooks."""

from datetime import datetime, time
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import UtcDateTime, new_metadata, now_column
from kit.tables import platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)


class Notification(Base):
    __tablename__ = "notifications"
    # One notification per event per recipient, whatever the redeliveries.
    __table_args__ = (UniqueConstraint("org_id", "user_id", "source_event_id"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    source_event_id: Mapped[str] = mapped_column(String(36))
    category: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = now_column()
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    kind: Mapped[str | None] = mapped_column(String(50))
    """The template it was rendered from (e.g. `match_accepted`)."""
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """What the templates were given, kept to render other channels and digests later."""
    in_inbox: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    """False when the person turned the in-app channel off for this category."""


class Contact(Base):
    """Read model of a person's contact data, from matching's participant events."""

    __tablename__ = "contacts"

    org_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    timezone: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(20))
    deactivated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    """The organisation's identity provider deactivated or deleted the person (matching's
    person events): nothing is told to them until they are activated again."""
    updated_at: Mapped[datetime] = now_column()


class Program(Base):
    """Read model of a program: its name, its admins and an optional Slack channel."""

    __tablename__ = "programs"

    org_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    program_id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    admin_user_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    slack_webhook_url: Mapped[str | None] = mapped_column(String(2000))


class OrgAdmin(Base):
    """Tenant admins seen on the admin API, told when one of the tenant's webhooks is disabled."""

    __tablename__ = "org_admins"

    org_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(200), primary_key=True)


class Preference(Base):
    __tablename__ = "preferences"

    org_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    channels: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    """Channels per category; a category not listed gets the defaults."""
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(20))
    digest: Mapped[str] = mapped_column(String(10), default="immediate")
    slack_webhook_url: Mapped[str | None] = mapped_column(String(2000))
    updated_at: Mapped[datetime] = now_column()
    muted_kinds: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    """Kinds of notification (admins' ones) the person never wants, on any channel."""


class UnsubscribeToken(Base):
    """The secret of a person's one-click unsubscribe link for one category of email.

    The token is kept as is (not hashed): every email of that category carries the same link,
    so it must be rebuilt at each send. It is 256 random bits and grants one thing only, turning
    email off for that category."""

    __tablename__ = "unsubscribe_tokens"
    __table_args__ = (UniqueConstraint("org_id", "user_id", "category"),)

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(50))
    """A preferences category, or `all` for digests (which mix categories)."""
    created_at: Mapped[datetime] = now_column()


class Delivery(Base):
    """One message on one channel (email, Slack) for a notification, or a digest of several."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_waiting", "org_id", "user_id", "channel", "status"),
        UniqueConstraint("notification_id", "channel"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))
    notification_id: Mapped[UUID | None] = mapped_column()
    """Null for a digest, whose notifications point to it through `digest_id`."""
    channel: Mapped[str] = mapped_column(String(20))
    target: Mapped[str | None] = mapped_column(String(2000))
    """A program's Slack URL, when the message goes there rather than to the person's own."""
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    digest_id: Mapped[UUID | None] = mapped_column(index=True)
    schedule_seq: Mapped[int] = mapped_column(Integer, default=0)
    """Counts the jobs scheduled for it, so that each attempt has a job key of its own."""
    created_at: Mapped[datetime] = now_column()
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(500), default="")
    event_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Event types (or `prefix.*` patterns) sent here; empty means all."""
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(500))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = now_column()


class WebhookDelivery(Base):
    """One event sent to one endpoint; the endpoint's delivery log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (UniqueConstraint("endpoint_id", "event_id"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    endpoint_id: Mapped[UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str] = mapped_column(String(36))
    event_type: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    response_status: Mapped[int | None] = mapped_column(Integer)
    schedule_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = now_column()
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
