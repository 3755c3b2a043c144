"""Events the feedback service publishes on `mentorship.feedback.events`.

No event carries a comment or an individual rating: those stay visible to their recipient only.
"""

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from contracts.base import EventPayload, PersonErased


class FeedbackRequestedV1(EventPayload):
    """A participant was asked for feedback on the other after a check-in."""

    event_type: ClassVar[str] = "mentorship.feedback.feedback.requested.v1"

    request_id: UUID
    checkin_id: UUID
    match_id: UUID
    program_id: UUID
    from_user_id: str = Field(description="Who is asked to give the feedback.")
    about_user_id: str
    due_at: datetime


class FeedbackSubmittedV1(EventPayload):
    """Feedback was submitted (late ones too, flagged)."""

    event_type: ClassVar[str] = "mentorship.feedback.feedback.submitted.v1"

    request_id: UUID
    match_id: UUID
    program_id: UUID
    from_user_id: str
    about_user_id: str
    late: bool = False


SurveyKind = Literal["pulse", "close_out"]


class SurveyRequestedV1(EventPayload):
    """A person was asked to answer a survey."""

    event_type: ClassVar[str] = "mentorship.feedback.survey.requested.v1"

    survey_id: UUID
    program_id: UUID
    match_id: UUID | None = None
    user_id: str
    kind: SurveyKind
    anonymous: bool = False
    due_at: datetime | None = None


class SurveyCompletedV1(EventPayload):
    """A survey was answered; anonymous ones name nobody."""

    event_type: ClassVar[str] = "mentorship.feedback.survey.completed.v1"

    survey_id: UUID
    program_id: UUID
    match_id: UUID | None = None
    kind: SurveyKind
    anonymous: bool = False
    user_id: str | None = None


class RelationshipHealthChangedV1(EventPayload):
    """A match's health crossed the at-risk threshold (either way), with the signals behind it."""

    event_type: ClassVar[str] = "mentorship.feedback.relationship.health_changed.v1"

    match_id: UUID
    program_id: UUID
    mentor_user_id: str
    mentee_user_id: str
    score: float = Field(ge=0, le=100)
    previous_score: float | None = None
    at_risk: bool
    signals: dict[str, float] = Field(
        default_factory=dict, description="Each named signal's contribution to the score."
    )


class PopulationImportedV1(EventPayload):
    """An org admin imported (part of) the organisation's population for the outcomes report.

    Counts only: the HR records themselves never leave the feedback service.
    """

    event_type: ClassVar[str] = "mentorship.feedback.population.imported.v1"

    imported_by: str
    rows: int
    created: int
    updated: int
    skipped: int


class FeedbackPersonErasedV1(PersonErased):
    """Feedback has erased or anonymised everything it held about a person."""

    event_type: ClassVar[str] = "mentorship.feedback.person.erased.v1"
