"""The goals service's API models, generated from services/goals/openapi.json by `mentorship generate`; do not edit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import AnyUrl, BaseModel, ConfigDict, Field, RootModel, StringConstraints


class AttachmentCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    goal_template: Annotated[
        Annotated[str, StringConstraints(max_length=200)] | None, Field(title="Goal Template")
    ] = None
    milestone_id: Annotated[UUID | None, Field(title="Milestone Id")] = None


class AuditEntryActorKind(StrEnum):
    """
    `user`: a person's token; `scim`: the organisation's identity provider; `system`: the platform itself (a scheduled job).
    """

    USER = "user"
    SCIM = "scim"
    SYSTEM = "system"


class AuditEntry(BaseModel):
    """
    One admin action: who, when, what, and the state before and after where it applies.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    action: Annotated[
        str, Field(description="Dotted, object first: `program.settings_changed`.", title="Action")
    ]
    actor_id: Annotated[
        str,
        Field(
            description="The acting user's id (a pseudonym once they are erased).", title="Actor Id"
        ),
    ]
    actor_kind: Annotated[
        AuditEntryActorKind,
        Field(
            description="`user`: a person's token; `scim`: the organisation's identity provider; `system`: the platform itself (a scheduled job).",
            title="Actor Kind",
        ),
    ]
    after: Annotated[
        dict[str, Any] | None,
        Field(
            description="The changed fields after the action; null for a deletion.", title="After"
        ),
    ] = None
    at: Annotated[datetime, Field(title="At")]
    before: Annotated[
        dict[str, Any] | None,
        Field(
            description="The changed fields before the action; null for a creation.", title="Before"
        ),
    ] = None
    id: Annotated[UUID, Field(title="Id")]
    request_id: Annotated[
        str | None,
        Field(description="The request's trace id, which its logs carry too.", title="Request Id"),
    ] = None
    target_id: Annotated[str, Field(title="Target Id")]
    target_type: Annotated[str, Field(title="Target Type")]


