from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

ProgramFormat = Literal["one_to_one", "group", "peer", "reverse", "flash"]


class ProgramCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    format: ProgramFormat = "one_to_one"


class Program(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str
    format: ProgramFormat
    status: str
    created_at: datetime
