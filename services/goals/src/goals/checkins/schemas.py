from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl

CheckinStatus = Literal["scheduled", "completed", "missed", "cancelled"]


def _https(url: HttpUrl) -> HttpUrl:
    if url.scheme != "https":
        raise ValueError("a meeting link must be an https URL")
    return url


MeetingUrl = Annotated[HttpUrl, AfterValidator(_https)]
Duration = Annotated[int, Field(ge=5, le=480, description="Minutes")]
TIME_DOC = (
    "Local time in `timezone` (or the caller's timezone) when it carries no offset; "
    "an ISO time with an offset is taken as it is."
)
RESCHEDULE_TIME_DOC = (
    "Local time in `timezone` (or the check-in's own timezone) when it carries no offset; "
    "an ISO time with an offset is taken as it is."
)


class CheckinCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_at: datetime = Field(description=TIME_DOC)
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description="IANA timezone the time is set in; recurrence keeps this zone's local time. "
        "Defaults to the caller's timezone in the program.",
    )
    duration_minutes: Duration = 30
    meeting_url: MeetingUrl | None = Field(default=None, description="Zoom, Teams, Meet...")
    agenda: str | None = Field(default=None, max_length=5000)


class CheckinReschedule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_at: datetime = Field(description=RESCHEDULE_TIME_DOC)
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description="IANA timezone the time is set in, and the series keeps from now on. "
        "Defaults to the check-in's own timezone.",
    )
    duration_minutes: Duration | None = None


class CheckinUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    duration_minutes: Duration | None = None
    meeting_url: MeetingUrl | None = None
    agenda: str | None = Field(default=None, max_length=5000)


class CheckinCancel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=1000)


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=10000)
    private: bool = Field(default=False, description="Visible to its author only.")


class CheckinComplete(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notes: NoteCreate | None = None


class Note(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    author_user_id: str
    body: str
    private: bool
    created_at: datetime


class LocalTime(BaseModel):
    user_id: str
    role: Literal["mentor", "mentee"]
    timezone: str
    starts_at: datetime = Field(description="In this participant's timezone, with its offset.")
    ends_at: datetime


class Checkin(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    match_id: UUID
    status: CheckinStatus
    starts_at: datetime = Field(description="UTC")
    ends_at: datetime = Field(description="UTC")
    timezone: str = Field(description="The zone the series keeps its local time in.")
    duration_minutes: int
    meeting_url: str | None
    agenda: str | None
    sequence: int = Field(description="Revision, as the iCalendar SEQUENCE.")
    completed_at: datetime | None
    cancel_reason: str | None
    created_at: datetime
    updated_at: datetime
    local_times: list[LocalTime] = Field(default_factory=list)
    notes: list[Note] = Field(
        default_factory=list, description="Shared notes, and the caller's own private ones."
    )


class Cadence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cadence: Literal["weekly", "biweekly", "monthly"]
