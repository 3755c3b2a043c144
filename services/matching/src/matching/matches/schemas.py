from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

MatchStatus = Literal[
    "proposed", "declined", "withdrawn", "accepted", "active", "completed", "ended"
]


class MatchCreate(BaseModel):
    """An admin proposes a pair, or one of the two asks for the other (a mentee asks a mentor,
    a mentor offers to mentor a mentee): an own request awaits the other person only."""

    model_config = ConfigDict(extra="forbid")

    mentee_participant_id: UUID
    mentor_participant_id: UUID


class Decline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=2000)


class RequestWithdrawal(BaseModel):
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
    accepted_by: list[str] = Field(
        description="User ids who have accepted so far (the person whose own request it is "
        "counts as accepting it)."
    )
    proposed_by: str = Field(
        description="Who proposed it: an admin, or one of the two asking for themselves."
    )
    flagged_for_review: bool
    review_reason: str | None
    health_score: float | None
    end_reason: str | None
    starts_on: date | None
    ends_on: date | None
    accepted_at: datetime | None
    ended_at: datetime | None
    created_at: datetime
