from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

CadenceName = Literal["weekly", "biweekly", "monthly"]


class Match(BaseModel):
    """A relationship as this service knows it from matching's events."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    mentor_user_id: str
    mentee_user_id: str
    starts_on: date
    ends_on: date | None
    cadence: CadenceName
    status: Literal["active", "ended"]
    ended_at: datetime | None
    created_at: datetime


class MatchUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cadence: CadenceName
