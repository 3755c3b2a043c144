"""The feedback service's API models, generated from services/feedback/openapi.json by `mentorship generate`; do not edit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints
from typing_extensions import TypeAliasType


class AuditEntryActorKind(StrEnum):
    """
    `user`: a person's token; `scim`: the organisation's identity provider; `system`: the platform itself (a scheduled job).
    """

    USER = "user"
    SCIM = "scim"
    SYSTEM = "system"


class AuditEntry(BaseModel):
    """
    One admin action: who, when, what, and the state before and after where it applies.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    action: Annotated[
        str, Field(description="Dotted, object first: `program.settings_changed`.", title="Action")
    ]
    actor_id: Annotated[
        str,
        Field(
            description="The acting user's id (a pseudonym once they are erased).", title="Actor Id"
        ),
    ]
    actor_kind: Annotated[
        AuditEntryActorKind,
        Field(
            description="`user`: a person's token; `scim`: the organisation's identity provider; `system`: the platform itself (a scheduled job).",
            title="Actor Kind",
        ),
    ]
    after: Annotated[
        dict[str, Any] | None,
        Field(
            description="The changed fields after the action; null for a deletion.", title="After"
        ),
    ] = None
    at: Annotated[datetime, Field(title="At")]
    before: Annotated[
        dict[str, Any] | None,
        Field(
            description="The changed fields before the action; null for a creation.", title="Before"
        ),
    ] = None
    id: Annotated[UUID, Field(title="Id")]
    request_id: Annotated[
        str | None,
        Field(description="The request's trace id, which its logs carry too.", title="Request Id"),
    ] = None
    target_id: Annotated[str, Field(title="Target Id")]
    target_type: Annotated[str, Field(title="Target Type")]


