from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

SurveyKind = Literal["pulse", "close_out"]


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    text: str = Field(min_length=1, max_length=300)
    type: Literal["rating", "text"] = "rating"


class SurveyTemplateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    anonymous: bool = Field(description="Anonymous responses keep no link to the person.")
    questions: list[Question] = Field(min_length=1, max_length=20)

    @field_validator("questions")
    @classmethod
    def _unique_keys(cls, questions: list[Question]) -> list[Question]:
        keys = [question.key for question in questions]
        if len(set(keys)) != len(keys):
            raise ValueError("question keys must be unique")
        return questions


class SurveyTemplate(BaseModel):
    program_id: UUID
    kind: SurveyKind
    anonymous: bool
    questions: list[Question]
    is_default: bool = Field(description="True until an admin sets the program's own template.")


class Survey(BaseModel):
    """A survey the caller is asked to answer."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    match_id: UUID | None
    kind: SurveyKind
    sequence: int = Field(
        description="1, 2, … for scheduled pulses; 0 for the close-out; -1, -2, … for the "
        "program's first, second, … pulse an admin sent on demand."
    )
    anonymous: bool
    questions: list[Question]
    due_at: datetime
    status: Literal["open", "completed"]
    created_at: datetime
    round_id: UUID | None = Field(
        default=None, description="The on-demand round that sent it; null when scheduled."
    )


Answer = Annotated[int, Field(ge=1, le=5)] | Annotated[str, Field(max_length=4000)]


class SurveyAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Answer] = Field(
        max_length=20, description="A rating 1-5 per rating question; text questions optional."
    )


class SurveyResults(BaseModel):
    """Aggregates only; withheld below the minimum group size."""

    program_id: UUID
    kind: SurveyKind
    period: str
    withheld: bool
    responses: int | None
    means: dict[str, float]


class SurveyRoundCreate(BaseModel):
    """A pulse sent now, beside the scheduled ones (program admins)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["pulse"] = Field(
        default="pulse", description="Only pulses are sent on demand; close-outs follow endings."
    )
    match_ids: list[UUID] | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="The cohort: these of the program's active relationships; all when left out.",
    )
    due_in_days: int = Field(default=14, ge=1, le=60, description="Days to answer.")


class SurveyRound(BaseModel):
    """What a round sent: one survey to each person of each relationship asked."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    kind: SurveyKind
    number: int = Field(
        description="The program's first, second, … round (its surveys' -sequence)."
    )
    requested_by: str
    matches: int = Field(description="Relationships asked.")
    surveys: int = Field(description="Surveys sent (two per relationship).")
    due_at: datetime
    created_at: datetime
