from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry

from gateway.resolve import dt, opt_date, opt_dt


@strawberry.enum
class GoalStatus(Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


@strawberry.enum
class RelevanceKind(Enum):
    PROGRAM_OBJECTIVE = "program_objective"
    CAREER_MILESTONE = "career_milestone"


@strawberry.enum
class CheckinStatus(Enum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    MISSED = "missed"
    CANCELLED = "cancelled"


@strawberry.enum
class Cadence(Enum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


@strawberry.type(description="A step towards a goal.")
class Milestone:
    id: strawberry.ID
    title: str
    position: int
    completed_at: datetime | None


@strawberry.type(
    description="A SMART goal of a match: measurable against a target, with a due date."
)
class Goal:
    id: strawberry.ID
    match_id: strawberry.ID
    owner_user_id: str
    title: str
    description: str
    metric: str | None
    unit: str | None
    baseline: float
    target: float | None
    current_value: float | None
    progress: float = strawberry.field(
        description="How far the goal is, 0 to 1: the larger of the metric's way from "
        "`baseline` to `target` (once a value is reported) and the share of milestones "
        "completed. Completing a milestone moves it, on a goal with a metric too."
    )
    relevance: str | None
    relevance_kind: RelevanceKind | None
    due_on: date | None
    status: GoalStatus
    template_title: str | None
    milestones: list[Milestone]
    acknowledged_at: datetime | None
    completed_at: datetime | None
    overdue_at: datetime | None
    closed_reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Goal":
        kind = data.get("relevance_kind")
        return cls(
            id=strawberry.ID(str(data["id"])),
            match_id=strawberry.ID(str(data["match_id"])),
            owner_user_id=data["owner_user_id"],
            title=data["title"],
            description=data["description"],
            metric=data.get("metric"),
            unit=data.get("unit"),
            baseline=float(data["baseline"]),
            target=data.get("target"),
            current_value=data.get("current_value"),
            progress=float(data["progress"]),
            relevance=data.get("relevance"),
            relevance_kind=RelevanceKind(kind) if kind else None,
            due_on=opt_date(data.get("due_on")),
            status=GoalStatus(data["status"]),
            template_title=data.get("template_title"),
            milestones=[
                Milestone(
                    id=strawberry.ID(str(m["id"])),
                    title=m["title"],
                    position=m["position"],
                    completed_at=opt_dt(m.get("completed_at")),
                )
                for m in data.get("milestones", [])
            ],
            acknowledged_at=opt_dt(data.get("acknowledged_at")),
            completed_at=opt_dt(data.get("completed_at")),
            overdue_at=opt_dt(data.get("overdue_at")),
            closed_reason=data.get("closed_reason"),
            created_at=dt(data["created_at"]),
            updated_at=dt(data["updated_at"]),
        )


@strawberry.type(description="One change of a goal's progress.")
class ProgressUpdate:
    id: strawberry.ID
    author_user_id: str
    value: float | None
    progress: float
    previous_progress: float
    milestone_id: strawberry.ID | None
    note: str | None
    created_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "ProgressUpdate":
        milestone = data.get("milestone_id")
        return cls(
            id=strawberry.ID(str(data["id"])),
            author_user_id=data["author_user_id"],
            value=data.get("value"),
            progress=float(data["progress"]),
            previous_progress=float(data["previous_progress"]),
            milestone_id=strawberry.ID(str(milestone)) if milestone else None,
            note=data.get("note"),
            created_at=dt(data["created_at"]),
        )


@strawberry.type(description="A note on a check-in; private notes are seen by their author only.")
class CheckinNote:
    id: strawberry.ID
    author_user_id: str
    body: str
    private: bool
    created_at: datetime


@strawberry.type(description="A check-in's time in one participant's own timezone.")
class LocalTime:
    user_id: str
    role: str
    timezone: str
    starts_at: datetime
    ends_at: datetime


@strawberry.type(description="A scheduled meeting of a match.")
class Checkin:
    id: strawberry.ID
    match_id: strawberry.ID
    sequence: int
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    timezone: str
    meeting_url: str | None
    agenda: str | None
    status: CheckinStatus
    cancel_reason: str | None
    completed_at: datetime | None
    notes: list[CheckinNote]
    local_times: list[LocalTime]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Checkin":
        return cls(
            id=strawberry.ID(str(data["id"])),
            match_id=strawberry.ID(str(data["match_id"])),
            sequence=data["sequence"],
            starts_at=dt(data["starts_at"]),
            ends_at=dt(data["ends_at"]),
            duration_minutes=data["duration_minutes"],
            timezone=data["timezone"],
            meeting_url=data.get("meeting_url"),
            agenda=data.get("agenda"),
            status=CheckinStatus(data["status"]),
            cancel_reason=data.get("cancel_reason"),
            completed_at=opt_dt(data.get("completed_at")),
            notes=[
                CheckinNote(
                    id=strawberry.ID(str(n["id"])),
                    author_user_id=n["author_user_id"],
                    body=n["body"],
                    private=n["private"],
                    created_at=dt(n["created_at"]),
                )
                for n in data.get("notes", [])
            ],
            local_times=[
                LocalTime(
                    user_id=t["user_id"],
                    role=t["role"],
                    timezone=t["timezone"],
                    starts_at=dt(t["starts_at"]),
                    ends_at=dt(t["ends_at"]),
                )
                for t in data.get("local_times", [])
            ],
            created_at=dt(data["created_at"]),
            updated_at=dt(data["updated_at"]),
        )


@strawberry.type(description="A personal iCalendar feed of the caller's check-ins.")
class CalendarFeed:
    id: strawberry.ID
    created_at: datetime
    revoked_at: datetime | None
    url: str | None = strawberry.field(description="Shown once, when the feed is created.")

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "CalendarFeed":
        return cls(
            id=strawberry.ID(str(data["id"])),
            created_at=dt(data["created_at"]),
            revoked_at=opt_dt(data.get("revoked_at")),
            url=data.get("url"),
        )


@strawberry.type(description="Goals' view of a match: its check-in cadence.")
class MatchSchedule:
    match_id: strawberry.ID
    cadence: Cadence
    starts_on: date
    ends_on: date | None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "MatchSchedule":
        return cls(
            match_id=strawberry.ID(str(data["id"])),
            cadence=Cadence(data["cadence"]),
            starts_on=date.fromisoformat(data["starts_on"]),
            ends_on=opt_date(data.get("ends_on")),
        )


@strawberry.input
class GoalInput:
    title: str = strawberry.field(description="At least 3 characters.")
    description: str = strawberry.field(
        description="What exactly will be achieved, in at least 4 words (the S of SMART)."
    )
    metric: str | None = None
    unit: str | None = None
    baseline: float = 0.0
    target: float | None = None
    due_on: date | None = None
    relevance: str | None = None
    relevance_kind: RelevanceKind | None = None
    milestones: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="Only the fields given change.")
class GoalUpdateInput:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    metric: str | None = strawberry.UNSET
    unit: str | None = strawberry.UNSET
    baseline: float | None = strawberry.UNSET
    target: float | None = strawberry.UNSET
    due_on: date | None = strawberry.UNSET
    relevance: str | None = strawberry.UNSET
    relevance_kind: RelevanceKind | None = strawberry.UNSET


@strawberry.input
class CheckinInput:
    match_id: strawberry.ID
    starts_at: datetime = strawberry.field(
        description="Without an offset, local to `timezone` (or the caller's timezone in the "
        "program); with one, taken as it is."
    )
    duration_minutes: int = 30
    timezone: str | None = None
    meeting_url: str | None = None
    agenda: str | None = None


@strawberry.input
class NoteInput:
    body: str
    private: bool = False
