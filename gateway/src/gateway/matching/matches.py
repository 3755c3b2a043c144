"""Matches and their explanations, with their nested fields resolved through per-request
DataLoaders (one batch per kind and nesting level)."""

from typing import Any

import strawberry
from pydantic import BaseModel, ConfigDict

from gateway.api import matching as api
from gateway.context import GatewayInfo
from gateway.derive import build, model_type
from gateway.feedback.loaders import health_by_match
from gateway.feedback.types import RelationshipHealth
from gateway.goals.loaders import goals_by_match, next_checkin_by_match
from gateway.goals.types import Checkin, Goal
from gateway.matching.loaders import programs_by_id
from gateway.matching.types import (
    FactorContribution,
    MatchingMode,
    MatchStatus,
    PairExplanation,
    Participant,
    Program,
    Recommendation,
    Rejection,
    participant,
    recommendation_limit,
    recommendations_for,
)
from gateway.resolve import loader

__all__ = [  # the shared types, also importable from here as before
    "FactorContribution",
    "Match",
    "MatchStatus",
    "PairExplanation",
    "Recommendation",
    "Rejection",
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
    contributions: list[api.FactorContribution] = []
    run_id: str | None = None
    mode: MatchingMode | None = None


@strawberry.type(description="A match's score explained, as of its proposal.")
class MatchExplanation:
    score: float | None = strawberry.field(description="0..100 compatibility.")
    mentor_view: float | None = strawberry.field(description="0..100, the mentor's side.")
    mentee_view: float | None = strawberry.field(description="0..100, the mentee's side.")
    contributions: list[FactorContribution]
    run_id: strawberry.ID | None = strawberry.field(
        description="The published run that proposed the pair (null for a request)."
    )
    mode: MatchingMode | None = strawberry.field(description="The run's mode.")

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "MatchExplanation":
        model = _MatchExplanation.model_validate(data)
        return cls(
            score=model.score,
            mentor_view=model.mentor_view,
            mentee_view=model.mentee_view,
            contributions=[build(FactorContribution, c) for c in model.contributions],
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
