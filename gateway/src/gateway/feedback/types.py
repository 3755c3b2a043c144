from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from gateway.resolve import dt, opt_dt


@strawberry.enum
class SurveyKind(Enum):
    PULSE = "pulse"
    CLOSE_OUT = "close_out"


@strawberry.type(description="A rating on one named dimension.")
class Rating:
    dimension: str
    value: float


def ratings(values: dict[str, Any]) -> list[Rating]:
    return [Rating(dimension=key, value=float(value)) for key, value in sorted(values.items())]


@strawberry.type(
    description="The caller is asked for feedback about their partner after a check-in."
)
class FeedbackRequest:
    id: strawberry.ID
    match_id: strawberry.ID
    program_id: strawberry.ID
    checkin_id: strawberry.ID
    about_user_id: str
    dimensions: list[str]
    status: str
    due_at: datetime
    created_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "FeedbackRequest":
        return cls(
            id=strawberry.ID(str(data["id"])),
            match_id=strawberry.ID(str(data["match_id"])),
            program_id=strawberry.ID(str(data["program_id"])),
            checkin_id=strawberry.ID(str(data["checkin_id"])),
            about_user_id=data["about_user_id"],
            dimensions=list(data["dimensions"]),
            status=data["status"],
            due_at=dt(data["due_at"]),
            created_at=dt(data["created_at"]),
        )


@strawberry.type(description="The caller's answer to a feedback request.")
class FeedbackSubmission:
    id: strawberry.ID
    request_id: strawberry.ID
    match_id: strawberry.ID
    about_user_id: str
    ratings: list[Rating]
    comment: str | None
    wants_to_continue: bool
    late: bool
    submitted_at: datetime
    updated_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "FeedbackSubmission":
        return cls(
            id=strawberry.ID(str(data["id"])),
            request_id=strawberry.ID(str(data["request_id"])),
            match_id=strawberry.ID(str(data["match_id"])),
            about_user_id=data["about_user_id"],
            ratings=ratings(data["ratings"]),
            comment=data.get("comment"),
            wants_to_continue=data["wants_to_continue"],
            late=data["late"],
            submitted_at=dt(data["submitted_at"]),
            updated_at=dt(data["updated_at"]),
        )


@strawberry.type(description="Feedback someone gave the caller (only its recipient sees it).")
class ReceivedFeedback:
    id: strawberry.ID
    match_id: strawberry.ID
    from_user_id: str
    ratings: list[Rating]
    comment: str | None
    late: bool
    submitted_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "ReceivedFeedback":
        return cls(
            id=strawberry.ID(str(data["id"])),
            match_id=strawberry.ID(str(data["match_id"])),
            from_user_id=data["from_user_id"],
            ratings=ratings(data["ratings"]),
            comment=data.get("comment"),
            late=data["late"],
            submitted_at=dt(data["submitted_at"]),
        )


@strawberry.type
class SurveyQuestion:
    key: str
    text: str
    type: str


@strawberry.type(description="A pulse or close-out survey the caller is asked to answer.")
class Survey:
    id: strawberry.ID
    program_id: strawberry.ID
    match_id: strawberry.ID | None
    kind: SurveyKind
    sequence: int
    anonymous: bool
    questions: list[SurveyQuestion]
    status: str
    due_at: datetime
    created_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Survey":
        match_id = data.get("match_id")
        return cls(
            id=strawberry.ID(str(data["id"])),
            program_id=strawberry.ID(str(data["program_id"])),
            match_id=strawberry.ID(str(match_id)) if match_id else None,
            kind=SurveyKind(data["kind"]),
            sequence=data["sequence"],
            anonymous=data["anonymous"],
            questions=[
                SurveyQuestion(key=q["key"], text=q["text"], type=q.get("type", "rating"))
                for q in data["questions"]
            ],
            status=data["status"],
            due_at=dt(data["due_at"]),
            created_at=dt(data["created_at"]),
        )


@strawberry.type(description="One signal's part of a relationship's health score.")
class HealthSignal:
    name: str
    weight: float
    value: float
    contribution: float
    detail: str


@strawberry.type(description="How a relationship is going (program admins).")
class RelationshipHealth:
    match_id: strawberry.ID
    program_id: strawberry.ID
    status: str
    score: float | None
    at_risk: bool
    signals: list[HealthSignal]
    computed_at: datetime | None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "RelationshipHealth":
        return cls(
            match_id=strawberry.ID(str(data["match_id"])),
            program_id=strawberry.ID(str(data["program_id"])),
            status=data["status"],
            score=data.get("score"),
            at_risk=data["at_risk"],
            signals=[
                HealthSignal(
                    name=s["name"],
                    weight=s["weight"],
                    value=s["value"],
                    contribution=s["contribution"],
                    detail=s["detail"],
                )
                for s in data["signals"]
            ],
            computed_at=opt_dt(data.get("computed_at")),
        )


@strawberry.type(description="An aggregate; withheld (null) below the minimum group size.")
class InsightMetric:
    name: str
    value: float | None
    population: int | None
    withheld: bool


@strawberry.type
class InsightPeriod:
    period: str
    metrics: list[InsightMetric]


@strawberry.type(description="A program's aggregates per period (never below the group size).")
class ProgramInsights:
    program_id: strawberry.ID
    min_group_size: int
    periods: list[InsightPeriod]

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "ProgramInsights":
        return cls(
            program_id=strawberry.ID(str(data["program_id"])),
            min_group_size=data["min_group_size"],
            periods=[
                InsightPeriod(
                    period=p["period"],
                    metrics=[
                        InsightMetric(
                            name=m["name"],
                            value=m.get("value"),
                            population=m.get("population"),
                            withheld=m["withheld"],
                        )
                        for m in p["metrics"]
                    ],
                )
                for p in data["periods"]
            ],
        )


@strawberry.type(description="How a program asks for feedback.")
class FeedbackSettings:
    program_id: strawberry.ID
    name: str
    rating_dimensions: list[str]
    feedback_due_days: int

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "FeedbackSettings":
        return cls(
            program_id=strawberry.ID(str(data["id"])),
            name=data["name"],
            rating_dimensions=list(data["rating_dimensions"]),
            feedback_due_days=data["feedback_due_days"],
        )


@strawberry.type(description="A program's survey answers, aggregated (withheld below the size).")
class SurveyResults:
    program_id: strawberry.ID
    kind: SurveyKind
    period: str
    responses: int | None
    means: JSON
    withheld: bool

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "SurveyResults":
        return cls(
            program_id=strawberry.ID(str(data["program_id"])),
            kind=SurveyKind(data["kind"]),
            period=data["period"],
            responses=data.get("responses"),
            means=data["means"],
            withheld=data["withheld"],
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
