"""The outbox and inbox tables, added to each service's own metadata.

Column names follow Debezium's outbox router, so that CDC could replace the relay later.
"""

from dataclasses import dataclass

from sqlalchemy import (
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
    func,
    text,
)

from kit.db import UtcDateTime, utcnow

_BigId = BigInteger().with_variant(Integer, "sqlite")


@dataclass(frozen=True)
class EventTables:
    outbox: Table
    inbox: Table


def event_tables(metadata: MetaData) -> EventTables:
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
        Column(
            "created_at", UtcDateTime, nullable=False, default=utcnow, server_default=func.now()
        ),
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
    return EventTables(outbox=outbox, inbox=inbox)
