from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from gateway.context import GatewayInfo
from gateway.errors import ExpectedError
from gateway.feedback.types import FeedbackInput, FeedbackSettings, FeedbackSubmission, Survey
from gateway.permissions import SIGNED_IN
from gateway.resolve import mutate

SubmissionResult = Annotated[
    FeedbackSubmission | ExpectedError, strawberry.union("FeedbackSubmissionResult")
]
SurveyResult = Annotated[Survey | ExpectedError, strawberry.union("SurveyResult")]
SettingsResult = Annotated[
    FeedbackSettings | ExpectedError, strawberry.union("FeedbackSettingsResult")
]


def _body(input: FeedbackInput) -> dict[str, object]:
    return {
        "ratings": {rating.dimension: rating.value for rating in input.ratings},
        "wants_to_continue": input.wants_to_continue,
        "comment": input.comment,
    }


@strawberry.type
class FeedbackMutation:
    @strawberry.mutation(
        description="Answer a feedback request (once; then update it).",
        permission_classes=SIGNED_IN,
    )
    async def submit_feedback(
        self, info: GatewayInfo, request_id: strawberry.ID, input: FeedbackInput
    ) -> SubmissionResult:
        call = info.context.client("feedback").post(
            f"/v1/feedback-requests/{request_id}/submission", _body(input)
        )
        return await mutate(call, FeedbackSubmission.from_api)

    @strawberry.mutation(
        description="Change a submitted answer while the request allows it.",
        permission_classes=SIGNED_IN,
    )
    async def update_feedback(
        self, info: GatewayInfo, request_id: strawberry.ID, input: FeedbackInput
    ) -> SubmissionResult:
        call = info.context.client("feedback").put(
            f"/v1/feedback-requests/{request_id}/submission", _body(input)
        )
        return await mutate(call, FeedbackSubmission.from_api)

    @strawberry.mutation(
        description="Answer a survey: question key to a rating or a text.",
        permission_classes=SIGNED_IN,
    )
    async def respond_to_survey(
        self, info: GatewayInfo, id: strawberry.ID, answers: JSON
    ) -> SurveyResult:
        call = info.context.client("feedback").post(
            f"/v1/surveys/{id}/response", {"answers": answers}
        )
        return await mutate(call, Survey.from_api)

    @strawberry.mutation(
        description="Set a program's rating dimensions and due days (admins).",
        permission_classes=SIGNED_IN,
    )
    async def update_feedback_settings(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        rating_dimensions: list[str],
        feedback_due_days: int,
    ) -> SettingsResult:
        body = {"rating_dimensions": rating_dimensions, "feedback_due_days": feedback_due_days}
        call = info.context.client("feedback").put(
            f"/v1/programs/{program_id}/feedback-settings", body
        )
        return await mutate(call, FeedbackSettings.from_api)
