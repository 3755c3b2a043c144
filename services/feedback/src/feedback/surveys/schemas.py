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
    sequence: int = Field(description="1, 2, … for pulses; 0 for the close-out.")
    anonymous: bool
    questions: list[Question]
    due_at: datetime
    status: Literal["open", "completed"]
    created_at: datetime


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
