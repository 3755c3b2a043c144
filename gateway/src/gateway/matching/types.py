"""The matching types that name each other (a program and its circles, a participant and the
mentors recommended to them, a circle and its program): in one module, which the modules of
matches, runs and queries import (never the other way round).

Circles: the service answers with the people's names, so a circle and its members cost nothing
more; their full Participant records (only what the caller may see) come through the
participants loader."""

from typing import Annotated, Any, TypeVar

import strawberry

from gateway.api import matching as api
from gateway.context import GatewayInfo
from gateway.derive import build, graphql_enum, model_type
from gateway.goals.types import Cadence
from gateway.matching.loaders import (
    circles_by_program,
    participants_by_id,
    programs_by_id,
    recommendations_by_participant,
)
from gateway.matching.profile import Profile
from gateway.pagination import MAX_PAGE, Connection, connection, page_query
from gateway.resolve import loader
from kit.errors import UnprocessableError

T = TypeVar("T")
Later = Annotated[T, strawberry.lazy("gateway.matching.types")]
"""A type defined further down this module (derived types resolve their fields early)."""

ProgramFormat = api.ProgramFormat
ParticipantRole = api.ParticipantRole
ProgramStatus = api.ProgramStatus
graphql_enum(ProgramFormat, "ProgramFormat")
graphql_enum(ParticipantRole, "ParticipantRole")
graphql_enum(ProgramStatus, "ProgramStatus")
ParticipantStatus = api.ParticipantStatus
graphql_enum(ParticipantStatus, "ParticipantStatus")
Factor = api.FactorContributionFactor
Approval = api.ProgramSettingsApproval
MatchingMode = api.ProgramSettingsMode
Objective = api.ProgramSettingsObjective
DepartmentPreference = api.ProgramSettingsDepartmentPreference
graphql_enum(Factor, "MatchFactor", "What a compatibility score is made of.")
graphql_enum(Approval, "Approval", "Whose consent a proposed match waits for.")
graphql_enum(MatchingMode, "MatchingMode", "optimal (the best total) or stable (no blocking pair).")
graphql_enum(Objective, "MatchingObjective")
graphql_enum(DepartmentPreference, "DepartmentPreference")


@strawberry.type(description="One factor's weight.")
class FactorWeight:
    factor: Factor
    weight: float


SETTING_DOCS = {
    name: field.description or "" for name, field in api.ProgramSettings.model_fields.items()
}
"""The service's own words for each setting, for the fields the gateway declares itself."""


def factor_weights(weights: dict[Any, float] | None) -> list[FactorWeight]:
    """A mapping of factor to weight as the schema's list, in the factors' order."""
    given = {Factor(key): value for key, value in (weights or {}).items()}
    return [FactorWeight(factor=f, weight=given[f]) for f in Factor if f in given]


@model_type(api.ProgramSettings)
class ProgramSettings:
    weights: list[FactorWeight] = strawberry.field(description=SETTING_DOCS["weights"])
    mentee_view: list[FactorWeight] = strawberry.field(description=SETTING_DOCS["mentee_view"])
    mentor_view: list[FactorWeight] = strawberry.field(description=SETTING_DOCS["mentor_view"])


def with_factor_weights(type_: type[T], model: api.ProgramSettings) -> T:
    """Program or run settings as the schema's type: their three weight maps as lists."""
    return build(
        type_,
        model,
        weights=factor_weights(model.weights),
        mentee_view=factor_weights(model.mentee_view),
        mentor_view=factor_weights(model.mentor_view),
    )


def program_settings(model: api.ProgramSettings) -> ProgramSettings:
    return with_factor_weights(ProgramSettings, model)


@model_type(
    api.GoalTemplate,
    description="A goal every match of the program starts with once accepted.",
)
class GoalTemplate:
    pass


