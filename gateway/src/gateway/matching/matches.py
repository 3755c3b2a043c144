"""Matches, runs and explanations, with their nested fields resolved through per-request
DataLoaders (one batch per kind and nesting level)."""

from datetime import datetime
from typing import Any

import strawberry
from pydantic import BaseModel, ConfigDict, Field
from strawberry.scalars import JSON

from gateway.api import matching as api
from gateway.clients.base import ServiceError
from gateway.context import GatewayInfo
from gateway.derive import build, model_type
from gateway.feedback.loaders import health_by_match
from gateway.feedback.types import RelationshipHealth
from gateway.goals.loaders import goals_by_match, next_checkin_by_match
from gateway.goals.types import Checkin, Goal
from gateway.matching.loaders import pair_explanations, programs_by_id
from gateway.matching.types import (
    SETTING_DOCS,
    FactorContribution,
    FactorWeight,
    MatchStatus,
    PairExplanation,
    Participant,
    Program,
    Recommendation,
    Rejection,
    participant,
    recommendation_limit,
    recommendations_for,
    with_factor_weights,
)
from gateway.resolve import dt, loader, opt_dt

__all__ = [  # the shared types, also importable from here as before
    "FactorContribution",
    "Match",
    "MatchStatus",
    "MatchingRun",
    "PairExplanation",
    "Recommendation",
    "Rejection",
    "RunDiff",
    "WhatIf",
    "participant",
    "recommendation_limit",
    "recommendations_for",
]


class _MatchExplanation(BaseModel):
    """What a match keeps of its score's explanation: a published run's pairs keep the run and
    mode, a request the constraints checked; older matches may lack any part."""

    model_config = ConfigDict(extra="ignore")

    score: float | None = None
    mentor_view: float | None = None
    mentee_view: float | None = None
    contributions: list[dict[str, Any]] = []
    run_id: str | None = None
    mode: str | None = None


_CONTRIBUTION = frozenset({"factor", "weight", "value", "points", "evidence"})


@strawberry.type(description="A match's score explained, as of its proposal.")
class MatchExplanation:
    score: float | None = strawberry.field(description="0..100 compatibility.")
    mentor_view: float | None = strawberry.field(description="0..100, the mentor's side.")
    mentee_view: float | None = strawberry.field(description="0..100, the mentee's side.")
    contributions: list[FactorContribution]
    run_id: strawberry.ID | None = strawberry.field(
        description="The published run that proposed the pair (null for a request)."
    )
    mode: str | None = strawberry.field(description="The run's mode: optimal or stable.")

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "MatchExplanation":
        model = _MatchExplanation.model_validate(data)
        return cls(
            score=model.score,
            mentor_view=model.mentor_view,
            mentee_view=model.mentee_view,
            contributions=[
                FactorContribution(**{k: v for k, v in c.items() if k in _CONTRIBUTION})
                for c in model.contributions
            ],
            run_id=None if model.run_id is None else strawberry.ID(model.run_id),
            mode=model.mode,
        )


