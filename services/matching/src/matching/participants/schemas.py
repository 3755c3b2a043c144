from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field

Role = Literal["mentor", "mentee"]


class ParticipantCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: str = Field(min_length=1, max_length=200, description="The person's `sub`.")
    role: Role
    display_name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None


class Participant(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    user_id: str
    role: Role
    display_name: str
    email: str | None
    created_at: datetime
