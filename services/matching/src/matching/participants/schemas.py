import math
import re
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, field_validator

from matching.engine.profiles import STYLES

Role = Literal["mentor", "mentee"]
CommunicationStyle = Literal["direct", "supportive", "analytical", "expressive"]
Level = Annotated[int, Field(ge=1, le=5)]
"""A skill's level or a motivator's agreement: a refusal names the key it is under."""
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_TIMEZONES = available_timezones()
# C0 and C1 controls (CR/LF among them) and the Unicode line and paragraph separators: a name
# with a line break splits an email header or a Slack line downstream, and PostgreSQL refuses NUL.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def _one_line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters (line breaks, tabs, NUL)")
    return value


def _text(value: str) -> str:
    if _CONTROL_IN_TEXT.search(value):
        raise ValueError("must not contain control characters other than tabs and line breaks")
    return value


Line = Annotated[str, AfterValidator(_one_line)]
"""A name, an id: one line of printable text."""
Text = Annotated[str, AfterValidator(_text)]
"""Free text: lines and tabs, but no other control character."""


class Profile(BaseModel):
    """What matching knows about a person; every field is optional."""

    model_config = ConfigDict(extra="forbid")

    skills_offered: dict[str, Level] = Field(
        default_factory=dict, description="Skill -> level 1..5 the person can teach."
    )
    skills_wanted: dict[str, Level] = Field(
        default_factory=dict, description="Skill -> level 1..5 the person wants to reach."
    )
    goals: list[str] = Field(default_factory=list, max_length=50, description="Goal tags.")
    goals_text: Text = Field(default="", max_length=5000)
    motivators: dict[str, Level] = Field(
        default_factory=dict, description="Motivator -> agreement 1..5."
    )
    communication_style: CommunicationStyle | None = None
    seniority: int = Field(default=3, ge=1, le=10)
    department: Line | None = Field(default=None, max_length=200)
    manager_user_id: Line | None = Field(default=None, max_length=200)
    timezone: str | None = Field(default=None, description="IANA timezone, e.g. Europe/Paris.")
    languages: list[str] = Field(default_factory=list, max_length=20)
    availability: dict[str, float] = Field(
        default_factory=dict, description="Month (YYYY-MM) -> hours available."
    )
    exclusions: list[str] = Field(
        default_factory=list, max_length=500, description="User ids never to match with."
    )
    attributes: dict[Line, Line] = Field(
        default_factory=dict, description="Free-form attributes for fairness summaries."
    )

    @field_validator("skills_offered", "skills_wanted")
    @classmethod
    def _levels(cls, value: dict[str, int]) -> dict[str, int]:
        if len(value) > 100:
            raise ValueError("at most 100 skills")
        if any(not skill.strip() for skill in value):
            raise ValueError("a skill needs a name")
        return {skill.strip().lower(): level for skill, level in value.items()}

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        if value is not None and value not in _TIMEZONES:
            raise ValueError(f"unknown timezone {value!r}")
        return value

    @field_validator("availability")
    @classmethod
    def _months(cls, value: dict[str, float]) -> dict[str, float]:
        for month, hours in value.items():
            if not _MONTH.match(month) or not math.isfinite(hours) or hours < 0:
                raise ValueError(f"availability {month!r}: use YYYY-MM and hours >= 0")
        return value

    @field_validator("goals", "languages")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        return sorted({tag.strip().lower() for tag in value if tag.strip()})


assert set(STYLES) == {"direct", "supportive", "analytical", "expressive"}


class ParticipantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: Line = Field(min_length=1, max_length=200, description="The person's `sub`.")
    role: Role
    display_name: Line = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    external_id: Line | None = Field(
        default=None,
        max_length=200,
        description="HR system id; set by the program's admins and imports only.",
    )
    capacity: int | None = Field(
        default=None, ge=0, le=100, description="Mentors: mentees at once (program default)."
    )
    profile: Profile = Field(default_factory=Profile)


class ParticipantUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: Line | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    capacity: int | None = Field(default=None, ge=0, le=100)
    profile: Profile | None = None


class Participant(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    user_id: str
    role: Role
    display_name: str
    email: str | None
    external_id: str | None
    status: Literal["active", "withdrawn"]
    capacity: int
    profile: Profile
    created_at: datetime
    updated_at: datetime | None


class ImportError_(BaseModel):
    row: int = Field(description="1-based data row (the header is row 0).")
    column: str
    message: str


class ImportReport(BaseModel):
    rows: int
    created: int
    updated: int
    skipped: int
    errors: list[ImportError_]
