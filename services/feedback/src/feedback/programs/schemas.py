import re
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

DIMENSION_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
_DIMENSION = re.compile(DIMENSION_PATTERN)


def _dimension(value: str) -> str:
    # Checked here rather than by `pattern`: pydantic's message for a pattern is the regular
    # expression itself, which a person typing "Active listening" cannot act on.
    if not _DIMENSION.fullmatch(value):
        raise PydanticCustomError(
            "rating_dimension",
            "'{value}' is not a dimension name: use 1 to 40 lowercase letters, digits or "
            "underscores, starting with a letter (for example 'active_listening').",
            {"value": value},
        )
    return value


Dimension = Annotated[
    str,
    AfterValidator(_dimension),
    Field(json_schema_extra={"pattern": DIMENSION_PATTERN}, examples=["active_listening"]),
]


class ProgramFeedbackSettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feedback_due_days: int = Field(ge=1, le=60, description="Days after a check-in to answer.")
    rating_dimensions: list[Dimension] = Field(min_length=1, max_length=10)

    @field_validator("rating_dimensions")
    @classmethod
    def _unique(cls, dimensions: list[str]) -> list[str]:
        repeated = sorted({name for name in dimensions if dimensions.count(name) > 1})
        if repeated:
            raise PydanticCustomError(
                "rating_dimension_repeated",
                "Each dimension once: {repeated} appears more than once.",
                {"repeated": ", ".join(repeated)},
            )
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
