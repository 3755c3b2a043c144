"""The matching service's tables: programs and the people enrolled in them."""

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import UtcDateTime, new_metadata, utcnow
from kit.tables import platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)


class Program(Base):
    __tablename__ = "programs"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="enrolling")
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime, default=utcnow, server_default=func.now()
    )


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("program_id", "user_id"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    program_id: Mapped[UUID] = mapped_column(ForeignKey("programs.id"))
    user_id: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime, default=utcnow, server_default=func.now()
    )
