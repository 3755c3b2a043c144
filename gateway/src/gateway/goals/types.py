from datetime import date, datetime
from typing import Any

import strawberry

from gateway.api import goals as api
from gateway.derive import build, graphql_enum, model_type

GoalStatus = api.GoalStatus
RelevanceKind = api.GoalRelevanceKind
CheckinStatus = api.CheckinStatus
Cadence = api.MatchCadence
graphql_enum(GoalStatus, "GoalStatus")
graphql_enum(RelevanceKind, "RelevanceKind")
graphql_enum(CheckinStatus, "CheckinStatus")
graphql_enum(Cadence, "Cadence")
graphql_enum(api.LocalTimeRole, "CheckinRole")
graphql_enum(api.ProgressUpdateSource, "ProgressSource")


@model_type(api.Milestone, description="A step towards a goal.")
class Milestone:
    pass


@model_type(
    api.Goal, description="A SMART goal of a match: measurable against a target, with a due date."
)
class Goal:
    # The fields the viewer's to-do list reads, declared for mypy (derived ones it cannot see).
    id: strawberry.ID
    title: str

    @classmethod
    def from_api(cls, data: Any) -> "Goal":
        return build(cls, api.Goal.model_validate(data))


@model_type(api.ProgressUpdate, description="One change of a goal's progress.")
class ProgressUpdate:
    @classmethod
    def from_api(cls, data: Any) -> "ProgressUpdate":
        return build(cls, api.ProgressUpdate.model_validate(data))


@model_type(
    api.Note,
    name="CheckinNote",
    description="A note on a check-in; private notes are seen by their author only.",
)
class CheckinNote:
    pass


@model_type(api.LocalTime, description="A check-in's time in one participant's own timezone.")
class LocalTime:
    pass


@model_type(api.Checkin, description="A scheduled meeting of a match.")
class Checkin:
    @classmethod
    def from_api(cls, data: Any) -> "Checkin":
        return build(cls, api.Checkin.model_validate(data))


@model_type(api.CalendarFeed, description="A personal iCalendar feed of the caller's check-ins.")
class CalendarFeed:
    url: str | None = strawberry.field(
        default=None, description="Shown once, when the feed is created."
    )

    @classmethod
    def from_api(cls, data: Any) -> "CalendarFeed":
        created = isinstance(data, dict) and data.get("url") is not None
        model = (api.CalendarFeedCreated if created else api.CalendarFeed).model_validate(data)
        return build(cls, model)


@model_type(
    api.Match,
    name="MatchSchedule",
    description="Goals' view of a match: its check-in cadence.",
    exclude=(
        "id",
        "mentee_user_id",
        "mentor_user_id",
        "program_id",
        "created_at",
        "ended_at",
        "status",
    ),
)
class MatchSchedule:
    match_id: strawberry.ID

    @classmethod
    def from_api(cls, data: Any) -> "MatchSchedule":
        model = api.Match.model_validate(data)
        return build(cls, model, match_id=strawberry.ID(str(model.id)))


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
