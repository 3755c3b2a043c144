from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from matching.programs.schemas import Mode, Weights


class RunCreate(BaseModel):
    """Settings for this run; anything left out comes from the program's settings."""

    model_config = ConfigDict(extra="forbid")

    mode: Mode | None = None
    weights: Weights | None = None
    mentee_view: Weights | None = None
    mentor_view: Weights | None = None
    minimum_score: float | None = Field(default=None, ge=0, le=100)
    fairness_attributes: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Profile attributes to summarise besides department and seniority band.",
    )


class RunPair(BaseModel):
    mentee_participant_id: UUID
    mentor_participant_id: UUID
    mentee_user_id: str
    mentor_user_id: str
    score: float


class RunUnmatched(BaseModel):
    mentee_participant_id: UUID
    mentee_user_id: str
    reason: str = Field(description="no_feasible_mentor, outscored (optimal), not_preferred")
    feasible_mentors: int
    rejections: dict[str, int] = Field(
        default_factory=dict, description="Mentors rejected per hard constraint."
    )


class Run(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    mode: Mode
    status: Literal["computing", "failed", "draft", "published", "discarded"] = Field(
        description="computing (a background run not done yet), failed (`report.error` says "
        "why), draft (ready for review), published or discarded."
    )
    base_run_id: UUID | None
    settings: dict[str, Any]
    report: dict[str, Any] = Field(
        description="Counts, scores, timings, and the optimality certificate (optimal) or "
        "the blocking-pair count (stable)."
    )
    fairness: dict[str, Any]
    pairs: list[RunPair]
    unmatched: list[RunUnmatched]
    created_by: str
    created_at: datetime
    published_at: datetime | None


class RunDiff(BaseModel):
    base_run_id: UUID
    changed_mentees: int = Field(description="Mentees whose mentor differs (or who gain/lose one).")
    newly_matched: int
    newly_unmatched: int
    matched_delta: int
    total_score_delta: float
    mean_score_delta: float


class WhatIf(BaseModel):
    run: Run
    diff: RunDiff
