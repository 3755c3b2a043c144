"""Matching runs: a whole cohort matched at once, its report and fairness summary typed from
the service's run model, and "why not this pair?"."""

from typing import Any

import strawberry
from pydantic import Field

from gateway.api import matching as api
from gateway.clients.base import ServiceError
from gateway.context import GatewayInfo
from gateway.derive import build, graphql_enum, model_type
from gateway.matching.loaders import pair_explanations
from gateway.matching.types import (
    SETTING_DOCS,
    FactorWeight,
    MatchingMode,
    Objective,
    PairExplanation,
    Participant,
    participant,
    with_factor_weights,
)
from gateway.resolve import loader

RunStatus = api.RunStatus
UnmatchedReason = api.RunUnmatchedReason
graphql_enum(RunStatus, "MatchingRunStatus")
graphql_enum(UnmatchedReason, "UnmatchedReason", "Why a run left a mentee unmatched.")


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


@model_type(api.Certificate, name="OptimalityCertificate")
class Certificate:
    pass


@model_type(api.Timings, name="RunTimings")
class Timings:
    pass


@model_type(api.Published, name="RunPublication", description="What publishing the run did.")
class Published:
    pass


@model_type(api.RunReport)
class RunReport:
    mode: MatchingMode | None
    objective: Objective | None


@model_type(api.FairnessGroup)
class FairnessGroup:
    pass


@strawberry.type(description="One attribute's groups of mentees and how each fared.")
class FairnessAttribute:
    attribute: str = strawberry.field(
        description="department, seniority_band, enrolment_quartile, communication_style or a "
        "profile attribute the run named."
    )
    groups: list[FairnessGroup]


@model_type(api.RunUnmatched, description="A mentee a run could not match, and why.")
class RunUnmatched:
    mentee_participant_id: strawberry.ID
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
        return build(cls, model)


@model_type(
    api.Run,
    name="MatchingRun",
    description="A whole cohort matched at once, reviewed before it is published.",
)
class MatchingRun:
    id: strawberry.ID
    mode: MatchingMode
    settings: RunSettings = strawberry.field(
        description="The program's settings at the time with what the run overrode, its seed "
        "and the attributes its fairness summary groups by."
    )
    fairness: list[FairnessAttribute] = strawberry.field(
        description="Match rates and scores per group of mentees, for each attribute the run "
        "summarises."
    )
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
    def from_api(cls, data: Any) -> "MatchingRun":
        model = api.Run.model_validate(data)
        return build(
            cls,
            model,
            settings=with_factor_weights(RunSettings, _RunSettings.model_validate(model.settings)),
            fairness=[
                FairnessAttribute(
                    attribute=attribute, groups=[build(FairnessGroup, group) for group in groups]
                )
                for attribute, groups in model.fairness.items()
            ],
            pairs=[
                RunPair(
                    run_id=str(model.id),
                    mentor_participant_id=strawberry.ID(str(pair.mentor_participant_id)),
                    mentee_participant_id=strawberry.ID(str(pair.mentee_participant_id)),
                    mentor_user_id=pair.mentor_user_id,
                    mentee_user_id=pair.mentee_user_id,
                    score=pair.score,
                )
                for pair in model.pairs
            ],
            unmatched=[_unmatched(item) for item in model.unmatched],
        )


def _unmatched(model: api.RunUnmatched) -> RunUnmatched:
    counts = sorted((model.rejections or {}).items())
    return build(
        RunUnmatched,
        model,
        rejections=[ConstraintCount(constraint=name, mentors=count) for name, count in counts],
    )


@model_type(api.RunDiff, description="How a what-if run differs from the run it varies.")
class RunDiff:
    pass


@model_type(api.WhatIf, description="A draft run with other settings, and how it differs.")
class WhatIf:
    run: MatchingRun
    diff: RunDiff

    @classmethod
    def from_api(cls, data: Any) -> "WhatIf":
        model = api.WhatIf.model_validate(data)
        return build(
            cls, model, run=MatchingRun.from_api(model.run), diff=build(RunDiff, model.diff)
        )