@model_type(api.Program, description="A mentorship program of the caller's organisation.")
class Program:
    id: strawberry.ID
    format: ProgramFormat
    checkin_cadence: Cadence
    settings: ProgramSettings

    @classmethod
    def from_api(cls, data: Any) -> "Program":
        model = api.Program.model_validate(data)
        return build(
            cls,
            model,
            checkin_cadence=Cadence(model.checkin_cadence.value),
            settings=program_settings(model.settings),
        )

    @strawberry.field(
        description="A GROUP program's circles by the mentors' enrolment, "
        f"{MAX_PAGE} a page at most (empty in other formats): admins see all, mentors and "
        "members their own."
    )
    async def circles(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[Later["Circle"]]:
        return await circles_of(info, self, first, after)


@model_type(api.Participant, description="A person enrolled in a program.")
class Participant:
    id: strawberry.ID
    program_id: strawberry.ID
    role: ParticipantRole
    profile: Profile | None

    @classmethod
    def from_api(cls, data: Any) -> "Participant":
        model = api.Participant.model_validate(data)
        return build(cls, model, profile=Profile.from_model(model.profile))

    @strawberry.field
    async def program(self, info: GatewayInfo) -> Program | None:
        data = await loader(info.context, programs_by_id).load(self.program_id)
        return Program.from_api(data) if data else None

    @strawberry.field(
        description="A mentee's suggested mentors with free places, best first, with reasons; "
        "empty for mentors and for mentees whose suggestions are not yours to see. A list of "
        "participants costs one call for all of them."
    )
    async def recommendations(
        self, info: GatewayInfo, limit: int = 5
    ) -> list[Later["Recommendation"]]:
        if self.role != ParticipantRole.MENTEE:
            return []
        return await recommendations_for(info, str(self.id), limit)


MatchStatus = api.MatchStatus
graphql_enum(MatchStatus, "MatchStatus")


async def participant(info: GatewayInfo, id: str) -> Participant | None:
    data = await loader(info.context, participants_by_id).load(id)
    return Participant.from_api(data) if data else None


@model_type(api.FactorContribution, description="One factor's part of a pair's score.")
class FactorContribution:
    pass


@model_type(api.Rejection, description="A hard constraint that rules a pair out.")
class Rejection:
    pass


@model_type(
    api.PairExplanation,
    description="Why a mentor and a mentee score what they score, factor by factor.",
)
class PairExplanation:
    @classmethod
    def from_api(cls, data: Any) -> "PairExplanation":
        return build(cls, api.PairExplanation.model_validate(data))


@model_type(api.Recommendation, description="A mentor suggested for a mentee, with the reasons.")
class Recommendation:
    mentor_participant_id: strawberry.ID

    @classmethod
    def from_api(cls, data: Any) -> "Recommendation":
        return build(cls, api.Recommendation.model_validate(data))

    @strawberry.field
    async def mentor(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.mentor_participant_id)


@model_type(api.CircleMentor, description="The mentor who leads a circle.")
class CircleMentor:
    participant_id: strawberry.ID

    @strawberry.field(description="The mentor's participant record, null if not visible.")
    async def participant(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.participant_id)


@model_type(api.CircleMember)
class CircleMember:
    participant_id: strawberry.ID
    match_status: MatchStatus = strawberry.field(
        description="ACCEPTED (holding the place until startsOn) or ACTIVE."
    )

    @strawberry.field(
        description="The member's participant record: for admins and the member themselves "
        "(other members see the name only)."
    )
    async def participant(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.participant_id)


@model_type(
    api.Circle,
    description="In a GROUP program, a mentor and the mentees whose matches (accepted or active) "
    "hold a place with them. Admins see every circle; mentors and members their own.",
)
class Circle:
    id: strawberry.ID = strawberry.field(description="The mentor's participant id.")
    program_id: strawberry.ID

    @classmethod
    def from_api(cls, data: Any) -> "Circle":
        return build(cls, api.Circle.model_validate(data))

    @strawberry.field
    async def program(self, info: GatewayInfo) -> Program | None:
        data = await loader(info.context, programs_by_id).load(self.program_id)
        return Program.from_api(data) if data else None


async def circles_of(
    info: GatewayInfo, program: Program, first: int, after: str | None
) -> Connection[Circle]:
    """`Program.circles`: a page through the loader (one call for a whole list of programs);
    a program not in the group format has none, and costs no call."""
    page = None
    if program.format is ProgramFormat.GROUP:
        key = (str(program.id), page_query(first, after)["limit"], after or None)
        page = await loader(info.context, circles_by_program).load(key)
    page = page or {"items": []}
    return connection(page, [Circle.from_api(item) for item in page["items"]])


MAX_RECOMMENDATIONS = 50


def recommendation_limit(limit: int) -> int:
    """How many mentors to suggest, as asked: 0, a negative number or too many is refused
    (it was clamped, so `limit: 0` answered one mentor)."""
    if not 1 <= limit <= MAX_RECOMMENDATIONS:
        raise UnprocessableError(
            f"limit is 1..{MAX_RECOMMENDATIONS} mentors, not {limit}.", field="limit"
        )
    return limit


async def recommendations_for(
    info: GatewayInfo, participant_id: str, limit: int
) -> list[Recommendation]:
    recommendation_limit(limit)
    items = await loader(info.context, recommendations_by_participant).load((participant_id, limit))
    return [Recommendation.from_api(item) for item in items]


@model_type(
    api.FactorEffect,
    name="FactorEffect",
    description="How one matching factor relates to relationship health.",
)
class FactorEffect:
    factor: Factor


@model_type(
    api.WeightSuggestion,
    description="What made a program's relationships work, and the weights it suggests (null "
    "when there is too little data or no factor stands out).",
)
class WeightSuggestion:
    effects: list[FactorEffect]
    suggested_weights: list[FactorWeight] | None = strawberry.field(
        description=api.WeightSuggestion.model_fields["suggested_weights"].description
    )

    @classmethod
    def from_api(cls, data: Any) -> "WeightSuggestion":
        model = api.WeightSuggestion.model_validate(data)
        return build(
            cls,
            model,
            effects=[
                build(FactorEffect, effect, factor=Factor(effect.factor.value))
                for effect in model.effects
            ],
            suggested_weights=(
                None if model.suggested_weights is None else factor_weights(model.suggested_weights)
            ),
        )
