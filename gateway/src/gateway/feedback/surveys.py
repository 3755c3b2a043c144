"""Survey templates and the feedback summary (program admins)."""

from typing import Annotated, Any

import strawberry

from gateway.api import feedback as api
from gateway.context import GatewayInfo
from gateway.derive import build, model_type
from gateway.errors import ExpectedError
from gateway.feedback.types import Rating, SurveyKind, ratings
from gateway.permissions import SIGNED_IN
from gateway.resolve import fetch_or_none, mutate


@model_type(
    api.SurveyTemplate,
    description="The questions a program's pulse or close-out surveys ask.",
)
class SurveyTemplate:
    kind: SurveyKind

    @classmethod
    def from_api(cls, data: Any) -> "SurveyTemplate":
        model = api.SurveyTemplate.model_validate(data)
        return build(cls, model, kind=SurveyKind(model.kind.value))


@model_type(
    api.FeedbackSummary,
    description="A program's feedback in one period, aggregated (withheld below 5).",
)
class FeedbackSummary:
    ratings: list[Rating] = strawberry.field(description="The mean rating per dimension.")

    @classmethod
    def from_api(cls, data: Any) -> "FeedbackSummary":
        model = api.FeedbackSummary.model_validate(data)
        return build(cls, model, ratings=ratings(model.ratings))


@strawberry.input
class SurveyQuestionInput:
    key: str
    text: str
    type: api.QuestionType = api.QuestionType.RATING


TemplateResult = Annotated[SurveyTemplate | ExpectedError, strawberry.union("SurveyTemplateResult")]


@strawberry.type
class SurveysQuery:
    @strawberry.field(
        description="A program's survey template (program admins), or null.",
        permission_classes=SIGNED_IN,
    )
    async def survey_template(
        self, info: GatewayInfo, program_id: strawberry.ID, kind: SurveyKind
    ) -> SurveyTemplate | None:
        path = f"/v1/programs/{program_id}/survey-templates/{kind.value}"
        data = await fetch_or_none(info.context, "feedback", path)
        return SurveyTemplate.from_api(data) if data else None

    @strawberry.field(
        description="A program's feedback in a month, YYYY-MM (program admins).",
        permission_classes=SIGNED_IN,
    )
    async def feedback_summary(
        self, info: GatewayInfo, program_id: strawberry.ID, period: str
    ) -> FeedbackSummary | None:
        path = f"/v1/programs/{program_id}/feedback-summary"
        data = await fetch_or_none(info.context, "feedback", path, {"period": period})
        return FeedbackSummary.from_api(data) if data else None


@strawberry.type
class SurveysMutation:
    @strawberry.mutation(
        description="Set a program's survey questions (program admins).",
        permission_classes=SIGNED_IN,
    )
    async def update_survey_template(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        kind: SurveyKind,
        anonymous: bool,
        questions: list[SurveyQuestionInput],
    ) -> TemplateResult:
        body = {"anonymous": anonymous, "questions": [vars(q) for q in questions]}
        call = info.context.client("feedback").put(
            f"/v1/programs/{program_id}/survey-templates/{kind.value}", body
        )
        return await mutate(call, SurveyTemplate.from_api)
