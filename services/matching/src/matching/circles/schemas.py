from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from matching.matches.schemas import MatchStatus


class CircleMentor(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    participant_id: UUID
    user_id: str
    display_name: str


class CircleMember(BaseModel):
    """A mentee holding a place in the circle through their match with its mentor."""

    model_config = ConfigDict(from_attributes=True)

    participant_id: UUID
    user_id: str
    display_name: str
    match_id: UUID
    match_status: MatchStatus = Field(
        description="accepted (holding the place until starts_on) or active."
    )
    starts_on: date | None


class Circle(BaseModel):
    """A group program's mentor with the mentees whose matches hold a place with them."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID = Field(description="The mentor's participant id (one circle per mentor).")
    program_id: UUID
    mentor: CircleMentor
    members: list[CircleMember] = Field(description="In the order they took their places.")
    size: int
    capacity: int = Field(description="The mentor's capacity.")
    open_places: int = Field(
        description="Capacity minus the places held or reserved (accepted, active and proposed "
        "matches), never below 0."
    )


class ProgramCircles(BaseModel):
    """The first page of one program's circles, as `GET /programs/{id}/circles` gives it."""

    program_id: UUID
    items: list[Circle]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to that program's list for the next page."
    )
