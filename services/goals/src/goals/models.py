"""The goals service's tables: read models of matching's programs, participants and matches,
and what this service owns: goals, milestones, progress, check-ins, calendar feeds, resources."""

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy import UniqueConstraint as Unique
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import UtcDateTime, new_metadata, now_column, utcnow
from kit.tables import platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)


class Program(Base):
    """Read model of a matching program: its admins, default cadence and goal templates."""

    __tablename__ = "programs"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200))
    admin_user_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    checkin_cadence: Mapped[str] = mapped_column(String(20))
    goal_templates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Participant(Base):
    """Read model of a person in a program (for timezones and mentor onboarding)."""

    __tablename__ = "participants"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    program_id: Mapped[UUID] = mapped_column(index=True)
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(10))
    display_name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str | None] = mapped_column(String(64))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class Match(Base):
    """Read model of an accepted match, and this service's per-match cadence."""

    __tablename__ = "matches"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    program_id: Mapped[UUID] = mapped_column(index=True)
    mentor_participant_id: Mapped[UUID]
    mentee_participant_id: Mapped[UUID]
    mentor_user_id: Mapped[str] = mapped_column(String(200), index=True)
    mentee_user_id: Mapped[str] = mapped_column(String(200), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    cadence: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="active")
    templates_instantiated: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    match_id: Mapped[UUID] = mapped_column(ForeignKey("matches.id"), index=True)
    owner_user_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    metric: Mapped[str | None] = mapped_column(String(200))
    baseline: Mapped[float] = mapped_column(Float, default=0.0)
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(50))
    current_value: Mapped[float | None] = mapped_column(Float)
    relevance_kind: Mapped[str | None] = mapped_column(String(30))
    relevance: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    template_title: Mapped[str | None] = mapped_column(String(200))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_reason: Mapped[str | None] = mapped_column(String(100))
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class Milestone(Base):
    __tablename__ = "milestones"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    goal_id: Mapped[UUID] = mapped_column(ForeignKey("goals.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()


class ProgressUpdate(Base):
    """The history of a goal's progress: each numeric update or completed milestone."""

    __tablename__ = "progress_updates"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    goal_id: Mapped[UUID] = mapped_column(ForeignKey("goals.id"), index=True)
    author_user_id: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)
    milestone_id: Mapped[UUID | None]
    progress: Mapped[float] = mapped_column(Float)
    previous_progress: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = now_column()


class Checkin(Base):
    __tablename__ = "checkins"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    match_id: Mapped[UUID] = mapped_column(ForeignKey("matches.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    timezone: Mapped[str] = mapped_column(String(64))
    """The zone the time was set in: recurrence keeps the local time of this zone."""
    duration_minutes: Mapped[int] = mapped_column(Integer)
    meeting_url: Mapped[str | None] = mapped_column(String(2000))
    agenda: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    """iCalendar SEQUENCE: raised on every change calendars must apply."""
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = now_column()
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class CheckinNote(Base):
    __tablename__ = "checkin_notes"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    checkin_id: Mapped[UUID] = mapped_column(ForeignKey("checkins.id"), index=True)
    author_user_id: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = now_column()


class CalendarFeed(Base):
    """A per-user calendar subscription URL; only the token's SHA-256 is stored."""

    __tablename__ = "calendar_feeds"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()


class Resource(Base):
    """A program's library item: a guide, a training, a template..."""

    __tablename__ = "resources"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    program_id: Mapped[UUID] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    body: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    audience: Mapped[str] = mapped_column(String(10))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = now_column()


class ResourceAttachment(Base):
    """A resource attached to a program goal template (by title) or to a milestone."""

    __tablename__ = "resource_attachments"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    resource_id: Mapped[UUID] = mapped_column(ForeignKey("resources.id"), index=True)
    template_title: Mapped[str | None] = mapped_column(String(200))
    milestone_id: Mapped[UUID | None] = mapped_column(ForeignKey("milestones.id"))
    created_at: Mapped[datetime] = now_column()


class SharedResource(Base):
    __tablename__ = "shared_resources"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    match_id: Mapped[UUID] = mapped_column(ForeignKey("matches.id"), index=True)
    resource_id: Mapped[UUID] = mapped_column(ForeignKey("resources.id"))
    shared_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = now_column()


class TrainingCompletion(Base):
    __tablename__ = "training_completions"
    __table_args__ = (Unique("resource_id", "user_id"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    resource_id: Mapped[UUID] = mapped_column(ForeignKey("resources.id"))
    user_id: Mapped[str] = mapped_column(String(200))
    completed_at: Mapped[datetime] = now_column()
