from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

Dimension = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class ProgramFeedbackSettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feedback_due_days: int = Field(ge=1, le=60, description="Days after a check-in to answer.")
    rating_dimensions: list[Dimension] = Field(min_length=1, max_length=10)

    @field_validator("rating_dimensions")
    @classmethod
    def _unique(cls, dimensions: list[str]) -> list[str]:
        if len(set(dimensions)) != len(dimensions):
            raise ValueError("dimensions must be unique")
        return dimensions


class ProgramFeedbackSettings(ProgramFeedbackSettingsUpdate):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    name: str


class FeedbackSummary(BaseModel):
    """A month's feedback in a program, as admins see it: aggregates over five raters or more."""

    program_id: UUID
    period: str
    withheld: bool = Field(description="True when fewer than five people gave feedback.")
    raters: int | None
    submissions: int | None
    ratings: dict[str, float] = Field(description="Mean rating per dimension.")
    continue_share: float | None = Field(description="Share of fit checks saying continue.")
    late_share: float | None
