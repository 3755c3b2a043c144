from datetime import date
from typing import Annotated

import strawberry

from gateway.api import feedback as api
from gateway.context import GatewayInfo
from gateway.feedback.types import (
    FeedbackRequest,
    FeedbackSettings,
    FeedbackSubmission,
    ProgramInsights,
    ProgramOutcomes,
    ReceivedFeedback,
    RelationshipHealth,
    Survey,
    SurveyKind,
    SurveyResults,
)
from gateway.pagination import Connection, connection, page_query
from gateway.permissions import SIGNED_IN
from gateway.resolve import fetch_or_none


@strawberry.type
class FeedbackQuery:
    @strawberry.field(
        description="Feedback the caller is asked to give, oldest first.",
        permission_classes=SIGNED_IN,
    )
    async def feedback_requests(
        self,
        info: GatewayInfo,
        status: api.FeedbackRequestStatus | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[FeedbackRequest]:
        params = page_query(first, after) | ({"status": status.value} if status else {})
        page = await info.context.client("feedback").get("/v1/feedback-requests", params)
        return connection(page, [FeedbackRequest.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="The caller's answer to a request, or null if none yet.",
        permission_classes=SIGNED_IN,
    )
    async def feedback_submission(
        self, info: GatewayInfo, request_id: strawberry.ID
    ) -> FeedbackSubmission | None:
        path = f"/v1/feedback-requests/{request_id}/submission"
        data = await fetch_or_none(info.context, "feedback", path)
        return FeedbackSubmission.from_api(data) if data else None

    @strawberry.field(
        description="Feedback the caller received, oldest first.", permission_classes=SIGNED_IN
    )
    async def received_feedback(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[ReceivedFeedback]:
        page = await info.context.client("feedback").get(
            "/v1/feedback/received", page_query(first, after)
        )
        return connection(page, [ReceivedFeedback.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="Surveys the caller is asked to answer, oldest first.",
        permission_classes=SIGNED_IN,
    )
    async def surveys(
        self,
        info: GatewayInfo,
        status: api.SurveyStatus | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[Survey]:
        params = page_query(first, after) | ({"status": status.value} if status else {})
        page = await info.context.client("feedback").get("/v1/surveys", params)
        return connection(page, [Survey.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="A survey, or null if it does not exist for the caller.",
        permission_classes=SIGNED_IN,
    )
    async def survey(self, info: GatewayInfo, id: strawberry.ID) -> Survey | None:
        data = await fetch_or_none(info.context, "feedback", f"/v1/surveys/{id}")
        return Survey.from_api(data) if data else None

    @strawberry.field(
        description="A relationship's health (program admins), or null.",
        permission_classes=SIGNED_IN,
    )
    async def relationship_health(
        self, info: GatewayInfo, match_id: strawberry.ID
    ) -> RelationshipHealth | None:
        data = await fetch_or_none(info.context, "feedback", f"/v1/matches/{match_id}/health")
        return RelationshipHealth.from_api(data) if data else None

    @strawberry.field(
        description="A program's aggregates per month (program admins), or null.",
        permission_classes=SIGNED_IN,
    )
    async def program_insights(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> ProgramInsights | None:
        params = {k: v.isoformat() for k, v in (("from", from_), ("to", to)) if v is not None}
        path = f"/v1/programs/{program_id}/insights"
        data = await fetch_or_none(info.context, "feedback", path, params)
        return ProgramInsights.from_api(data) if data else None

    @strawberry.field(
        description="A program's outcomes (program admins), or null; `cohort` (YYYY-MM) keeps "
        "the people who enrolled that month.",
        permission_classes=SIGNED_IN,
    )
    async def program_outcomes(
        self, info: GatewayInfo, program_id: strawberry.ID, cohort: str | None = None
    ) -> ProgramOutcomes | None:
        params = {"cohort": cohort} if cohort is not None else {}
        path = f"/v1/programs/{program_id}/outcomes"
        data = await fetch_or_none(info.context, "feedback", path, params)
        return ProgramOutcomes.from_api(data) if data else None

    @strawberry.field(
        description="How a program asks for feedback (program admins), or null.",
        permission_classes=SIGNED_IN,
    )
    async def feedback_settings(
        self, info: GatewayInfo, program_id: strawberry.ID
    ) -> FeedbackSettings | None:
        path = f"/v1/programs/{program_id}/feedback-settings"
        data = await fetch_or_none(info.context, "feedback", path)
        return FeedbackSettings.from_api(data) if data else None

    @strawberry.field(
        description="A program's survey answers, aggregated (program admins).",
        permission_classes=SIGNED_IN,
    )
    async def survey_results(
        self, info: GatewayInfo, program_id: strawberry.ID, kind: SurveyKind, period: str
    ) -> SurveyResults | None:
        path = f"/v1/programs/{program_id}/survey-results"
        params = {"kind": kind.value, "period": period}
        data = await fetch_or_none(info.context, "feedback", path, params)
        return SurveyResults.from_api(data) if data else None
