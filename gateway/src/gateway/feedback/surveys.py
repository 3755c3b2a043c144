"""Survey templates and the feedback summary (program admins)."""

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from gateway.context import GatewayInfo
from gateway.errors import ExpectedError
from gateway.feedback.types import SurveyKind, SurveyQuestion
from gateway.permissions import SIGNED_IN
from gateway.resolve import fetch_or_none, mutate


@strawberry.type(description="The questions a program's pulse or close-out surveys ask.")
class SurveyTemplate:
    program_id: strawberry.ID
    kind: SurveyKind
    anonymous: bool
    is_default: bool
    questions: list[SurveyQuestion]

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "SurveyTemplate":
        return cls(
            program_id=strawberry.ID(str(data["program_id"])),
            kind=SurveyKind(data["kind"]),
            anonymous=data["anonymous"],
            is_default=data["is_default"],
            questions=[
                SurveyQuestion(key=q["key"], text=q["text"], type=q.get("type", "rating"))
                for q in data["questions"]
            ],
        )


@strawberry.type(description="A program's feedback in one period, aggregated (withheld below 5).")
class FeedbackSummary:
    program_id: strawberry.ID
    period: str
    submissions: int | None
    raters: int | None
    ratings: JSON = strawberry.field(description="Dimension to mean rating.")
    continue_share: float | None
    late_share: float | None
    withheld: bool

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "FeedbackSummary":
        return cls(
            program_id=strawberry.ID(str(data["program_id"])),
            period=data["period"],
            submissions=data.get("submissions"),
            raters=data.get("raters"),
            ratings=data.get("ratings", {}),
            continue_share=data.get("continue_share"),
            late_share=data.get("late_share"),
            withheld=data["withheld"],
        )


@strawberry.input
class SurveyQuestionInput:
    key: str
    text: str
    type: str = "rating"


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