@model_type(
    api.Match,
    description="A mentor and a mentee: proposed, then accepted (holding the place), active "
    "from its start date, then completed or ended; a proposal may instead be declined, or "
    "withdrawn by whoever asked for it.",
)
class Match:
    id: strawberry.ID
    program_id: strawberry.ID
    mentor_participant_id: strawberry.ID
    mentee_participant_id: strawberry.ID
    explanation: MatchExplanation = strawberry.field(
        description="The pair's score explained, as proposed."
    )

    @classmethod
    def from_api(cls, data: Any) -> "Match":
        model = api.Match.model_validate(data)
        return build(cls, model, explanation=MatchExplanation.from_api(model.explanation))

    @strawberry.field
    async def mentor(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.mentor_participant_id)

    @strawberry.field
    async def mentee(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.mentee_participant_id)

    @strawberry.field
    async def program(self, info: GatewayInfo) -> Program | None:
        data = await loader(info.context, programs_by_id).load(self.program_id)
        return Program.from_api(data) if data else None

    @strawberry.field(description="The match's goals (first 100), empty if not visible.")
    async def goals(self, info: GatewayInfo) -> list[Goal]:
        items = await loader(info.context, goals_by_match).load(self.id)
        return [Goal.from_api(item) for item in items]

    @strawberry.field(description="The earliest scheduled check-in, if any.")
    async def next_checkin(self, info: GatewayInfo) -> Checkin | None:
        data = await loader(info.context, next_checkin_by_match).load(self.id)
        return Checkin.from_api(data) if data else None

    @strawberry.field(description="Relationship health (program admins), null otherwise.")
    async def health(self, info: GatewayInfo) -> RelationshipHealth | None:
        data = await loader(info.context, health_by_match).load(self.id)
        return RelationshipHealth.from_api(data) if data else None


@strawberry.type(description="A pair a matching run proposes.")
class RunPair:
    run_id: strawberry.Private[str]
    mentor_participant_id: strawberry.ID
    mentee_participant_id: strawberry.ID
    mentor_user_id: str
    mentee_user_id: str
    score: float

    @strawberry.field
    async def mentor(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.mentor_participant_id)

    @strawberry.field
    async def mentee(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.mentee_participant_id)

    @strawberry.field(description="Per-factor reasons for this pair.")
    async def explanation(self, info: GatewayInfo) -> PairExplanation | None:
        key = (self.run_id, str(self.mentee_participant_id))
        data = await loader(info.context, pair_explanations).load(key)
        return PairExplanation.from_api(data) if data else None


@strawberry.type(description="How many mentors a constraint ruled out for a mentee.")
class ConstraintCount:
    constraint: str
    mentors: int


class _RunSettings(api.ProgramSettings):
    """A run's settings: its program's, with what the run overrode."""

    seed: int | None = Field(
        default=None, description="Orders people among equals (ties); replay it with RunInput.seed."
    )
    fairness_attributes: list[str] = Field(
        default_factory=list, description="Profile attributes the fairness summary groups by."
    )


@model_type(_RunSettings, name="RunSettings")
class RunSettings:
    weights: list[FactorWeight] = strawberry.field(description=SETTING_DOCS["weights"])
    mentee_view: list[FactorWeight] = strawberry.field(description=SETTING_DOCS["mentee_view"])
    mentor_view: list[FactorWeight] = strawberry.field(description=SETTING_DOCS["mentor_view"])


def run_settings(data: dict[str, Any]) -> RunSettings:
    return with_factor_weights(RunSettings, _RunSettings.model_validate(data))


@strawberry.type(description="A mentee a run could not match, and why.")
class RunUnmatched:
    mentee_participant_id: strawberry.ID
    mentee_user_id: str
    feasible_mentors: int
    reason: str = strawberry.field(
        description="no_free_place, no_feasible_mentor, outscored (optimal) or not_preferred "
        "(stable)."
    )
    detail: str = strawberry.field(description="The reason in words.")
    rejections: list[ConstraintCount] = strawberry.field(
        description="no_feasible_mentor: mentors ruled out per constraint (no_capacity: "
        "without a free place)."
    )

    @strawberry.field
    async def mentee(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.mentee_participant_id)


@model_type(api.PlaceTaken, description="A mentee who took one of the mentor's places in a run.")
class PlaceTaken:
    @strawberry.field
    async def mentee(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.mentee_participant_id)  # type: ignore[attr-defined]


@model_type(api.WhyNot)
class WhyNot:
    explanation: PairExplanation = strawberry.field(
        description="The pair's score, each factor's contribution and evidence, and the "
        "constraints that reject it (with today's profiles)."
    )

    @classmethod
    def from_api(cls, data: Any) -> "WhyNot":
        model = api.WhyNot.model_validate(data)
        explanation = PairExplanation.from_api(model.explanation.model_dump(mode="json"))
        return build(cls, model, explanation=explanation)


