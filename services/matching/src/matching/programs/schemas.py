from datetime import date, datetime
from typing import Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.matching import Cadence, GoalTemplate, ProgramFormat, ProgramStatus
from matching.engine.optimal import Objective
from matching.engine.profiles import (
    DEFAULT_MENTEE_VIEW,
    DEFAULT_MENTOR_VIEW,
    DEFAULT_WEIGHTS,
    Factor,
)

Mode = Literal["optimal", "stable"]
Approval = Literal["mentor_accepts", "mentee_accepts", "both_accept", "admin_assigns"]
Weights = dict[Factor, float]


def check_weights(value: Weights | None) -> Weights | None:
    if value is None:
        return value
    if any(weight < 0 or weight > 100 for weight in value.values()):
        raise ValueError("weights are between 0 and 100")
    if value and sum(value.values()) <= 0:
        raise ValueError("at least one weight must be positive")
    return value


class ProgramSettings(BaseModel):
    """How a program scores, constrains and approves matches."""

    model_config = ConfigDict(extra="forbid")

    weights: Weights = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS),
        description="Compatibility weight per factor (normalised to sum to 1).",
    )
    mentee_view: Weights = Field(
        default_factory=lambda: dict(DEFAULT_MENTEE_VIEW),
        description="How mentees rank mentors in stable mode.",
    )
    mentor_view: Weights = Field(
        default_factory=lambda: dict(DEFAULT_MENTOR_VIEW),
        description="How mentors rank mentees in stable mode.",
    )
    mode: Mode = "optimal"
    objective: Objective = Field(
        default="max_matched",
        description="Optimal mode: max_matched (as many pairs as possible, then the best "
        "total score) or max_total (the best total score, even if fewer are matched).",
    )
    minimum_score: float = Field(default=0.0, ge=0, le=100)
    default_capacity: int = Field(default=2, ge=0, le=100)
    approval: Approval = Field(
        default="mentor_accepts",
        description="Whose consent a proposed match (an admin's or a published run's) awaits: "
        "mentor_accepts (the mentor's), mentee_accepts (the mentee's), both_accept (both, "
        "each recorded; accepted once both have), admin_assigns (nobody: accepted at once). "
        "A person's own request awaits the other person only, in every mode.",
    )
    department_preference: Literal["cross", "same", "neutral"] = "cross"
    require_shared_language: bool = True
    forbid_reporting_line: bool = True

    _weights = field_validator("weights", "mentee_view", "mentor_view")(check_weights)


class ProgramCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    format: ProgramFormat = "one_to_one"
    status: Literal["draft", "enrolling"] = "enrolling"
    admin_user_ids: list[str] = Field(default_factory=list, max_length=100)
    settings: ProgramSettings = Field(default_factory=ProgramSettings)
    checkin_cadence: Cadence = "biweekly"
    goal_templates: list[GoalTemplate] = Field(default_factory=list, max_length=50)
    starts_on: date | None = None
    ends_on: date | None = None

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class ProgramUpdate(BaseModel):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    format: ProgramFormat | None = None
    admin_user_ids: list[str] | None = Field(default=None, max_length=100)
    settings: ProgramSettings | None = None
    checkin_cadence: Cadence | None = None
    goal_templates: list[GoalTemplate] | None = Field(default=None, max_length=50)
    starts_on: date | None = None
    ends_on: date | None = None


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ProgramStatus


class Program(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    description: str
    format: ProgramFormat
    status: ProgramStatus
    admin_user_ids: list[str]
    settings: ProgramSettings
    checkin_cadence: Cadence
    goal_templates: list[GoalTemplate]
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    updated_at: datetime | None
