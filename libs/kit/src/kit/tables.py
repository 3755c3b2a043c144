"""The platform's tables, added to each service's own metadata: outbox, inbox, idempotency keys,
scheduled jobs and the audit log (`kit.audit`). Outbox column names follow Debezium's outbox
router, so that change data capture could replace the relay later."""

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)

from kit.db import UtcDateTime, utcnow

_BigId = BigInteger().with_variant(Integer, "sqlite")

AUDIT_LOG = "audit_log"
"""Append-only (`kit.audit`); erasure is the one change it allows."""


@dataclass(frozen=True)
class PlatformTables:
    outbox: Table
    inbox: Table
    idempotency: Table
    jobs: Table
    audit: Table


def _created_at() -> Column[object]:
    return Column(
        "created_at", UtcDateTime, nullable=False, default=utcnow, server_default=func.now()
    )


def platform_tables(metadata: MetaData) -> PlatformTables:
    outbox = Table(
        "outbox",
        metadata,
        # A sequence, not the event id, orders publication: per-aggregate order is insert order.
        Column("id", _BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("type", String(200), nullable=False),
        Column("aggregateid", String(200), nullable=False),
        Column("topic", String(249), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", Text, nullable=False),
        _created_at(),
        Column("published_at", UtcDateTime, nullable=True),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
        Index(
            "ix_outbox_pending",
            "id",
            postgresql_where=text("published_at IS NULL"),
            sqlite_where=text("published_at IS NULL"),
        ),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(200), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column(
            "processed_at", UtcDateTime, nullable=False, default=utcnow, server_default=func.now()
        ),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        Column("org_id", String(100), nullable=False),
        Column("user_id", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response", Text, nullable=False),
        _created_at(),
        PrimaryKeyConstraint("org_id", "user_id", "key"),
    )
    jobs = Table(
        "scheduled_jobs",
        metadata,
        Column("id", _BigId, primary_key=True, autoincrement=True),
        Column("kind", String(100), nullable=False),
        Column("key", String(300), nullable=False),
        Column("org_id", String(100), nullable=False),
        Column("due_at", UtcDateTime, nullable=False),
        Column("payload", Text, nullable=False),
        Column("status", String(20), nullable=False),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
        Column("fired_at", UtcDateTime, nullable=True),
        _created_at(),
        UniqueConstraint("kind", "key"),
        Index(
            "ix_scheduled_jobs_due",
            "due_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )
    audit = Table(
        AUDIT_LOG,
        metadata,
        Column("id", String(36), primary_key=True),
        Column("org_id", String(100), nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("actor_id", String(200), nullable=False),
        Column("actor_kind", String(20), nullable=False),
        Column("action", String(100), nullable=False),
        Column("target_type", String(50), nullable=False),
        Column("target_id", String(200), nullable=False),
        Column("before", JSON, nullable=True),
        Column("after", JSON, nullable=True),
        Column("request_id", String(64), nullable=True),
        # Every read is one organisation's entries, newest first.
        Index("ix_audit_log_org_at", "org_id", "at", "id"),
    )
    return PlatformTables(
        outbox=outbox, inbox=inbox, idempotency=idempotency, jobs=jobs, audit=audit
    )
