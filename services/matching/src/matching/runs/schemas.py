from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from matching.engine.cohort import Reason
from matching.engine.optimal import Objective
from matching.programs.schemas import Mode, Weights, check_weights
from matching.scoring.schemas import PairExplanation

MAX_SEED = 2**31 - 1
"""Seeds fit a GraphQL Int."""


class RunCreate(BaseModel):
    """Settings for this run; anything left out comes from the program's settings."""

    model_config = ConfigDict(extra="forbid")

    mode: Mode | None = None
    objective: Objective | None = None
    weights: Weights | None = None
    mentee_view: Weights | None = None
    mentor_view: Weights | None = None
    minimum_score: float | None = Field(default=None, ge=0, le=100)
    seed: int | None = Field(
        default=None,
        ge=0,
        le=MAX_SEED,
        description="Orders people among equals (ties). Left out: a new run draws one, a "
        "what-if keeps its base run's; the run records it (`settings.seed`) to be replayed.",
    )
    fairness_attributes: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Profile attributes to summarise besides department, seniority band and "
        "enrolment quartile.",
    )

    _weights = field_validator("weights", "mentee_view", "mentor_view")(check_weights)


class RunPair(BaseModel):
    mentee_participant_id: UUID
    mentor_participant_id: UUID
    mentee_user_id: str
    mentor_user_id: str
    score: float


class RunUnmatched(BaseModel):
    mentee_participant_id: UUID
    mentee_user_id: str
    reason: Reason = Field(
        description="no_free_place (no mentor has one), no_feasible_mentor (constraints rule "
        "out every mentor with a free place), outscored (optimal), not_preferred (stable)"
    )
    detail: str = Field(default="", description="The reason in words.")
    feasible_mentors: int = Field(description="Mentors with a free place that fit the mentee.")
    rejections: dict[str, int] = Field(
        default_factory=dict,
        description="no_feasible_mentor: mentors ruled out per constraint (no_capacity: "
        "without a free place).",
    )


class Certificate(BaseModel):
    """The optimal solver's proof: no matching of the cohort scores more than the upper bound."""

    objective_units: int = Field(
        description="The solution's value in score units: its total, plus the bonus per pair."
    )
    upper_bound_units: int = Field(description="No matching of this cohort scores more.")
    gap_units: int
    relative_gap: float = Field(description="The gap over the upper bound (0: optimal).")
    exact: bool = Field(description="The gap is 0: the solution is optimal.")
    pricing_rounds: int
    candidate_arcs: int
    priced_in_arcs: int
    units_per_point: int = Field(description="Score units in one point of a 0..100 score.")
    bonus_units_per_pair: int = Field(
        description="Units added to every pair (max_matched; 0 for max_total)."
    )


class Timings(BaseModel):
    """Seconds each step took; a mode runs only its own steps."""

    tie_order: float | None = Field(default=None, description="Ordering people by the seed.")
    scores: float | None = None
    solve_and_certify: float | None = Field(default=None, description="Optimal mode.")
    solve: float | None = Field(default=None, description="Stable mode.")
    stability_check: float | None = Field(default=None, description="Stable mode.")
    report: float | None = None


class Published(BaseModel):
    proposed: int = Field(description="Pairs proposed as matches.")
    skipped: int = Field(description="Pairs left out: one of them was matched meanwhile.")


class RunReport(BaseModel):
    """What a run found. A computing run has none of it yet, a failed one only `error`; the
    certificate is optimal mode's, the blocking-pair count stable mode's, and `published`
    appears once the run is."""

    error: str | None = Field(default=None, description="Why the run failed.")
    mode: Mode | None = None
    objective: Objective | None = None
    seed: int | None = None
    mentees: int | None = None
    mentors: int | None = None
    matched: int | None = None
    unmatched: int | None = None
    match_rate: float | None = Field(default=None, description="matched / mentees.")
    total_score: float | None = None
    mean_score: float | None = None
    feasible_pairs: int | None = Field(
        default=None,
        description="Mentee-mentor pairs with a free place that pass every constraint.",
    )
    timings_seconds: Timings | None = None
    certificate: Certificate | None = Field(default=None, description="Optimal mode.")
    blocking_pairs: int | None = Field(
        default=None,
        description="Stable mode: pairs who would both rather have each other (0: stable).",
    )
    published: Published | None = None


class FairnessGroup(BaseModel):
    """The mentees sharing one value of an attribute, and how they fared."""

    value: str
    mentees: int
    matched: int
    match_rate: float
    mean_score: float | None = Field(description="Of the matched; null when none is.")


class Run(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    mode: Mode
    status: Literal["computing", "failed", "draft", "published", "discarded"] = Field(
        description="computing (a background run not done yet), failed (`report.error` says "
        "why), draft (ready for review), published or discarded."
    )
    base_run_id: UUID | None
    settings: dict[str, Any]
    report: RunReport = Field(
        description="Counts, scores, timings, and the optimality certificate (optimal) or "
        "the blocking-pair count (stable)."
    )
    fairness: dict[str, list[FairnessGroup]] = Field(
        description="Per attribute (department, seniority band, enrolment quartile and those "
        "the run names), its groups of mentees."
    )
    pairs: list[RunPair]
    unmatched: list[RunUnmatched]
    created_by: str
    created_at: datetime
    published_at: datetime | None


class RunDiff(BaseModel):
    base_run_id: UUID
    changed_mentees: int = Field(description="Mentees whose mentor differs (or who gain/lose one).")
    newly_matched: int
    newly_unmatched: int
    matched_delta: int
    total_score_delta: float
    mean_score_delta: float


class WhatIf(BaseModel):
    run: Run
    diff: RunDiff


class PlaceTaken(BaseModel):
    mentee_participant_id: UUID
    mentee_user_id: str
    score: float


class WhyNot(BaseModel):
    """Why a run did not pair this mentee with this mentor."""

    mentee_participant_id: UUID
    mentor_participant_id: UUID
    paired_in_run: bool = Field(description="The run did pair them.")
    forbidden: bool = Field(description="A hard constraint rules the pair out.")
    explanation: PairExplanation = Field(
        description="The pair's score, each factor's contribution and evidence, and the "
        "constraints that reject it (with today's profiles)."
    )
    mentee_outcome: str = Field(
        description="matched (to another mentor; see mentee_mentor_*) or the unmatched reason."
    )
    mentee_mentor_participant_id: UUID | None = None
    mentee_score: float | None = Field(
        default=None, description="The score of the pair the mentee got in the run."
    )
    mentor_capacity: int = Field(description="How many mentees the mentor takes at once.")
    places_taken_by: list[PlaceTaken] = Field(
        description="Who took the mentor's places in the run, with their scores, best first."
    )
