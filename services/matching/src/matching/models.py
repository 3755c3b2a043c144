"""The matching service's tables: programs, participants with profiles, matches and runs."""

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import UtcDateTime, new_metadata, now_column, utcnow
from kit.tables import platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)


class Program(Base):
    __tablename__ = "programs"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="enrolling")
    admin_user_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Matching settings (weights, views, mode, minimum score, capacity, approval...)."""
    checkin_cadence: Mapped[str] = mapped_column(String(20), default="biweekly")
    goal_templates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = now_column()
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, onupdate=utcnow)


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (
        # One participation per role: in a peer program a person is both mentor and mentee.
        UniqueConstraint("program_id", "user_id", "role"),
        UniqueConstraint("program_id", "external_id"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    program_id: Mapped[UUID] = mapped_column(ForeignKey("programs.id"))
    user_id: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    external_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    capacity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """Mentors: how many mentees at once (matches proposed, accepted or active count)."""
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = now_column()
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, onupdate=utcnow)


class Match(Base):
    __tablename__ = "matches"
    __table_args__ = (
        Index("ix_matches_program_status", "program_id", "status"),
        Index("ix_matches_mentor", "mentor_participant_id", "status"),
        Index("ix_matches_mentee", "mentee_participant_id", "status"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    program_id: Mapped[UUID] = mapped_column(ForeignKey("programs.id"))
    mentor_participant_id: Mapped[UUID] = mapped_column(ForeignKey("participants.id"))
    mentee_participant_id: Mapped[UUID] = mapped_column(ForeignKey("participants.id"))
    mentor_user_id: Mapped[str] = mapped_column(String(200))
    mentee_user_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    """proposed -> accepted (active) | declined | withdrawn; active -> completed | ended."""
    score: Mapped[float] = mapped_column(Float, default=0.0)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    run_id: Mapped[UUID | None] = mapped_column(ForeignKey("matching_runs.id"))
    awaiting: Mapped[list[str]] = mapped_column(JSON, default=list)
    accepted_by: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    """Who has consented so far (the author of their own request counts as consenting)."""
    proposed_by: Mapped[str] = mapped_column(String(200))
    flagged_for_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    review_reason: Mapped[str | None] = mapped_column(Text)
    health_score: Mapped[float | None] = mapped_column(Float)
    end_reason: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, onupdate=utcnow)


class MatchingRun(Base):
    __tablename__ = "matching_runs"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    program_id: Mapped[UUID] = mapped_column(ForeignKey("programs.id"), index=True)
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    """draft -> published | discarded."""
    base_run_id: Mapped[UUID | None] = mapped_column(ForeignKey("matching_runs.id"))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pairs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    unmatched: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    fairness: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()


class ErasureRequest(Base):
    """A person's erasure, requested here and carried out by every service, which confirms.

    It never names the person once they are erased: `requested_by` is scrubbed like any other
    column, and the person is known here only by the pseudonym they were given."""

    __tablename__ = "erasure_requests"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    pseudonym: Mapped[str] = mapped_column(String(64))
    requested_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(20))  # request, self, retention
    status: Mapped[str] = mapped_column(String(20), default="requested")  # requested, completed
    confirmations: Mapped[list[str]] = mapped_column(JSON, default=list)
    """The services that have confirmed, in the order they did."""
    created_at: Mapped[datetime] = now_column()
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PrivacySettings(Base):
    """An organisation's privacy rules: self-erasure, and how long ended relationships' and
    closed programs' personal data is kept."""

    __tablename__ = "privacy_settings"

    org_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    self_erasure: Mapped[bool] = mapped_column(Boolean, default=False)
    retention_days: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = now_column()


class Person(Base):
    """A person of the organisation's directory, as its identity provider provisions them
    (SCIM `User`). `user_id` is the token `sub` the person signs in with: the `userName` they
    were created with, kept when the IdP renames them so that their participations stay theirs."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("org_id", "user_id"),
        UniqueConstraint("org_id", "user_name"),
        UniqueConstraint("org_id", "external_id"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))
    user_name: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """SCIM `name` sub-attributes as the IdP sent them (givenName, familyName, formatted...)."""
    emails: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """SCIM `emails` (value, type, primary); the primary one is the person's contact address."""
    active: Mapped[bool | None] = mapped_column(Boolean)
    """As the IdP said; RFC 7643 gives `active` no default, and a person it leaves unsaid is
    taken as active (`is_active`)."""
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = now_column()
    updated_at: Mapped[datetime] = now_column()

    @property
    def is_active(self) -> bool:
        return self.active is not False


class ScimCredential(Base):
    """An organisation's SCIM bearer secret, as its SHA-256 (the secret is shown once)."""

    __tablename__ = "scim_credentials"

    org_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = now_column()
