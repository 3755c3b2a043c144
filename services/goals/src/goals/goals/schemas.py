from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat

RelevanceKind = Literal["program_objective", "career_milestone"]
GoalStatus = Literal["draft", "active", "completed", "abandoned"]


class GoalFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(
        max_length=5000,
        description="What exactly will be achieved, in at least 4 words (the S of SMART).",
    )
    metric: str | None = Field(default=None, max_length=200, description="What is measured.")
    baseline: FiniteFloat = Field(default=0, description="The metric's value at the start.")
    target: FiniteFloat | None = Field(
        default=None, description="The metric's value that completes."
    )
    unit: str | None = Field(default=None, max_length=50)
    relevance_kind: RelevanceKind | None = None
    relevance: str | None = Field(
        default=None,
        max_length=1000,
        description="The program objective or the career milestone this goal serves.",
    )
    due_on: date | None = None


class GoalCreate(GoalFields):
    title: str = Field(max_length=200, description="At least 3 characters.")
    milestones: list[str] = Field(
        default_factory=list, max_length=50, description="Milestone titles, in order."
    )


class GoalUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    metric: str | None = Field(default=None, max_length=200)
    baseline: FiniteFloat | None = None
    target: FiniteFloat | None = None
    unit: str | None = Field(default=None, max_length=50)
    relevance_kind: RelevanceKind | None = None
    relevance: str | None = Field(default=None, max_length=1000)
    due_on: date | None = None


class MilestoneCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)


class Milestone(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    title: str
    position: int
    completed_at: datetime | None


class Goal(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    match_id: UUID
    owner_user_id: str
    title: str
    description: str
    metric: str | None
    baseline: float
    target: float | None
    unit: str | None
    current_value: float | None
    relevance_kind: RelevanceKind | None
    relevance: str | None
    due_on: date | None
    status: GoalStatus
    progress: float = Field(
        description="How far the goal is, 0 to 1: the larger of the metric's way from "
        "`baseline` to `target` (once a value is reported) and the share of milestones "
        "completed. Completing a milestone moves it, on a goal with a metric too."
    )
    template_title: str | None = Field(description="The program template it came from.")
    acknowledged_at: datetime | None = Field(description="When the mentor found it achievable.")
    overdue_at: datetime | None
    completed_at: datetime | None
    closed_reason: str | None
    created_at: datetime
    updated_at: datetime
    milestones: list[Milestone] = Field(default_factory=list)


class ProgressCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: FiniteFloat = Field(description="The metric's current value, in the goal's unit.")
    note: str | None = Field(default=None, max_length=2000)


class ProgressUpdate(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    author_user_id: str
    source: Literal["value", "milestone"]
    value: float | None
    milestone_id: UUID | None
    progress: float
    previous_progress: float
    note: str | None
    created_at: datetime