class FeedbackRequestStatus(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"


class FeedbackRequest(BaseModel):
    """
    What the caller is asked to give feedback on.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    about_user_id: Annotated[str, Field(title="About User Id")]
    checkin_id: Annotated[UUID, Field(title="Checkin Id")]
    created_at: Annotated[datetime, Field(title="Created At")]
    dimensions: Annotated[list[str], Field(title="Dimensions")]
    due_at: Annotated[datetime, Field(title="Due At")]
    id: Annotated[UUID, Field(title="Id")]
    match_id: Annotated[UUID, Field(title="Match Id")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    status: Annotated[FeedbackRequestStatus, Field(title="Status")]


class FeedbackSummary(BaseModel):
    """
    A month's feedback in a program, as admins see it: aggregates over five raters or more.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    continue_share: Annotated[
        float | None,
        Field(description="Share of fit checks saying continue.", title="Continue Share"),
    ]
    late_share: Annotated[float | None, Field(title="Late Share")]
    period: Annotated[str, Field(title="Period")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    raters: Annotated[int | None, Field(title="Raters")]
    ratings: Annotated[
        dict[str, float], Field(description="Mean rating per dimension.", title="Ratings")
    ]
    submissions: Annotated[int | None, Field(title="Submissions")]
    withheld: Annotated[
        bool, Field(description="True when fewer than five people gave feedback.", title="Withheld")
    ]


class FeedbackTables(BaseModel):
    """
    Feedback's rows naming the person, one list per table, each row with all its columns.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    enrolments: Annotated[
        list[dict[str, Any]],
        Field(description="Their enrolments as feedback keeps them.", title="Enrolments"),
    ]
    feedback_requests: Annotated[
        list[dict[str, Any]],
        Field(description="Feedback asked of them, or about them.", title="Feedback Requests"),
    ]
    feedback_submissions: Annotated[
        list[dict[str, Any]],
        Field(
            description="Feedback they gave (ratings and comment) and feedback about them.",
            title="Feedback Submissions",
        ),
    ]
    idempotency_keys: Annotated[
        list[dict[str, Any]],
        Field(
            description="Keys of their recent retried requests (the cached responses are left out).",
            title="Idempotency Keys",
        ),
    ]
    matches: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their relationships with their health score, signals and at-risk flag.",
            title="Matches",
        ),
    ]
    population_members: Annotated[
        list[dict[str, Any]],
        Field(
            description="What HR exported about them for the outcomes report (by their HR id).",
            title="Population Members",
        ),
    ]
    programs: Annotated[
        list[dict[str, Any]],
        Field(
            description="Programs the person administers (as matching announced them).",
            title="Programs",
        ),
    ]
    survey_responses: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their named survey answers (anonymous ones name nobody, so are not found).",
            title="Survey Responses",
        ),
    ]
    survey_rounds: Annotated[
        list[dict[str, Any]],
        Field(description="Survey rounds they sent as an admin.", title="Survey Rounds"),
    ]
    surveys: Annotated[
        list[dict[str, Any]],
        Field(description="Surveys sent to them and whether they answered.", title="Surveys"),
    ]


class ImportError(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    column: Annotated[str, Field(title="Column")]
    message: Annotated[str, Field(title="Message")]
    row: Annotated[int, Field(description="1-based data row (the header is row 0).", title="Row")]


class MetricValue(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    name: Annotated[str, Field(title="Name")]
    population: Annotated[
        int | None,
        Field(description="People it is computed over; null when withheld.", title="Population"),
    ]
    value: Annotated[float | None, Field(description="Null when withheld.", title="Value")]
    withheld: Annotated[
        bool, Field(description="True when fewer than the minimum group size.", title="Withheld")
    ]


class OutcomeComparisonVerdict(StrEnum):
    """
    How participants compare once the groups' mix is accounted for: `not_distinguishable` when the 95 % interval contains zero; `withheld` below the minimum group size on either side; `not_yet_observable` before the horizon.
    """

    HIGHER = "higher"
    LOWER = "lower"
    NOT_DISTINGUISHABLE = "not_distinguishable"
    WITHHELD = "withheld"
    NOT_YET_OBSERVABLE = "not_yet_observable"


class OutcomeComparison(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    ci_high: Annotated[
        float | None,
        Field(description="Upper bound of the 95 % confidence interval.", title="Ci High"),
    ]
    ci_low: Annotated[
        float | None,
        Field(description="Lower bound of the 95 % confidence interval.", title="Ci Low"),
    ]
    comparison: Annotated[
        int | None, Field(description="Comparison people; null when withheld.", title="Comparison")
    ]
    comparison_rate: Annotated[
        float | None,
        Field(description="Crude rate of the comparison group.", title="Comparison Rate"),
    ]
    difference: Annotated[
        float | None,
        Field(
            description="Participants minus comparison, stratified by department and seniority band (Mantel-Haenszel risk difference).",
            title="Difference",
        ),
    ]
    name: Annotated[
        str,
        Field(
            description="retention_6m, retention_12m, promotion_12m, internal_move_12m",
            title="Name",
        ),
    ]
    participant_rate: Annotated[float | None, Field(title="Participant Rate")]
    participants: Annotated[
        int | None,
        Field(description="Participants compared; null when withheld.", title="Participants"),
    ]
    verdict: Annotated[
        OutcomeComparisonVerdict,
        Field(
            description="How participants compare once the groups' mix is accounted for: `not_distinguishable` when the 95 % interval contains zero; `withheld` below the minimum group size on either side; `not_yet_observable` before the horizon.",
            title="Verdict",
        ),
    ]


class OutcomeMeasure(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    name: Annotated[str, Field(description="goal_attainment, satisfaction", title="Name")]
    population: Annotated[
        int | None,
        Field(description="People it is computed over; null when withheld.", title="Population"),
    ]
    value: Annotated[float | None, Field(description="Null when withheld.", title="Value")]
    withheld: Annotated[bool, Field(title="Withheld")]


class PageAuditEntry(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[AuditEntry], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageFeedbackRequest(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[FeedbackRequest], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PeriodInsights(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    metrics: Annotated[list[MetricValue], Field(title="Metrics")]
    period: Annotated[str, Field(description="YYYY-MM", title="Period")]


class PersonalData(BaseModel):
    """
    Everything the feedback service holds about one person.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    exported_at: Annotated[datetime, Field(title="Exported At")]
    org_id: Annotated[str, Field(title="Org Id")]
    service: Annotated[str, Field(title="Service")] = "feedback"
    tables: FeedbackTables
    user_id: Annotated[str, Field(title="User Id")]


class PopulationImportReport(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    created: Annotated[int, Field(title="Created")]
    errors: Annotated[list[ImportError], Field(title="Errors")]
    ignored_columns: Annotated[
        list[str],
        Field(
            description="Columns of the file that were not read: only the minimum is kept.",
            title="Ignored Columns",
        ),
    ]
    rows: Annotated[int, Field(title="Rows")]
    skipped: Annotated[int, Field(title="Skipped")]
    updated: Annotated[int, Field(title="Updated")]


class ProgramFeedbackSettings(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    feedback_due_days: Annotated[
        int,
        Field(
            description="Days after a check-in to answer.", ge=1, le=60, title="Feedback Due Days"
        ),
    ]
    id: Annotated[UUID, Field(title="Id")]
    name: Annotated[str, Field(title="Name")]
    rating_dimensions: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]],
        Field(max_length=10, min_length=1, title="Rating Dimensions"),
    ]


class ProgramFeedbackSettingsUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    feedback_due_days: Annotated[
        int,
        Field(
            description="Days after a check-in to answer.", ge=1, le=60, title="Feedback Due Days"
        ),
    ]
    rating_dimensions: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]],
        Field(max_length=10, min_length=1, title="Rating Dimensions"),
    ]


class ProgramInsights(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    min_group_size: Annotated[int, Field(title="Min Group Size")]
    periods: Annotated[list[PeriodInsights], Field(title="Periods")]
    program_id: Annotated[UUID, Field(title="Program Id")]


class QuestionType(StrEnum):
    RATING = "rating"
    TEXT = "text"


class Question(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    key: Annotated[str, Field(pattern="^[a-z][a-z0-9_]{0,39}$", title="Key")]
    text: Annotated[str, Field(max_length=300, min_length=1, title="Text")]
    type: Annotated[QuestionType, Field(title="Type")] = QuestionType.RATING


class ReceivedFeedback(BaseModel):
    """
    The recipient's view: ratings and comment; the fit check stays with the program.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    comment: Annotated[str | None, Field(title="Comment")]
    created_at: Annotated[datetime, Field(title="Created At")]
    from_user_id: Annotated[str, Field(title="From User Id")]
    id: Annotated[UUID, Field(title="Id")]
    late: Annotated[bool, Field(title="Late")]
    match_id: Annotated[UUID, Field(title="Match Id")]
    ratings: Annotated[dict[str, int], Field(title="Ratings")]
    submitted_at: Annotated[datetime, Field(title="Submitted At")]


class RelationshipHealthStatus(StrEnum):
    """
    The relationship as feedback knows it from matching's events.
    """

    PROPOSED = "proposed"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


class SignalView(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    contribution: Annotated[
        float,
        Field(description="weight x value: this signal's part of the score.", title="Contribution"),
    ]
    detail: Annotated[str, Field(title="Detail")]
    name: Annotated[str, Field(title="Name")]
    value: Annotated[float, Field(ge=0.0, le=1.0, title="Value")]
    weight: Annotated[
        float, Field(description="The most this signal can add to the score.", title="Weight")
    ]


class SkillGrowth(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    after: Annotated[
        float | None,
        Field(description="Mean self-assessed level (1-5) at close-out.", title="After"),
    ]
    before: Annotated[
        float | None, Field(description="Mean self-assessed level (1-5) before.", title="Before")
    ]
    change: Annotated[float | None, Field(description="Mean change per person.", title="Change")]
    ci_high: Annotated[
        float | None,
        Field(description="Upper bound of the change's 95 % interval.", title="Ci High"),
    ]
    ci_low: Annotated[
        float | None,
        Field(description="Lower bound of the change's 95 % interval.", title="Ci Low"),
    ]
    people: Annotated[
        int | None,
        Field(description="People with a before and an after; null if withheld.", title="People"),
    ]
    skill: Annotated[
        str, Field(description="From the survey question key skill_<name>.", title="Skill")
    ]
    withheld: Annotated[bool, Field(title="Withheld")]


class Submission(BaseModel):
    """
    The author's own view of what they gave.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    about_user_id: Annotated[str, Field(title="About User Id")]
    comment: Annotated[str | None, Field(title="Comment")]
    id: Annotated[UUID, Field(title="Id")]
    late: Annotated[bool, Field(title="Late")]
    match_id: Annotated[UUID, Field(title="Match Id")]
    ratings: Annotated[dict[str, int], Field(title="Ratings")]
    request_id: Annotated[UUID, Field(title="Request Id")]
    submitted_at: Annotated[datetime, Field(title="Submitted At")]
    updated_at: Annotated[datetime, Field(title="Updated At")]
    wants_to_continue: Annotated[bool, Field(title="Wants To Continue")]


SubmissionCreateRatingsAdditionalProperty = TypeAliasType(
    "SubmissionCreateRatingsAdditionalProperty", Annotated[int, Field(ge=1, le=5)]
)


class SubmissionCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    comment: Annotated[
        Annotated[str, StringConstraints(max_length=4000)] | None, Field(title="Comment")
    ] = None
    ratings: Annotated[
        dict[str, SubmissionCreateRatingsAdditionalProperty],
        Field(
            description="A rating 1-5 for every dimension of the request, and no other.",
            max_length=20,
            title="Ratings",
        ),
    ]
    wants_to_continue: Annotated[
        bool,
        Field(
            description="Would you like to continue with this partner?", title="Wants To Continue"
        ),
    ]


SubmissionUpdateRatingsAdditionalProperty = TypeAliasType(
    "SubmissionUpdateRatingsAdditionalProperty", Annotated[int, Field(ge=1, le=5)]
)


class SubmissionUpdate(BaseModel):
    """
    The whole submission again: editing is allowed until the request's due date.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    comment: Annotated[
        Annotated[str, StringConstraints(max_length=4000)] | None, Field(title="Comment")
    ] = None
    ratings: Annotated[
        dict[str, SubmissionUpdateRatingsAdditionalProperty],
        Field(
            description="A rating 1-5 for every dimension of the request, and no other.",
            max_length=20,
            title="Ratings",
        ),
    ]
    wants_to_continue: Annotated[
        bool,
        Field(
            description="Would you like to continue with this partner?", title="Wants To Continue"
        ),
    ]


class SurveyKind(StrEnum):
    PULSE = "pulse"
    CLOSE_OUT = "close_out"


class SurveyStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"


class Survey(BaseModel):
    """
    A survey the caller is asked to answer.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    anonymous: Annotated[bool, Field(title="Anonymous")]
    created_at: Annotated[datetime, Field(title="Created At")]
    due_at: Annotated[datetime, Field(title="Due At")]
    id: Annotated[UUID, Field(title="Id")]
    kind: Annotated[SurveyKind, Field(title="Kind")]
    match_id: Annotated[UUID | None, Field(title="Match Id")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    questions: Annotated[list[Question], Field(title="Questions")]
    round_id: Annotated[
        UUID | None,
        Field(
            description="The on-demand round that sent it; null when scheduled.", title="Round Id"
        ),
    ] = None
    sequence: Annotated[
        int,
        Field(
            description="1, 2, … for scheduled pulses; 0 for the close-out; -1, -2, … for the program's first, second, … pulse an admin sent on demand.",
            title="Sequence",
        ),
    ]
    status: Annotated[SurveyStatus, Field(title="Status")]


class SurveyAnswersAnswers(RootModel[int]):
    root: Annotated[int, Field(ge=1, le=5)]


class SurveyAnswers(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    answers: Annotated[
        dict[str, SurveyAnswersAnswers | Annotated[str, StringConstraints(max_length=4000)]],
        Field(
            description="A rating 1-5 per rating question; text questions optional.",
            max_length=20,
            title="Answers",
        ),
    ]


class SurveyResultsKind(StrEnum):
    PULSE = "pulse"
    CLOSE_OUT = "close_out"


class SurveyResults(BaseModel):
    """
    Aggregates only; withheld below the minimum group size.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    kind: Annotated[SurveyResultsKind, Field(title="Kind")]
    means: Annotated[dict[str, float], Field(title="Means")]
    period: Annotated[str, Field(title="Period")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    responses: Annotated[int | None, Field(title="Responses")]
    withheld: Annotated[bool, Field(title="Withheld")]


class SurveyRoundKind(StrEnum):
    PULSE = "pulse"
    CLOSE_OUT = "close_out"


class SurveyRound(BaseModel):
    """
    What a round sent: one survey to each person of each relationship asked.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    created_at: Annotated[datetime, Field(title="Created At")]
    due_at: Annotated[datetime, Field(title="Due At")]
    id: Annotated[UUID, Field(title="Id")]
    kind: Annotated[SurveyRoundKind, Field(title="Kind")]
    matches: Annotated[int, Field(description="Relationships asked.", title="Matches")]
    number: Annotated[
        int,
        Field(
            description="The program's first, second, … round (its surveys' -sequence).",
            title="Number",
        ),
    ]
    program_id: Annotated[UUID, Field(title="Program Id")]
    requested_by: Annotated[str, Field(title="Requested By")]
    surveys: Annotated[
        int, Field(description="Surveys sent (two per relationship).", title="Surveys")
    ]


class SurveyRoundCreateMatchIds(RootModel[list[UUID]]):
    root: Annotated[
        list[UUID],
        Field(
            description="The cohort: these of the program's active relationships; all when left out.",
            max_length=500,
            min_length=1,
            title="Match Ids",
        ),
    ]


class SurveyRoundCreate(BaseModel):
    """
    A pulse sent now, beside the scheduled ones (program admins).
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    due_in_days: Annotated[
        int, Field(description="Days to answer.", ge=1, le=60, title="Due In Days")
    ] = 14
    kind: Annotated[
        Literal["pulse"],
        Field(
            description="Only pulses are sent on demand; close-outs follow endings.", title="Kind"
        ),
    ] = "pulse"
    match_ids: Annotated[
        SurveyRoundCreateMatchIds | None,
        Field(
            description="The cohort: these of the program's active relationships; all when left out.",
            title="Match Ids",
        ),
    ] = None


class SurveyTemplateKind(StrEnum):
    PULSE = "pulse"
    CLOSE_OUT = "close_out"


class SurveyTemplate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    anonymous: Annotated[bool, Field(title="Anonymous")]
    is_default: Annotated[
        bool,
        Field(
            description="True until an admin sets the program's own template.", title="Is Default"
        ),
    ]
    kind: Annotated[SurveyTemplateKind, Field(title="Kind")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    questions: Annotated[list[Question], Field(title="Questions")]


class SurveyTemplateUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    anonymous: Annotated[
        bool,
        Field(description="Anonymous responses keep no link to the person.", title="Anonymous"),
    ]
    questions: Annotated[list[Question], Field(max_length=20, min_length=1, title="Questions")]


class ViewerFeedback(BaseModel):
    """
    What feedback awaits from the signed-in person, for them alone.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    feedback_due: Annotated[
        list[FeedbackRequest],
        Field(
            description="Open feedback requests the viewer is asked to give, oldest first.",
            title="Feedback Due",
        ),
    ]
    surveys_open: Annotated[
        list[Survey],
        Field(
            description="Surveys the viewer has not answered yet, oldest first.",
            title="Surveys Open",
        ),
    ]


class OutcomesReport(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    as_of: Annotated[date, Field(title="As Of")]
    cohort: Annotated[
        str | None,
        Field(description="The enrolment month reported on (YYYY-MM), or all.", title="Cohort"),
    ]
    comparisons: Annotated[list[OutcomeComparison], Field(title="Comparisons")]
    measures: Annotated[list[OutcomeMeasure], Field(title="Measures")]
    min_group_size: Annotated[int, Field(title="Min Group Size")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    skill_growth: Annotated[
        list[SkillGrowth],
        Field(
            description="Self-assessments before and at close-out, per skill (survey questions keyed skill_<name>).",
            title="Skill Growth",
        ),
    ]
    start: Annotated[
        date | None,
        Field(
            description="The index date everyone is followed from: the first enrolment reported on.",
            title="Start",
        ),
    ]


class PageReceivedFeedback(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[ReceivedFeedback], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageSurvey(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Survey], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class RelationshipHealth(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    at_risk: Annotated[bool, Field(title="At Risk")]
    computed_at: Annotated[datetime | None, Field(title="Computed At")]
    enter_at_risk_below: Annotated[float, Field(title="Enter At Risk Below")] = 40.0
    leave_at_risk_above: Annotated[float, Field(title="Leave At Risk Above")] = 50.0
    match_id: Annotated[UUID, Field(title="Match Id")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    score: Annotated[float | None, Field(title="Score")]
    signals: Annotated[list[SignalView], Field(title="Signals")]
    status: Annotated[
        RelationshipHealthStatus,
        Field(
            description="The relationship as feedback knows it from matching's events.",
            title="Status",
        ),
    ]


class ItemsRelationshipHealth(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[RelationshipHealth], Field(title="Items")]


class PageRelationshipHealth(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[RelationshipHealth], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None
