from uuid import UUID

from pydantic import BaseModel, Field

from matching.engine.profiles import Factor


class FactorContribution(BaseModel):
    factor: Factor
    weight: float = Field(description="Normalised weight (the weights sum to 1).")
    value: float = Field(description="0..1: how well the pair does on this factor.")
    points: float = Field(description="weight x value x 100; the points sum to the score.")
    evidence: list[str] = Field(
        default_factory=list,
        description="What the pair has in common on this factor: skills (with levels), goal "
        'tags and "goal words", languages.',
    )


class Rejection(BaseModel):
    constraint: str = Field(
        description="self, reporting_line, exclusion, no_shared_language, "
        "below_minimum_score, no_capacity, not_active or wrong_role"
    )
    detail: str


class PairExplanation(BaseModel):
    mentee_participant_id: UUID
    mentor_participant_id: UUID
    score: float = Field(description="0..100 compatibility, the sum of the contributions.")
    contributions: list[FactorContribution]
    mentee_view: float = Field(description="0..100: the pair from the mentee's side.")
    mentor_view: float = Field(description="0..100: the pair from the mentor's side.")
    feasible: bool
    rejected_by: list[Rejection]


class Recommendation(BaseModel):
    mentor_participant_id: UUID
    mentor_user_id: str
    display_name: str
    free_places: int
    explanation: PairExplanation


class MenteeRecommendations(BaseModel):
    participant_id: UUID
    recommendations: list[Recommendation]