class CalendarFeed(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    created_at: Annotated[datetime, Field(title="Created At")]
    id: Annotated[UUID, Field(title="Id")]
    revoked_at: Annotated[datetime | None, Field(title="Revoked At")]


class CalendarFeedCreated(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    created_at: Annotated[datetime, Field(title="Created At")]
    id: Annotated[UUID, Field(title="Id")]
    revoked_at: Annotated[datetime | None, Field(title="Revoked At")]
    url: Annotated[
        str,
        Field(
            description="The secret subscription URL (shown once): anyone with it can read your check-ins, so revoke the feed if it leaks.",
            title="Url",
        ),
    ]


class CheckinStatus(StrEnum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    MISSED = "missed"
    CANCELLED = "cancelled"


class CheckinCancel(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    reason: Annotated[
        Annotated[str, StringConstraints(max_length=1000)] | None, Field(title="Reason")
    ] = None


class CheckinCreateMeetingUrl(RootModel[AnyUrl]):
    root: Annotated[AnyUrl, Field(description="Zoom, Teams, Meet...", title="Meeting Url")]


class CheckinCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    agenda: Annotated[
        Annotated[str, StringConstraints(max_length=5000)] | None, Field(title="Agenda")
    ] = None
    duration_minutes: Annotated[
        int, Field(description="Minutes", ge=5, le=480, title="Duration Minutes")
    ] = 30
    meeting_url: Annotated[
        CheckinCreateMeetingUrl | None,
        Field(description="Zoom, Teams, Meet...", title="Meeting Url"),
    ] = None
    starts_at: Annotated[
        datetime,
        Field(
            description="Local time in `timezone` (or the caller's timezone) when it carries no offset; an ISO time with an offset is taken as it is.",
            title="Starts At",
        ),
    ]
    timezone: Annotated[
        Annotated[str, StringConstraints(max_length=64)] | None,
        Field(
            description="IANA timezone the time is set in; recurrence keeps this zone's local time. Defaults to the caller's timezone in the program.",
            title="Timezone",
        ),
    ] = None


class CheckinRescheduleDurationMinutes(RootModel[int]):
    root: Annotated[int, Field(description="Minutes", ge=5, le=480, title="Duration Minutes")]


class CheckinReschedule(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    duration_minutes: Annotated[
        CheckinRescheduleDurationMinutes | None, Field(title="Duration Minutes")
    ] = None
    starts_at: Annotated[
        datetime,
        Field(
            description="Local time in `timezone` (or the check-in's own timezone) when it carries no offset; an ISO time with an offset is taken as it is.",
            title="Starts At",
        ),
    ]
    timezone: Annotated[
        Annotated[str, StringConstraints(max_length=64)] | None,
        Field(
            description="IANA timezone the time is set in, and the series keeps from now on. Defaults to the check-in's own timezone.",
            title="Timezone",
        ),
    ] = None


class CheckinUpdateDurationMinutes(RootModel[int]):
    root: Annotated[int, Field(description="Minutes", ge=5, le=480, title="Duration Minutes")]


class CheckinUpdateMeetingUrl(RootModel[AnyUrl]):
    root: Annotated[AnyUrl, Field(title="Meeting Url")]


class CheckinUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    agenda: Annotated[
        Annotated[str, StringConstraints(max_length=5000)] | None, Field(title="Agenda")
    ] = None
    duration_minutes: Annotated[
        CheckinUpdateDurationMinutes | None, Field(title="Duration Minutes")
    ] = None
    meeting_url: Annotated[CheckinUpdateMeetingUrl | None, Field(title="Meeting Url")] = None


class GoalRelevanceKind(StrEnum):
    PROGRAM_OBJECTIVE = "program_objective"
    CAREER_MILESTONE = "career_milestone"


class GoalStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class GoalCreateRelevanceKind(StrEnum):
    PROGRAM_OBJECTIVE = "program_objective"
    CAREER_MILESTONE = "career_milestone"


class GoalCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    baseline: Annotated[
        float, Field(description="The metric's value at the start.", title="Baseline")
    ] = 0
    description: Annotated[
        str,
        Field(
            description="What exactly will be achieved, in at least 4 words (the S of SMART).",
            max_length=5000,
            title="Description",
        ),
    ]
    due_on: Annotated[date | None, Field(title="Due On")] = None
    metric: Annotated[
        Annotated[str, StringConstraints(max_length=200)] | None,
        Field(description="What is measured.", title="Metric"),
    ] = None
    milestones: Annotated[
        list[str] | None,
        Field(description="Milestone titles, in order.", max_length=50, title="Milestones"),
    ] = None
    relevance: Annotated[
        Annotated[str, StringConstraints(max_length=1000)] | None,
        Field(
            description="The program objective or the career milestone this goal serves.",
            title="Relevance",
        ),
    ] = None
    relevance_kind: Annotated[GoalCreateRelevanceKind | None, Field(title="Relevance Kind")] = None
    target: Annotated[
        float | None, Field(description="The metric's value that completes.", title="Target")
    ] = None
    title: Annotated[
        str, Field(description="At least 3 characters.", max_length=200, title="Title")
    ]
    unit: Annotated[
        Annotated[str, StringConstraints(max_length=50)] | None, Field(title="Unit")
    ] = None


class GoalUpdateRelevanceKind(StrEnum):
    PROGRAM_OBJECTIVE = "program_objective"
    CAREER_MILESTONE = "career_milestone"


class GoalUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    baseline: Annotated[float | None, Field(title="Baseline")] = None
    description: Annotated[
        Annotated[str, StringConstraints(max_length=5000)] | None, Field(title="Description")
    ] = None
    due_on: Annotated[date | None, Field(title="Due On")] = None
    metric: Annotated[
        Annotated[str, StringConstraints(max_length=200)] | None, Field(title="Metric")
    ] = None
    relevance: Annotated[
        Annotated[str, StringConstraints(max_length=1000)] | None, Field(title="Relevance")
    ] = None
    relevance_kind: Annotated[GoalUpdateRelevanceKind | None, Field(title="Relevance Kind")] = None
    target: Annotated[float | None, Field(title="Target")] = None
    title: Annotated[
        Annotated[str, StringConstraints(max_length=200)] | None, Field(title="Title")
    ] = None
    unit: Annotated[
        Annotated[str, StringConstraints(max_length=50)] | None, Field(title="Unit")
    ] = None


class GoalsTables(BaseModel):
    """
    Goals's rows naming the person, one list per table, each row with all its columns.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    calendar_feeds: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their calendar subscriptions (the secret link is left out).",
            title="Calendar Feeds",
        ),
    ]
    checkin_notes: Annotated[
        list[dict[str, Any]],
        Field(
            description="Notes they wrote on check-ins (private ones included).",
            title="Checkin Notes",
        ),
    ]
    goals: Annotated[
        list[dict[str, Any]],
        Field(
            description="Goals they own: title, description, metric, target, progress, dates.",
            title="Goals",
        ),
    ]
    idempotency_keys: Annotated[
        list[dict[str, Any]],
        Field(
            description="Keys of their recent retried requests (the cached responses are left out).",
            title="Idempotency Keys",
        ),
    ]
    matches: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their relationships: both parties, dates, cadence, status.",
            title="Matches",
        ),
    ]
    participants: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their enrolments as goals keeps them: name, role, timezone.",
            title="Participants",
        ),
    ]
    programs: Annotated[
        list[dict[str, Any]],
        Field(
            description="Programs the person administers (as matching announced them).",
            title="Programs",
        ),
    ]
    progress_updates: Annotated[
        list[dict[str, Any]],
        Field(
            description="Progress they recorded on goals, with their notes.",
            title="Progress Updates",
        ),
    ]
    resources: Annotated[
        list[dict[str, Any]],
        Field(description="Library resources they added as an admin.", title="Resources"),
    ]
    shared_resources: Annotated[
        list[dict[str, Any]],
        Field(
            description="Resources they shared in a relationship, with their note.",
            title="Shared Resources",
        ),
    ]
    training_completions: Annotated[
        list[dict[str, Any]],
        Field(description="Trainings they marked complete.", title="Training Completions"),
    ]


class LocalTimeRole(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class LocalTime(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    ends_at: Annotated[datetime, Field(title="Ends At")]
    role: Annotated[LocalTimeRole, Field(title="Role")]
    starts_at: Annotated[
        datetime,
        Field(description="In this participant's timezone, with its offset.", title="Starts At"),
    ]
    timezone: Annotated[str, Field(title="Timezone")]
    user_id: Annotated[str, Field(title="User Id")]


class MatchCadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class MatchStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class Match(BaseModel):
    """
    A relationship as this service knows it from matching's events.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    cadence: Annotated[MatchCadence, Field(title="Cadence")]
    created_at: Annotated[datetime, Field(title="Created At")]
    ended_at: Annotated[datetime | None, Field(title="Ended At")]
    ends_on: Annotated[date | None, Field(title="Ends On")]
    id: Annotated[UUID, Field(title="Id")]
    mentee_user_id: Annotated[str, Field(title="Mentee User Id")]
    mentor_user_id: Annotated[str, Field(title="Mentor User Id")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    starts_on: Annotated[date, Field(title="Starts On")]
    status: Annotated[MatchStatus, Field(title="Status")]


class MatchUpdateCadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class MatchUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    cadence: Annotated[MatchUpdateCadence, Field(title="Cadence")]


class Milestone(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    completed_at: Annotated[datetime | None, Field(title="Completed At")]
    id: Annotated[UUID, Field(title="Id")]
    position: Annotated[int, Field(title="Position")]
    title: Annotated[str, Field(title="Title")]


class MilestoneCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    title: Annotated[str, Field(max_length=200, min_length=1, title="Title")]


class Note(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    author_user_id: Annotated[str, Field(title="Author User Id")]
    body: Annotated[str, Field(title="Body")]
    created_at: Annotated[datetime, Field(title="Created At")]
    id: Annotated[UUID, Field(title="Id")]
    private: Annotated[bool, Field(title="Private")]


class NoteCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    body: Annotated[str, Field(max_length=10000, min_length=1, title="Body")]
    private: Annotated[bool, Field(description="Visible to its author only.", title="Private")] = (
        False
    )


class PageAuditEntry(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[AuditEntry], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageMatch(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Match], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PersonalData(BaseModel):
    """
    Everything the goals service holds about one person.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    exported_at: Annotated[datetime, Field(title="Exported At")]
    org_id: Annotated[str, Field(title="Org Id")]
    service: Annotated[str, Field(title="Service")] = "goals"
    tables: GoalsTables
    user_id: Annotated[str, Field(title="User Id")]


class ProgressCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    note: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None, Field(title="Note")
    ] = None
    value: Annotated[
        float, Field(description="The metric's current value, in the goal's unit.", title="Value")
    ]


class ProgressUpdateSource(StrEnum):
    VALUE = "value"
    MILESTONE = "milestone"


class ProgressUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    author_user_id: Annotated[str, Field(title="Author User Id")]
    created_at: Annotated[datetime, Field(title="Created At")]
    id: Annotated[UUID, Field(title="Id")]
    milestone_id: Annotated[UUID | None, Field(title="Milestone Id")]
    note: Annotated[str | None, Field(title="Note")]
    previous_progress: Annotated[float, Field(title="Previous Progress")]
    progress: Annotated[float, Field(title="Progress")]
    source: Annotated[ProgressUpdateSource, Field(title="Source")]
    value: Annotated[float | None, Field(title="Value")]


class ResourceAudience(StrEnum):
    MENTORS = "mentors"
    MENTEES = "mentees"
    BOTH = "both"


class ResourceKind(StrEnum):
    GUIDE = "guide"
    TRAINING = "training"
    TEMPLATE = "template"
    ARTICLE = "article"
    VIDEO = "video"
    OTHER = "other"


class Resource(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    audience: Annotated[ResourceAudience, Field(title="Audience")]
    body: Annotated[str | None, Field(title="Body")]
    created_at: Annotated[datetime, Field(title="Created At")]
    goal_templates: Annotated[list[str] | None, Field(title="Goal Templates")] = None
    id: Annotated[UUID, Field(title="Id")]
    kind: Annotated[ResourceKind, Field(title="Kind")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    title: Annotated[str, Field(title="Title")]
    url: Annotated[str | None, Field(title="Url")]


class ResourceCreateAudience(StrEnum):
    MENTORS = "mentors"
    MENTEES = "mentees"
    BOTH = "both"


class ResourceCreateKind(StrEnum):
    GUIDE = "guide"
    TRAINING = "training"
    TEMPLATE = "template"
    ARTICLE = "article"
    VIDEO = "video"
    OTHER = "other"


class ResourceCreateUrl(RootModel[AnyUrl]):
    root: Annotated[AnyUrl, Field(title="Url")]


class ResourceCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    audience: Annotated[ResourceCreateAudience, Field(title="Audience")] = (
        ResourceCreateAudience.BOTH
    )
    body: Annotated[
        Annotated[str, StringConstraints(max_length=20000)] | None,
        Field(description="Text, when no link.", title="Body"),
    ] = None
    goal_templates: Annotated[
        list[str] | None,
        Field(
            description="Titles of the program's goal templates this resource supports.",
            max_length=50,
            title="Goal Templates",
        ),
    ] = None
    kind: Annotated[ResourceCreateKind, Field(title="Kind")]
    title: Annotated[str, Field(max_length=200, min_length=1, title="Title")]
    url: Annotated[ResourceCreateUrl | None, Field(title="Url")] = None


class ShareCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    note: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None, Field(title="Note")
    ] = None
    resource_id: Annotated[UUID, Field(title="Resource Id")]


class SharedResource(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    created_at: Annotated[datetime, Field(title="Created At")]
    id: Annotated[UUID, Field(title="Id")]
    match_id: Annotated[UUID, Field(title="Match Id")]
    note: Annotated[str | None, Field(title="Note")]
    resource: Resource
    shared_by: Annotated[str, Field(title="Shared By")]


class Checkin(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    agenda: Annotated[str | None, Field(title="Agenda")]
    cancel_reason: Annotated[str | None, Field(title="Cancel Reason")]
    completed_at: Annotated[datetime | None, Field(title="Completed At")]
    created_at: Annotated[datetime, Field(title="Created At")]
    duration_minutes: Annotated[int, Field(title="Duration Minutes")]
    ends_at: Annotated[datetime, Field(description="UTC", title="Ends At")]
    id: Annotated[UUID, Field(title="Id")]
    local_times: Annotated[list[LocalTime] | None, Field(title="Local Times")] = None
    match_id: Annotated[UUID, Field(title="Match Id")]
    meeting_url: Annotated[str | None, Field(title="Meeting Url")]
    notes: Annotated[
        list[Note] | None,
        Field(description="Shared notes, and the caller's own private ones.", title="Notes"),
    ] = None
    sequence: Annotated[
        int, Field(description="Revision, as the iCalendar SEQUENCE.", title="Sequence")
    ]
    starts_at: Annotated[datetime, Field(description="UTC", title="Starts At")]
    status: Annotated[CheckinStatus, Field(title="Status")]
    timezone: Annotated[
        str, Field(description="The zone the series keeps its local time in.", title="Timezone")
    ]
    updated_at: Annotated[datetime, Field(title="Updated At")]


class CheckinComplete(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    notes: NoteCreate | None = None


class ChecklistItem(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    completed_at: Annotated[datetime | None, Field(title="Completed At")]
    resource: Resource


class Goal(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    acknowledged_at: Annotated[
        datetime | None,
        Field(description="When the mentor found it achievable.", title="Acknowledged At"),
    ]
    baseline: Annotated[float, Field(title="Baseline")]
    closed_reason: Annotated[str | None, Field(title="Closed Reason")]
    completed_at: Annotated[datetime | None, Field(title="Completed At")]
    created_at: Annotated[datetime, Field(title="Created At")]
    current_value: Annotated[float | None, Field(title="Current Value")]
    description: Annotated[str, Field(title="Description")]
    due_on: Annotated[date | None, Field(title="Due On")]
    id: Annotated[UUID, Field(title="Id")]
    match_id: Annotated[UUID, Field(title="Match Id")]
    metric: Annotated[str | None, Field(title="Metric")]
    milestones: Annotated[list[Milestone] | None, Field(title="Milestones")] = None
    overdue_at: Annotated[datetime | None, Field(title="Overdue At")]
    owner_user_id: Annotated[str, Field(title="Owner User Id")]
    progress: Annotated[
        float,
        Field(
            description="How far the goal is, 0 to 1: the larger of the metric's way from `baseline` to `target` (once a value is reported) and the share of milestones completed. Completing a milestone moves it, on a goal with a metric too.",
            title="Progress",
        ),
    ]
    relevance: Annotated[str | None, Field(title="Relevance")]
    relevance_kind: Annotated[GoalRelevanceKind | None, Field(title="Relevance Kind")]
    status: Annotated[GoalStatus, Field(title="Status")]
    target: Annotated[float | None, Field(title="Target")]
    template_title: Annotated[
        str | None, Field(description="The program template it came from.", title="Template Title")
    ]
    title: Annotated[str, Field(title="Title")]
    unit: Annotated[str | None, Field(title="Unit")]
    updated_at: Annotated[datetime, Field(title="Updated At")]


class ItemsCheckin(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Checkin], Field(title="Items")]


class ItemsGoal(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Goal], Field(title="Items")]


class OnboardingChecklist(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    completed: Annotated[int, Field(title="Completed")]
    items: Annotated[list[ChecklistItem], Field(title="Items")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    total: Annotated[int, Field(title="Total")]


class PageCheckin(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Checkin], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageGoal(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Goal], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageProgressUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[ProgressUpdate], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class ViewerGoals(BaseModel):
    """
    What goals knows about the signed-in person's running relationships, for them alone.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    goals: Annotated[
        list[Goal], Field(description="Every goal of those matches, oldest first.", title="Goals")
    ]
    goals_to_acknowledge: Annotated[
        list[UUID],
        Field(
            description="Draft goals of matches the viewer mentors that await the mentor's acknowledgement (the A of SMART), oldest first.",
            title="Goals To Acknowledge",
        ),
    ]
    match_ids: Annotated[
        list[UUID], Field(description="The viewer's active matches.", title="Match Ids")
    ]
    next_checkins: Annotated[
        list[Checkin],
        Field(
            description="The earliest scheduled check-in of each match that has one, soonest first.",
            title="Next Checkins",
        ),
    ]