@strawberry.type(description="A whole cohort matched at once, reviewed before it is published.")
class MatchingRun:
    id: strawberry.ID
    program_id: strawberry.ID
    base_run_id: strawberry.ID | None
    mode: str
    status: str = strawberry.field(
        description="computing (a background run), failed (report.error says why), draft, "
        "published or discarded."
    )
    created_by: str
    created_at: datetime
    published_at: datetime | None
    settings: RunSettings = strawberry.field(
        description="The program's settings at the time with what the run overrode, its seed "
        "and the attributes its fairness summary groups by."
    )
    report: JSON
    fairness: JSON = strawberry.field(description="Match rates and scores per attribute group.")
    pairs: list[RunPair]
    unmatched: list[RunUnmatched]

    @strawberry.field(
        description="Why the run did not pair this mentee with this mentor (admins): the pair's "
        "score and explanation, whether a constraint forbids it, what the mentee got, and who "
        "took the mentor's places with what scores. Null when either is not in the program."
    )
    async def why_not(
        self,
        info: GatewayInfo,
        mentee_participant_id: strawberry.ID,
        mentor_participant_id: strawberry.ID,
    ) -> WhyNot | None:
        params = {
            "mentee_participant_id": str(mentee_participant_id),
            "mentor_participant_id": str(mentor_participant_id),
        }
        try:
            found = await info.context.client("matching").get(f"/v1/runs/{self.id}/why-not", params)
        except ServiceError as error:
            if error.status in (404, 422):
                return None
            raise
        return WhyNot.from_api(found)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "MatchingRun":
        run_id = str(data["id"])
        base = data.get("base_run_id")
        return cls(
            id=strawberry.ID(run_id),
            program_id=strawberry.ID(str(data["program_id"])),
            base_run_id=strawberry.ID(str(base)) if base else None,
            mode=data["mode"],
            status=data["status"],
            created_by=data["created_by"],
            created_at=dt(data["created_at"]),
            published_at=opt_dt(data.get("published_at")),
            settings=run_settings(data.get("settings", {})),
            report=data.get("report", {}),
            fairness=data.get("fairness", {}),
            pairs=[
                RunPair(
                    run_id=run_id,
                    mentor_participant_id=strawberry.ID(str(p["mentor_participant_id"])),
                    mentee_participant_id=strawberry.ID(str(p["mentee_participant_id"])),
                    mentor_user_id=p["mentor_user_id"],
                    mentee_user_id=p["mentee_user_id"],
                    score=float(p["score"]),
                )
                for p in data.get("pairs", [])
            ],
            unmatched=[
                RunUnmatched(
                    mentee_participant_id=strawberry.ID(str(u["mentee_participant_id"])),
                    mentee_user_id=u["mentee_user_id"],
                    feasible_mentors=u["feasible_mentors"],
                    reason=u["reason"],
                    detail=u.get("detail", ""),
                    rejections=[
                        ConstraintCount(constraint=name, mentors=count)
                        for name, count in sorted(u.get("rejections", {}).items())
                    ],
                )
                for u in data.get("unmatched", [])
            ],
        )


@strawberry.type(description="How a what-if run differs from the run it varies.")
class RunDiff:
    base_run_id: strawberry.ID
    matched_delta: int
    newly_matched: int
    newly_unmatched: int
    changed_mentees: int
    total_score_delta: float
    mean_score_delta: float


@strawberry.type(description="A draft run with other settings, and how it differs.")
class WhatIf:
    run: MatchingRun
    diff: RunDiff

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "WhatIf":
        diff = dict(data["diff"])
        diff["base_run_id"] = strawberry.ID(str(diff["base_run_id"]))
        return cls(run=MatchingRun.from_api(data["run"]), diff=RunDiff(**diff))
