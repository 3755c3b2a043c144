from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Rating = Annotated[int, Field(ge=1, le=5)]


class FeedbackRequest(BaseModel):
    """What the caller is asked to give feedback on."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    match_id: UUID
    checkin_id: UUID
    about_user_id: str
    dimensions: list[str]
    due_at: datetime
    status: Literal["open", "submitted"]
    created_at: datetime


class SubmissionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ratings: dict[str, Rating] = Field(
        description="A rating 1-5 for every dimension of the request, and no other.",
        max_length=20,
    )
    comment: str | None = Field(default=None, max_length=4000)
    wants_to_continue: bool = Field(description="Would you like to continue with this partner?")


class SubmissionUpdate(SubmissionCreate):
    """The whole submission again: editing is allowed until the request's due date."""


class Submission(BaseModel):
    """The author's own view of what they gave."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    request_id: UUID
    match_id: UUID
    about_user_id: str
    ratings: dict[str, int]
    comment: str | None
    wants_to_continue: bool
    late: bool
    submitted_at: datetime
    updated_at: datetime


class ReceivedFeedback(BaseModel):
    """The recipient's view: ratings and comment; the fit check stays with the program."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    match_id: UUID
    from_user_id: str
    ratings: dict[str, int]
    comment: str | None
    late: bool
    submitted_at: datetime
    created_at: datetime
