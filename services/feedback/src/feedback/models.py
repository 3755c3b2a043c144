"""The feedback service's tables.

Read models kept from matching's and goals' events (programs, enrolments, matches, check-ins,
goals), and what feedback owns: feedback requests and submissions, survey templates, surveys and
their responses, and the history of at-risk transitions that insights count.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import UtcDateTime, new_metadata, now_column
from kit.tables import platform_tables

DEFAULT_DIMENSIONS = ["preparation", "listening", "usefulness"]
DEFAULT_DUE_DAYS = 7


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)


class Program(Base):
    """A program as matching announces it, plus the feedback settings this service owns."""

    __tablename__ = "programs"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    org_id: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    admin_user_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    feedback_due_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_DUE_DAYS)
    rating_dimensions: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_DIMENSIONS)
    )
    created_at: Mapped[datetime] = now_column()


class Enrolment(Base):
    __tablename__ = "enrolments"

    id: Mapped[UUID] = mapped_column(primary_key=True)  # matching's participant id
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    user_id: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    hr_id: Mapped[str | None] = mapped_column(String(200))  # links to PopulationMember


class Match(Base):
    """A relationship: parties and lifecycle from matching, activity from goals, health here."""

    __tablename__ = "matches"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    mentor_user_id: Mapped[str] = mapped_column(String(200))
    mentee_user_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))  # proposed, active, declined, ended
    proposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))
    first_checkin_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_contact_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    pulse_seq: Mapped[int] = mapped_column(Integer, default=0)
    health_score: Mapped[float | None] = mapped_column(Float)
    health_signals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    health_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    at_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = now_column()


class Checkin(Base):
    __tablename__ = "checkins"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    match_id: Mapped[UUID] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(20))  # completed, missed
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    match_id: Mapped[UUID] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class FeedbackRequest(Base):
    __tablename__ = "feedback_requests"
    # One request per person per check-in, however often checkin.completed arrives.
    __table_args__ = (UniqueConstraint("checkin_id", "from_user_id"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    match_id: Mapped[UUID] = mapped_column(index=True)
    checkin_id: Mapped[UUID]
    from_user_id: Mapped[str] = mapped_column(String(200), index=True)
    about_user_id: Mapped[str] = mapped_column(String(200))
    dimensions: Mapped[list[str]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, submitted
    created_at: Mapped[datetime] = now_column()


class FeedbackSubmission(Base):
    __tablename__ = "feedback_submissions"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    request_id: Mapped[UUID] = mapped_column(ForeignKey("feedback_requests.id"), unique=True)
    program_id: Mapped[UUID] = mapped_column(index=True)
    match_id: Mapped[UUID] = mapped_column(index=True)
    from_user_id: Mapped[str] = mapped_column(String(200))
    about_user_id: Mapped[str] = mapped_column(String(200), index=True)
    ratings: Mapped[dict[str, int]] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)
    wants_to_continue: Mapped[bool] = mapped_column(Boolean)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()


class SurveyTemplate(Base):
    __tablename__ = "survey_templates"
    __table_args__ = (UniqueConstraint("program_id", "kind"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID]
    kind: Mapped[str] = mapped_column(String(20))  # pulse, close_out
    anonymous: Mapped[bool] = mapped_column(Boolean)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = now_column()


class Survey(Base):
    """One person asked to answer one survey; it says whether they answered, never what."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("match_id", "user_id", "kind", "sequence"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    match_id: Mapped[UUID | None]
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int] = mapped_column(Integer)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, completed
    # Left empty for anonymous surveys: a timestamp would pair the person with their response.
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()
    round_id: Mapped[UUID | None] = mapped_column(index=True)
    """The on-demand round that sent it; None for the scheduled pulses and the close-out."""


class SurveyRound(Base):
    """A pulse an admin sent now to a program's active relationships (or some of them).

    Its surveys carry `sequence = -number`: the scheduled pulses count 1, 2, … per match and the
    close-out is 0, so a round never collides with them, and the surveys' unique key makes a
    repeated round ask nobody twice.
    """

    __tablename__ = "survey_rounds"
    __table_args__ = (UniqueConstraint("program_id", "number"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)
    requested_by: Mapped[str] = mapped_column(String(200))
    matches: Mapped[int] = mapped_column(Integer)
    surveys: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = now_column()


class SurveyResponse(Base):
    """Answers. An anonymous one has no survey, person, match or time: only program and month."""

    __tablename__ = "survey_responses"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    survey_id: Mapped[UUID | None]
    user_id: Mapped[str | None] = mapped_column(String(200))
    match_id: Mapped[UUID | None]


class HealthTransition(Base):
    """Each time a match entered or left the at-risk state (for the insights' trend)."""

    __tablename__ = "health_transitions"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    program_id: Mapped[UUID] = mapped_column(index=True)
    match_id: Mapped[UUID] = mapped_column(index=True)
    at_risk: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class PopulationMember(Base):
    """One person of the organisation, participant or not, as HR exported them: only what the
    outcomes report compares (no name, no contact data, no pay). Keyed by the HR id."""

    __tablename__ = "population_members"
    __table_args__ = (UniqueConstraint("org_id", "hr_id"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(100))
    hr_id: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(200))
    seniority_band: Mapped[str] = mapped_column(String(100))
    hire_date: Mapped[date] = mapped_column(Date)
    exit_date: Mapped[date | None] = mapped_column(Date)
    exit_voluntary: Mapped[bool | None] = mapped_column(Boolean)
    promotion_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    move_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
