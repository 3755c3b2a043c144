"""Events the goals service publishes on `mentorship.goals.events`.

Each carries the match's parties, so that consumers (feedback, notifications) need no read model
of goals to know whom an event concerns.
"""

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from contracts.base import EventPayload, PersonErased


class MatchScoped(EventPayload):
    match_id: UUID
    program_id: UUID
    mentor_user_id: str
    mentee_user_id: str


class GoalCreatedV1(MatchScoped):
    """A goal was created for a match (by the mentee, or from a program template)."""

    event_type: ClassVar[str] = "mentorship.goals.goal.created.v1"

    goal_id: UUID
    title: str
    status: str
    due_on: date | None = None
    from_template: bool = False


class GoalProgressUpdatedV1(MatchScoped):
    """A goal's progress changed (from a numeric update or a milestone)."""

    event_type: ClassVar[str] = "mentorship.goals.goal.progress_updated.v1"

    goal_id: UUID
    progress: float = Field(ge=0, le=1, description="Share of the target reached, 0 to 1.")
    previous_progress: float = Field(ge=0, le=1)


class MilestoneCompletedV1(MatchScoped):
    """A milestone of a goal was completed."""

    event_type: ClassVar[str] = "mentorship.goals.milestone.completed.v1"

    goal_id: UUID
    milestone_id: UUID
    title: str


class GoalCompletedV1(MatchScoped):
    """A goal was completed."""

    event_type: ClassVar[str] = "mentorship.goals.goal.completed.v1"

    goal_id: UUID
    title: str


class GoalOverdueV1(MatchScoped):
    """An active goal passed its due date without being completed."""

    event_type: ClassVar[str] = "mentorship.goals.goal.overdue.v1"

    goal_id: UUID
    title: str
    due_on: date


class CheckinFacts(MatchScoped):
    checkin_id: UUID
    starts_at: datetime = Field(description="UTC")
    duration_minutes: int
    meeting_url: str | None = None


class CheckinScheduledV1(CheckinFacts):
    """A check-in was scheduled."""

    event_type: ClassVar[str] = "mentorship.goals.checkin.scheduled.v1"


class CheckinRescheduledV1(CheckinFacts):
    """A check-in moved to another time."""

    event_type: ClassVar[str] = "mentorship.goals.checkin.rescheduled.v1"

    previous_starts_at: datetime


class CheckinCompletedV1(CheckinFacts):
    """A check-in took place."""

    event_type: ClassVar[str] = "mentorship.goals.checkin.completed.v1"

    completed_at: datetime


class CheckinMissedV1(CheckinFacts):
    """A check-in was not completed within the grace period after its end."""

    event_type: ClassVar[str] = "mentorship.goals.checkin.missed.v1"


class CheckinCancelledV1(CheckinFacts):
    """A check-in was cancelled."""

    event_type: ClassVar[str] = "mentorship.goals.checkin.cancelled.v1"

    reason: str | None = None


class GoalsPersonErasedV1(PersonErased):
    """Goals has erased or anonymised everything it held about a person."""

    event_type: ClassVar[str] = "mentorship.goals.person.erased.v1"
