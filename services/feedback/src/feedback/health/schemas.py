from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from feedback.health.signals import ENTER_BELOW, LEAVE_ABOVE


class SignalView(BaseModel):
    name: str
    weight: float = Field(description="The most this signal can add to the score.")
    value: float = Field(ge=0, le=1)
    contribution: float = Field(description="weight x value: this signal's part of the score.")
    detail: str


class RelationshipHealth(BaseModel):
    match_id: UUID
    program_id: UUID
    status: Literal["proposed", "active", "declined", "ended"] = Field(
        description="The relationship as feedback knows it from matching's events."
    )
    score: float | None
    at_risk: bool
    enter_at_risk_below: float = ENTER_BELOW
    leave_at_risk_above: float = LEAVE_ABOVE
    signals: list[SignalView]
    computed_at: datetime | None
