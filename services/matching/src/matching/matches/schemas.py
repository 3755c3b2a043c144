from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

MatchStatus = Literal["proposed", "declined", "accepted", "active", "completed", "ended"]


class MatchCreate(BaseModel):
    """An admin assigns, or a mentee asks for a mentor (self-match)."""

    model_config = ConfigDict(extra="forbid")

    mentee_participant_id: UUID
    mentor_participant_id: UUID


class Decline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=2000)


class End(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["completed", "ended_early"]
    reason: str | None = Field(default=None, max_length=2000)


class Match(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    mentor_participant_id: UUID
    mentee_participant_id: UUID
    mentor_user_id: str
    mentee_user_id: str
    status: MatchStatus
    score: float
    explanation: dict[str, Any]
    run_id: UUID | None
    awaiting: list[str] = Field(description="User ids whose acceptance is still needed.")
    proposed_by: str
    flagged_for_review: bool
    review_reason: str | None
    health_score: float | None
    end_reason: str | None
    starts_on: date | None
    ends_on: date | None
    accepted_at: datetime | None
    ended_at: datetime | None
    created_at: datetime
