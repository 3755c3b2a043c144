"""The notifications service's tables: the in-app inbox (channels and preferences to come)."""

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import UtcDateTime, new_metadata, utcnow
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
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime, default=utcnow, server_default=func.now()
    )
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
