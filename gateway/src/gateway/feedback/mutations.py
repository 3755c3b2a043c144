from typing import Annotated, Any

import strawberry

from gateway.api import feedback as api
from gateway.context import GatewayInfo
from gateway.derive import build, model_type
from gateway.errors import ExpectedError, FieldError, ValidationFailed
from gateway.feedback.types import (
    FeedbackInput,
    FeedbackSettings,
    FeedbackSubmission,
    Survey,
    SurveyAnswerInput,
    SurveyKind,
)
from gateway.permissions import SIGNED_IN
from gateway.resolve import mutate

SubmissionResult = Annotated[
    FeedbackSubmission | ExpectedError, strawberry.union("FeedbackSubmissionResult")
]
SurveyResult = Annotated[Survey | ExpectedError, strawberry.union("SurveyResult")]


@model_type(api.SurveyRound, description="A pulse an admin sent now, beside the scheduled ones.")
class SurveyRound:
    kind: SurveyKind

    @classmethod
    def from_api(cls, data: Any) -> "SurveyRound":
        model = api.SurveyRound.model_validate(data)
        return build(cls, model, kind=SurveyKind(model.kind.value))


SurveyRoundResult = Annotated[SurveyRound | ExpectedError, strawberry.union("SurveyRoundResult")]
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
        description="Answer a survey: a rating for every rating question, a text for the text "
        "questions you answer.",
        permission_classes=SIGNED_IN,
    )
    async def respond_to_survey(
        self, info: GatewayInfo, id: strawberry.ID, answers: list[SurveyAnswerInput]
    ) -> SurveyResult:
        unclear = [
            FieldError(
                field=f"answers.{position}",
                message="Give a rating or a text: one of them.",
                code="one-of",
            )
            for position, answer in enumerate(answers)
            if (answer.rating is None) == (answer.text is None)
        ]
        if unclear:
            return ValidationFailed(message="Each answer is a rating or a text.", fields=unclear)
        body = {
            answer.question: answer.rating if answer.rating is not None else answer.text
            for answer in answers
        }
        call = info.context.client("feedback").post(f"/v1/surveys/{id}/response", {"answers": body})
        return await mutate(call, Survey.from_api)

    @strawberry.mutation(
        description="Send the program's pulse survey now (program admins): to every active "
        "relationship, or to the matches named; each person is asked once per round, and a "
        "retry with the same idempotencyKey sends nothing again. Conflict when none is active.",
        permission_classes=SIGNED_IN,
    )
    async def send_survey(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        match_ids: list[strawberry.ID] | None = None,
        due_in_days: int = 14,
        idempotency_key: str | None = None,
    ) -> SurveyRoundResult:
        body: dict[str, Any] = {"due_in_days": due_in_days}
        if match_ids is not None:
            body["match_ids"] = [str(match_id) for match_id in match_ids]
        call = info.context.client("feedback").post(
            f"/v1/programs/{program_id}/survey-rounds", body, idempotency_key=idempotency_key
        )
        return await mutate(call, SurveyRound.from_api)

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
