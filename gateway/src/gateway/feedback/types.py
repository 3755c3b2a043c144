from datetime import datetime
from typing import Any

import strawberry

from gateway.api import feedback as api
from gateway.derive import build, graphql_enum, model_type

SurveyKind = api.SurveyKind
graphql_enum(SurveyKind, "SurveyKind")
graphql_enum(api.SurveyStatus, "SurveyStatus")
graphql_enum(api.FeedbackRequestStatus, "FeedbackRequestStatus")
graphql_enum(api.QuestionType, "QuestionType")
graphql_enum(api.OutcomeComparisonVerdict, "OutcomeVerdict")
graphql_enum(api.RelationshipHealthStatus, "RelationshipStatus", "A relationship's status.")


@strawberry.type(description="A rating on one named dimension.")
class Rating:
    dimension: str
    value: float


def ratings(values: dict[str, Any]) -> list[Rating]:
    return [Rating(dimension=key, value=float(value)) for key, value in sorted(values.items())]


@strawberry.type(description="The mean answer to one survey question.")
class QuestionMean:
    key: str
    mean: float


@model_type(
    api.FeedbackRequest,
    description="The caller is asked for feedback about their partner after a check-in.",
)
class FeedbackRequest:
    # The fields the viewer's to-do list reads, declared for mypy (derived ones it cannot see).
    id: strawberry.ID
    program_id: strawberry.ID
    match_id: strawberry.ID
    about_user_id: str
    due_at: datetime

    @classmethod
    def from_api(cls, data: Any) -> "FeedbackRequest":
        return build(cls, api.FeedbackRequest.model_validate(data))


@model_type(
    api.Submission,
    name="FeedbackSubmission",
    description="The caller's answer to a feedback request.",
)
class FeedbackSubmission:
    ratings: list[Rating]

    @classmethod
    def from_api(cls, data: Any) -> "FeedbackSubmission":
        model = api.Submission.model_validate(data)
        return build(cls, model, ratings=ratings(model.ratings))


@model_type(
    api.ReceivedFeedback,
    description="Feedback someone gave the caller (only its recipient sees it).",
)
class ReceivedFeedback:
    ratings: list[Rating]

    @classmethod
    def from_api(cls, data: Any) -> "ReceivedFeedback":
        model = api.ReceivedFeedback.model_validate(data)
        return build(cls, model, ratings=ratings(model.ratings))


@model_type(api.Question, name="SurveyQuestion")
class SurveyQuestion:
    pass


@model_type(api.Survey, description="A pulse or close-out survey the caller is asked to answer.")
class Survey:
    # The fields the viewer's to-do list reads, declared for mypy (derived ones it cannot see).
    id: strawberry.ID
    program_id: strawberry.ID
    match_id: strawberry.ID | None
    due_at: datetime

    @classmethod
    def from_api(cls, data: Any) -> "Survey":
        return build(cls, api.Survey.model_validate(data))


@model_type(
    api.SignalView,
    name="HealthSignal",
    description="One signal's part of a relationship's health score.",
)
class HealthSignal:
    pass


@model_type(api.RelationshipHealth, description="How a relationship is going (program admins).")
class RelationshipHealth:
    @classmethod
    def from_api(cls, data: Any) -> "RelationshipHealth":
        return build(cls, api.RelationshipHealth.model_validate(data))


@model_type(
    api.MetricValue,
    name="InsightMetric",
    description="An aggregate; withheld (null) below the minimum group size.",
)
class InsightMetric:
    pass


@model_type(api.PeriodInsights, name="InsightPeriod")
class InsightPeriod:
    pass


@model_type(
    api.ProgramInsights,
    description="A program's aggregates per period (never below the group size).",
)
class ProgramInsights:
    @classmethod
    def from_api(cls, data: Any) -> "ProgramInsights":
        return build(cls, api.ProgramInsights.model_validate(data))


@model_type(
    api.OutcomeComparison,
    description="Participants against non-participants of the same department and seniority "
    "band; withheld (null) below the minimum group size on either side.",
)
class OutcomeComparison:
    pass


@model_type(
    api.OutcomeMeasure, description="An outcome aggregate; withheld (null) below the group size."
)
class OutcomeMeasure:
    pass


@model_type(
    api.SkillGrowth,
    description="Self-assessed level of one skill before and at close-out; withheld (null) "
    "below the minimum group size.",
)
class SkillGrowth:
    pass


@model_type(
    api.OutcomesReport,
    name="ProgramOutcomes",
    description="What a program changed: stratified comparisons with 95 % intervals, goal "
    "attainment and satisfaction (docs/outcomes.md says how, and what it cannot say).",
)
class ProgramOutcomes:
    @classmethod
    def from_api(cls, data: Any) -> "ProgramOutcomes":
        return build(cls, api.OutcomesReport.model_validate(data))


@model_type(
    api.ProgramFeedbackSettings,
    name="FeedbackSettings",
    description="How a program asks for feedback.",
    exclude=("id",),
)
class FeedbackSettings:
    program_id: strawberry.ID

    @classmethod
    def from_api(cls, data: Any) -> "FeedbackSettings":
        model = api.ProgramFeedbackSettings.model_validate(data)
        return build(cls, model, program_id=strawberry.ID(str(model.id)))


@model_type(
    api.SurveyResults,
    description="A program's survey answers, aggregated (withheld below the size).",
)
class SurveyResults:
    kind: SurveyKind
    means: list[QuestionMean] = strawberry.field(
        description="The mean rating per rating question (empty when withheld)."
    )

    @classmethod
    def from_api(cls, data: Any) -> "SurveyResults":
        model = api.SurveyResults.model_validate(data)
        return build(
            cls,
            model,
            kind=SurveyKind(model.kind.value),
            means=[QuestionMean(key=k, mean=v) for k, v in sorted(model.means.items())],
        )


@strawberry.input
class RatingInput:
    dimension: str
    value: int


@strawberry.input
class FeedbackInput:
    ratings: list[RatingInput]
    wants_to_continue: bool
    comment: str | None = None


@strawberry.input(
    description="One survey answer: a rating 1..5 for a rating question, or a text for a text "
    "question (exactly one of them)."
)
class SurveyAnswerInput:
    question: str = strawberry.field(description="The question's key.")
    rating: int | None = None
    text: str | None = None
