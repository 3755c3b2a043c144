import strawberry

from gateway.context import GatewayInfo
from gateway.matching.matches import (
    Match,
    PairExplanation,
    Recommendation,
    recommendation_limit,
    recommendations_for,
)
from gateway.matching.runs import MatchingRun
from gateway.matching.types import Circle, Participant, Program, WeightSuggestion
from gateway.pagination import MAX_PAGE, Connection, connection, page_query
from gateway.permissions import SIGNED_IN
from gateway.resolve import fetch_or_none


@strawberry.type
class MatchingQuery:
    @strawberry.field(
        description="The caller's organisation's programs, oldest first: all for org admins; "
        "for anyone else those open to them (enrolling), theirs and those they administer.",
        permission_classes=SIGNED_IN,
    )
    async def programs(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[Program]:
        page = await info.context.client("matching").get("/v1/programs", page_query(first, after))
        return connection(page, [Program.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="A program, or null if it does not exist for the caller.",
        permission_classes=SIGNED_IN,
    )
    async def program(self, info: GatewayInfo, id: strawberry.ID) -> Program | None:
        data = await fetch_or_none(info.context, "matching", f"/v1/programs/{id}")
        return Program.from_api(data) if data else None

    @strawberry.field(
        description="How each matching factor related to relationship health in a program, "
        "and the weights that follows (program admins), or null.",
        permission_classes=SIGNED_IN,
    )
    async def weight_suggestion(
        self, info: GatewayInfo, program_id: strawberry.ID
    ) -> WeightSuggestion | None:
        path = f"/v1/programs/{program_id}/weight-suggestion"
        data = await fetch_or_none(info.context, "matching", path)
        return WeightSuggestion.from_api(data) if data else None

    @strawberry.field(
        description=f"A program's participants, oldest first ({MAX_PAGE} a page).",
        permission_classes=SIGNED_IN,
    )
    async def participants(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[Participant]:
        page = await info.context.client("matching").get(
            f"/v1/programs/{program_id}/participants", page_query(first, after)
        )
        return connection(page, [Participant.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="A participant, or null if not visible to the caller.",
        permission_classes=SIGNED_IN,
    )
    async def participant(self, info: GatewayInfo, id: strawberry.ID) -> Participant | None:
        data = await fetch_or_none(info.context, "matching", f"/v1/participants/{id}")
        return Participant.from_api(data) if data else None

    @strawberry.field(
        description="Mentors suggested for a mentee, best first, with reasons.",
        permission_classes=SIGNED_IN,
    )
    async def recommendations(
        self, info: GatewayInfo, participant_id: strawberry.ID, limit: int = 5
    ) -> list[Recommendation]:
        return await recommendations_for(info, participant_id, limit)

    @strawberry.field(
        description="Other mentors for a match's mentee (e.g. when at risk).",
        permission_classes=SIGNED_IN,
    )
    async def rematch_suggestions(
        self, info: GatewayInfo, match_id: strawberry.ID, limit: int = 5
    ) -> list[Recommendation]:
        items = await info.context.client("matching").get(
            f"/v1/matches/{match_id}/rematch-suggestions", {"limit": recommendation_limit(limit)}
        )
        return [Recommendation.from_api(item) for item in items]

    @strawberry.field(
        description="How a mentor and a mentee would score (program admins).",
        permission_classes=SIGNED_IN,
    )
    async def pair_score(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        mentor_participant_id: strawberry.ID,
        mentee_participant_id: strawberry.ID,
    ) -> PairExplanation | None:
        params = {
            "mentor_participant_id": mentor_participant_id,
            "mentee_participant_id": mentee_participant_id,
        }
        path = f"/v1/programs/{program_id}/scores"
        data = await fetch_or_none(info.context, "matching", path, params)
        return PairExplanation.from_api(data) if data else None

    @strawberry.field(
        description="A match, or null if not visible to the caller.", permission_classes=SIGNED_IN
    )
    async def match(self, info: GatewayInfo, id: strawberry.ID) -> Match | None:
        data = await fetch_or_none(info.context, "matching", f"/v1/matches/{id}")
        return Match.from_api(data) if data else None

    @strawberry.field(
        description="A program's matches (admins: all; participants: their own).",
        permission_classes=SIGNED_IN,
    )
    async def matches(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[Match]:
        page = await info.context.client("matching").get(
            f"/v1/programs/{program_id}/matches", page_query(first, after)
        )
        return connection(page, [Match.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="A circle of a GROUP program (its id is the mentor's participant id), or "
        "null unless the caller leads it, belongs to it or administers the program.",
        permission_classes=SIGNED_IN,
    )
    async def circle(self, info: GatewayInfo, id: strawberry.ID) -> Circle | None:
        data = await fetch_or_none(info.context, "matching", f"/v1/circles/{id}")
        return Circle.from_api(data) if data else None

    @strawberry.field(
        description="A matching run with its pairs and fairness (program admins).",
        permission_classes=SIGNED_IN,
    )
    async def matching_run(self, info: GatewayInfo, id: strawberry.ID) -> MatchingRun | None:
        data = await fetch_or_none(info.context, "matching", f"/v1/runs/{id}")
        return MatchingRun.from_api(data) if data else None

    @strawberry.field(
        description="A program's matching runs, oldest first (program admins).",
        permission_classes=SIGNED_IN,
    )
    async def matching_runs(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[MatchingRun]:
        page = await info.context.client("matching").get(
            f"/v1/programs/{program_id}/runs", page_query(first, after)
        )
        return connection(page, [MatchingRun.from_api(item) for item in page["items"]])
