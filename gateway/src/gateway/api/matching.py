"""The matching service's API models, generated from services/matching/openapi.json by `mentorship generate`; do not edit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field, RootModel, StringConstraints
from typing_extensions import TypeAliasType


class Certificate(BaseModel):
    """
    The optimal solver's proof: no matching of the cohort scores more than the upper bound.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    bonus_units_per_pair: Annotated[
        int,
        Field(
            description="Units added to every pair (max_matched; 0 for max_total).",
            title="Bonus Units Per Pair",
        ),
    ]
    candidate_arcs: Annotated[int, Field(title="Candidate Arcs")]
    exact: Annotated[
        bool, Field(description="The gap is 0: the solution is optimal.", title="Exact")
    ]
    gap_units: Annotated[int, Field(title="Gap Units")]
    objective_units: Annotated[
        int,
        Field(
            description="The solution's value in score units: its total, plus the bonus per pair.",
            title="Objective Units",
        ),
    ]
    priced_in_arcs: Annotated[int, Field(title="Priced In Arcs")]
    pricing_rounds: Annotated[int, Field(title="Pricing Rounds")]
    relative_gap: Annotated[
        float, Field(description="The gap over the upper bound (0: optimal).", title="Relative Gap")
    ]
    units_per_point: Annotated[
        int,
        Field(description="Score units in one point of a 0..100 score.", title="Units Per Point"),
    ]
    upper_bound_units: Annotated[
        int, Field(description="No matching of this cohort scores more.", title="Upper Bound Units")
    ]


class CircleMemberMatchStatus(StrEnum):
    """
    accepted (holding the place until starts_on) or active.
    """

    PROPOSED = "proposed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED = "ended"


class CircleMember(BaseModel):
    """
    A mentee holding a place in the circle through their match with its mentor.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    display_name: Annotated[str, Field(title="Display Name")]
    match_id: Annotated[UUID, Field(title="Match Id")]
    match_status: Annotated[
        CircleMemberMatchStatus,
        Field(
            description="accepted (holding the place until starts_on) or active.",
            title="Match Status",
        ),
    ]
    participant_id: Annotated[UUID, Field(title="Participant Id")]
    starts_on: Annotated[date | None, Field(title="Starts On")]
    user_id: Annotated[str, Field(title="User Id")]


class CircleMentor(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display_name: Annotated[str, Field(title="Display Name")]
    participant_id: Annotated[UUID, Field(title="Participant Id")]
    user_id: Annotated[str, Field(title="User Id")]


class Decline(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    reason: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None, Field(title="Reason")
    ] = None


class DirectoryProfileCommunicationStyle(StrEnum):
    DIRECT = "direct"
    SUPPORTIVE = "supportive"
    ANALYTICAL = "analytical"
    EXPRESSIVE = "expressive"


class DirectoryProfile(BaseModel):
    """
    What a mentee may read about a mentor she is not matched with: what helps her choose.
    What a match partner may not read either (exclusions, manager, HR attributes) stays out, and
    so do the contact details (the email) and the mentor's own wishes (skills wanted).
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    availability: Annotated[
        dict[str, float] | None,
        Field(description="Month (YYYY-MM) -> hours available.", title="Availability"),
    ] = None
    communication_style: Annotated[
        DirectoryProfileCommunicationStyle | None, Field(title="Communication Style")
    ] = None
    department: Annotated[str | None, Field(title="Department")] = None
    goals: Annotated[list[str] | None, Field(description="Goal tags.", title="Goals")] = None
    goals_text: Annotated[str, Field(title="Goals Text")] = ""
    languages: Annotated[list[str] | None, Field(title="Languages")] = None
    seniority: Annotated[int, Field(title="Seniority")] = 3
    skills_offered: Annotated[
        dict[str, int] | None,
        Field(description="Skill -> level 1..5 the mentor teaches.", title="Skills Offered"),
    ] = None
    timezone: Annotated[str | None, Field(title="Timezone")] = None


class EndOutcome(StrEnum):
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


class End(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    outcome: Annotated[EndOutcome, Field(title="Outcome")]
    reason: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None, Field(title="Reason")
    ] = None


class FactorContributionFactor(StrEnum):
    SKILLS = "skills"
    GOALS = "goals"
    MOTIVATORS = "motivators"
    COMMUNICATION = "communication"
    SENIORITY = "seniority"
    TIMEZONE = "timezone"
    LANGUAGE = "language"
    DEPARTMENT = "department"
    AVAILABILITY = "availability"


class FactorContribution(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    evidence: Annotated[
        list[str] | None,
        Field(
            description='What the pair has in common on this factor: skills (with levels), goal tags and "goal words", languages.',
            title="Evidence",
        ),
    ] = None
    factor: Annotated[FactorContributionFactor, Field(title="Factor")]
    points: Annotated[
        float,
        Field(description="weight x value x 100; the points sum to the score.", title="Points"),
    ]
    value: Annotated[
        float, Field(description="0..1: how well the pair does on this factor.", title="Value")
    ]
    weight: Annotated[
        float, Field(description="Normalised weight (the weights sum to 1).", title="Weight")
    ]


class FairnessGroup(BaseModel):
    """
    The mentees sharing one value of an attribute, and how they fared.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    match_rate: Annotated[float, Field(title="Match Rate")]
    matched: Annotated[int, Field(title="Matched")]
    mean_score: Annotated[
        float | None, Field(description="Of the matched; null when none is.", title="Mean Score")
    ]
    mentees: Annotated[int, Field(title="Mentees")]
    value: Annotated[str, Field(title="Value")]


class GoalTemplate(BaseModel):
    """
    A goal every match of the program starts with (as a draft the mentee refines).
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    description: Annotated[str, Field(title="Description")] = ""
    due_after_days: Annotated[
        int | None, Field(description="Due this long after the start.", title="Due After Days")
    ] = None
    metric: Annotated[str | None, Field(title="Metric")] = None
    milestones: Annotated[list[str] | None, Field(title="Milestones")] = None
    target: Annotated[float | None, Field(title="Target")] = None
    title: Annotated[str, Field(title="Title")]
    unit: Annotated[str | None, Field(title="Unit")] = None


class ImportError(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    column: Annotated[str, Field(title="Column")]
    message: Annotated[str, Field(title="Message")]
    row: Annotated[int, Field(description="1-based data row (the header is row 0).", title="Row")]


class ImportReport(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    created: Annotated[int, Field(title="Created")]
    errors: Annotated[list[ImportError], Field(title="Errors")]
    rows: Annotated[int, Field(title="Rows")]
    skipped: Annotated[int, Field(title="Skipped")]
    updated: Annotated[int, Field(title="Updated")]


class MatchStatus(StrEnum):
    PROPOSED = "proposed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED = "ended"


class Match(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    accepted_at: Annotated[datetime | None, Field(title="Accepted At")]
    accepted_by: Annotated[
        list[str],
        Field(
            description="User ids who have accepted so far (the person whose own request it is counts as accepting it).",
            title="Accepted By",
        ),
    ]
    awaiting: Annotated[
        list[str], Field(description="User ids whose acceptance is still needed.", title="Awaiting")
    ]
    created_at: Annotated[datetime, Field(title="Created At")]
    end_reason: Annotated[str | None, Field(title="End Reason")]
    ended_at: Annotated[datetime | None, Field(title="Ended At")]
    ends_on: Annotated[date | None, Field(title="Ends On")]
    explanation: Annotated[dict[str, Any], Field(title="Explanation")]
    flagged_for_review: Annotated[bool, Field(title="Flagged For Review")]
    health_score: Annotated[float | None, Field(title="Health Score")]
    id: Annotated[UUID, Field(title="Id")]
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    mentee_user_id: Annotated[str, Field(title="Mentee User Id")]
    mentor_participant_id: Annotated[UUID, Field(title="Mentor Participant Id")]
    mentor_user_id: Annotated[str, Field(title="Mentor User Id")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    proposed_by: Annotated[
        str,
        Field(
            description="Who proposed it: an admin, or one of the two asking for themselves.",
            title="Proposed By",
        ),
    ]
    review_reason: Annotated[str | None, Field(title="Review Reason")]
    run_id: Annotated[UUID | None, Field(title="Run Id")]
    score: Annotated[float, Field(title="Score")]
    starts_on: Annotated[date | None, Field(title="Starts On")]
    status: Annotated[MatchStatus, Field(title="Status")]


class MatchCreate(BaseModel):
    """
    An admin proposes a pair, or one of the two asks for the other (a mentee asks a mentor,
    a mentor offers to mentor a mentee): an own request awaits the other person only.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    mentor_participant_id: Annotated[UUID, Field(title="Mentor Participant Id")]


class PageMatch(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Match], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class ParticipantRole(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class ParticipantStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class ParticipantCreateCapacity(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description="Mentors: mentees at once (program default).",
            ge=0,
            le=100,
            title="Capacity",
        ),
    ]


class ParticipantCreateRole(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class ParticipantUpdateCapacity(RootModel[int]):
    root: Annotated[int, Field(ge=0, le=100, title="Capacity")]


class ParticipationRole(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class ParticipationStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class PlaceTaken(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    mentee_user_id: Annotated[str, Field(title="Mentee User Id")]
    score: Annotated[float, Field(title="Score")]


class ProfileCommunicationStyle(StrEnum):
    DIRECT = "direct"
    SUPPORTIVE = "supportive"
    ANALYTICAL = "analytical"
    EXPRESSIVE = "expressive"


ProfileMotivatorsAdditionalProperty = TypeAliasType(
    "ProfileMotivatorsAdditionalProperty", Annotated[int, Field(ge=1, le=5)]
)


ProfileSkillsOfferedAdditionalProperty = TypeAliasType(
    "ProfileSkillsOfferedAdditionalProperty", Annotated[int, Field(ge=1, le=5)]
)


ProfileSkillsWantedAdditionalProperty = TypeAliasType(
    "ProfileSkillsWantedAdditionalProperty", Annotated[int, Field(ge=1, le=5)]
)


class Profile(BaseModel):
    """
    What matching knows about a person; every field is optional.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    attributes: Annotated[
        dict[str, str] | None,
        Field(description="Free-form attributes for fairness summaries.", title="Attributes"),
    ] = None
    availability: Annotated[
        dict[str, float] | None,
        Field(description="Month (YYYY-MM) -> hours available.", title="Availability"),
    ] = None
    communication_style: Annotated[
        ProfileCommunicationStyle | None, Field(title="Communication Style")
    ] = None
    department: Annotated[
        Annotated[str, StringConstraints(max_length=200)] | None, Field(title="Department")
    ] = None
    exclusions: Annotated[
        list[str] | None,
        Field(description="User ids never to match with.", max_length=500, title="Exclusions"),
    ] = None
    goals: Annotated[
        list[str] | None, Field(description="Goal tags.", max_length=50, title="Goals")
    ] = None
    goals_text: Annotated[str, Field(max_length=5000, title="Goals Text")] = ""
    languages: Annotated[list[str] | None, Field(max_length=20, title="Languages")] = None
    manager_user_id: Annotated[
        Annotated[str, StringConstraints(max_length=200)] | None, Field(title="Manager User Id")
    ] = None
    motivators: Annotated[
        dict[str, ProfileMotivatorsAdditionalProperty] | None,
        Field(description="Motivator -> agreement 1..5.", title="Motivators"),
    ] = None
    seniority: Annotated[int, Field(ge=1, le=10, title="Seniority")] = 3
    skills_offered: Annotated[
        dict[str, ProfileSkillsOfferedAdditionalProperty] | None,
        Field(description="Skill -> level 1..5 the person can teach.", title="Skills Offered"),
    ] = None
    skills_wanted: Annotated[
        dict[str, ProfileSkillsWantedAdditionalProperty] | None,
        Field(description="Skill -> level 1..5 the person wants to reach.", title="Skills Wanted"),
    ] = None
    timezone: Annotated[
        str | None, Field(description="IANA timezone, e.g. Europe/Paris.", title="Timezone")
    ] = None


class ProgramCheckinCadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class ProgramFormat(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    PEER = "peer"
    REVERSE = "reverse"
    FLASH = "flash"


class ProgramStatus(StrEnum):
    DRAFT = "draft"
    ENROLLING = "enrolling"
    MATCHING = "matching"
    ACTIVE = "active"
    CLOSED = "closed"


class ProgramCreateCheckinCadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class ProgramCreateFormat(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    PEER = "peer"
    REVERSE = "reverse"
    FLASH = "flash"


class ProgramCreateStatus(StrEnum):
    DRAFT = "draft"
    ENROLLING = "enrolling"


class ProgramSettingsApproval(StrEnum):
    """
    Whose consent a proposed match (an admin's or a published run's) awaits: mentor_accepts (the mentor's), mentee_accepts (the mentee's), both_accept (both, each recorded; accepted once both have), admin_assigns (nobody: accepted at once). A person's own request awaits the other person only, in every mode.
    """

    MENTOR_ACCEPTS = "mentor_accepts"
    MENTEE_ACCEPTS = "mentee_accepts"
    BOTH_ACCEPT = "both_accept"
    ADMIN_ASSIGNS = "admin_assigns"


class ProgramSettingsDepartmentPreference(StrEnum):
    CROSS = "cross"
    SAME = "same"
    NEUTRAL = "neutral"


class ProgramSettingsMode(StrEnum):
    OPTIMAL = "optimal"
    STABLE = "stable"


class ProgramSettingsObjective(StrEnum):
    """
    Optimal mode: max_matched (as many pairs as possible, then the best total score) or max_total (the best total score, even if fewer are matched).
    """

    MAX_MATCHED = "max_matched"
    MAX_TOTAL = "max_total"


class ProgramSettings(BaseModel):
    """
    How a program scores, constrains and approves matches.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    approval: Annotated[
        ProgramSettingsApproval,
        Field(
            description="Whose consent a proposed match (an admin's or a published run's) awaits: mentor_accepts (the mentor's), mentee_accepts (the mentee's), both_accept (both, each recorded; accepted once both have), admin_assigns (nobody: accepted at once). A person's own request awaits the other person only, in every mode.",
            title="Approval",
        ),
    ] = ProgramSettingsApproval.MENTOR_ACCEPTS
    default_capacity: Annotated[int, Field(ge=0, le=100, title="Default Capacity")] = 2
    department_preference: Annotated[
        ProgramSettingsDepartmentPreference, Field(title="Department Preference")
    ] = ProgramSettingsDepartmentPreference.CROSS
    forbid_reporting_line: Annotated[bool, Field(title="Forbid Reporting Line")] = True
    mentee_view: Annotated[
        dict[
            Literal[
                "skills",
                "goals",
                "motivators",
                "communication",
                "seniority",
                "timezone",
                "language",
                "department",
                "availability",
            ],
            float,
        ]
        | None,
        Field(description="How mentees rank mentors in stable mode.", title="Mentee View"),
    ] = None
    mentor_view: Annotated[
        dict[
            Literal[
                "skills",
                "goals",
                "motivators",
                "communication",
                "seniority",
                "timezone",
                "language",
                "department",
                "availability",
            ],
            float,
        ]
        | None,
        Field(description="How mentors rank mentees in stable mode.", title="Mentor View"),
    ] = None
    minimum_score: Annotated[float, Field(ge=0.0, le=100.0, title="Minimum Score")] = 0.0
    mode: Annotated[ProgramSettingsMode, Field(title="Mode")] = ProgramSettingsMode.OPTIMAL
    objective: Annotated[
        ProgramSettingsObjective,
        Field(
            description="Optimal mode: max_matched (as many pairs as possible, then the best total score) or max_total (the best total score, even if fewer are matched).",
            title="Objective",
        ),
    ] = ProgramSettingsObjective.MAX_MATCHED
    require_shared_language: Annotated[bool, Field(title="Require Shared Language")] = True
    weights: Annotated[
        dict[
            Literal[
                "skills",
                "goals",
                "motivators",
                "communication",
                "seniority",
                "timezone",
                "language",
                "department",
                "availability",
            ],
            float,
        ]
        | None,
        Field(
            description="Compatibility weight per factor (normalised to sum to 1).", title="Weights"
        ),
    ] = None


class ProgramUpdateAdminUserIds(RootModel[list[str]]):
    root: Annotated[list[str], Field(max_length=100, title="Admin User Ids")]


class ProgramUpdateCheckinCadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class ProgramUpdateFormat(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    PEER = "peer"
    REVERSE = "reverse"
    FLASH = "flash"


class ProgramUpdateGoalTemplates(RootModel[list[GoalTemplate]]):
    root: Annotated[list[GoalTemplate], Field(max_length=50, title="Goal Templates")]


class ProgramUpdate(BaseModel):
    """
    Only the fields sent change.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    admin_user_ids: Annotated[ProgramUpdateAdminUserIds | None, Field(title="Admin User Ids")] = (
        None
    )
    checkin_cadence: Annotated[
        ProgramUpdateCheckinCadence | None, Field(title="Checkin Cadence")
    ] = None
    description: Annotated[
        Annotated[str, StringConstraints(max_length=5000)] | None, Field(title="Description")
    ] = None
    ends_on: Annotated[date | None, Field(title="Ends On")] = None
    format: Annotated[ProgramUpdateFormat | None, Field(title="Format")] = None
    goal_templates: Annotated[ProgramUpdateGoalTemplates | None, Field(title="Goal Templates")] = (
        None
    )
    name: Annotated[
        Annotated[str, StringConstraints(min_length=1, max_length=200)] | None, Field(title="Name")
    ] = None
    settings: ProgramSettings | None = None
    starts_on: Annotated[date | None, Field(title="Starts On")] = None


class Published(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    proposed: Annotated[int, Field(description="Pairs proposed as matches.", title="Proposed")]
    skipped: Annotated[
        int,
        Field(description="Pairs left out: one of them was matched meanwhile.", title="Skipped"),
    ]


class Rejection(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    constraint: Annotated[
        str,
        Field(
            description="self, reporting_line, exclusion, no_shared_language, below_minimum_score, no_capacity, not_active or wrong_role",
            title="Constraint",
        ),
    ]
    detail: Annotated[str, Field(title="Detail")]


class RequestWithdrawal(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    reason: Annotated[
        Annotated[str, StringConstraints(max_length=2000)] | None, Field(title="Reason")
    ] = None


class RunMode(StrEnum):
    OPTIMAL = "optimal"
    STABLE = "stable"


class RunStatus(StrEnum):
    """
    computing (a background run not done yet), failed (`report.error` says why), draft (ready for review), published or discarded.
    """

    COMPUTING = "computing"
    FAILED = "failed"
    DRAFT = "draft"
    PUBLISHED = "published"
    DISCARDED = "discarded"


class RunAwaitingReviewMode(StrEnum):
    OPTIMAL = "optimal"
    STABLE = "stable"


class RunAwaitingReview(BaseModel):
    """
    A draft run of a program the viewer administers: to publish, or to leave unpublished.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    created_at: Annotated[datetime, Field(title="Created At")]
    created_by: Annotated[str, Field(title="Created By")]
    id: Annotated[UUID, Field(title="Id")]
    matched: Annotated[
        int, Field(description="The pairs publishing it would propose.", title="Matched")
    ]
    mode: Annotated[RunAwaitingReviewMode, Field(title="Mode")]
    program_id: Annotated[UUID, Field(title="Program Id")]


class RunCreateMinimumScore(RootModel[float]):
    root: Annotated[float, Field(ge=0.0, le=100.0, title="Minimum Score")]


class RunCreateMode(StrEnum):
    OPTIMAL = "optimal"
    STABLE = "stable"


class RunCreateObjective(StrEnum):
    MAX_MATCHED = "max_matched"
    MAX_TOTAL = "max_total"


class RunCreateSeed(RootModel[int]):
    root: Annotated[
        int,
        Field(
            description="Orders people among equals (ties). Left out: a new run draws one, a what-if keeps its base run's; the run records it (`settings.seed`) to be replayed.",
            ge=0,
            le=2147483647,
            title="Seed",
        ),
    ]


class RunCreate(BaseModel):
    """
    Settings for this run; anything left out comes from the program's settings.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    fairness_attributes: Annotated[
        list[str] | None,
        Field(
            description="Profile attributes to summarise besides department, seniority band and enrolment quartile.",
            max_length=10,
            title="Fairness Attributes",
        ),
    ] = None
    mentee_view: Annotated[
        dict[
            Literal[
                "skills",
                "goals",
                "motivators",
                "communication",
                "seniority",
                "timezone",
                "language",
                "department",
                "availability",
            ],
            float,
        ]
        | None,
        Field(title="Mentee View"),
    ] = None
    mentor_view: Annotated[
        dict[
            Literal[
                "skills",
                "goals",
                "motivators",
                "communication",
                "seniority",
                "timezone",
                "language",
                "department",
                "availability",
            ],
            float,
        ]
        | None,
        Field(title="Mentor View"),
    ] = None
    minimum_score: Annotated[RunCreateMinimumScore | None, Field(title="Minimum Score")] = None
    mode: Annotated[RunCreateMode | None, Field(title="Mode")] = None
    objective: Annotated[RunCreateObjective | None, Field(title="Objective")] = None
    seed: Annotated[
        RunCreateSeed | None,
        Field(
            description="Orders people among equals (ties). Left out: a new run draws one, a what-if keeps its base run's; the run records it (`settings.seed`) to be replayed.",
            title="Seed",
        ),
    ] = None
    weights: Annotated[
        dict[
            Literal[
                "skills",
                "goals",
                "motivators",
                "communication",
                "seniority",
                "timezone",
                "language",
                "department",
                "availability",
            ],
            float,
        ]
        | None,
        Field(title="Weights"),
    ] = None


class RunDiff(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    base_run_id: Annotated[UUID, Field(title="Base Run Id")]
    changed_mentees: Annotated[
        int,
        Field(
            description="Mentees whose mentor differs (or who gain/lose one).",
            title="Changed Mentees",
        ),
    ]
    matched_delta: Annotated[int, Field(title="Matched Delta")]
    mean_score_delta: Annotated[float, Field(title="Mean Score Delta")]
    newly_matched: Annotated[int, Field(title="Newly Matched")]
    newly_unmatched: Annotated[int, Field(title="Newly Unmatched")]
    total_score_delta: Annotated[float, Field(title="Total Score Delta")]


class RunPair(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    mentee_user_id: Annotated[str, Field(title="Mentee User Id")]
    mentor_participant_id: Annotated[UUID, Field(title="Mentor Participant Id")]
    mentor_user_id: Annotated[str, Field(title="Mentor User Id")]
    score: Annotated[float, Field(title="Score")]


class RunReportMode(StrEnum):
    OPTIMAL = "optimal"
    STABLE = "stable"


class RunReportObjective(StrEnum):
    MAX_MATCHED = "max_matched"
    MAX_TOTAL = "max_total"


class RunUnmatchedReason(StrEnum):
    """
    no_free_place (no mentor has one), no_feasible_mentor (constraints rule out every mentor with a free place), outscored (optimal), not_preferred (stable)
    """

    NO_FREE_PLACE = "no_free_place"
    NO_FEASIBLE_MENTOR = "no_feasible_mentor"
    OUTSCORED = "outscored"
    NOT_PREFERRED = "not_preferred"


class RunUnmatched(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    detail: Annotated[str, Field(description="The reason in words.", title="Detail")] = ""
    feasible_mentors: Annotated[
        int,
        Field(
            description="Mentors with a free place that fit the mentee.", title="Feasible Mentors"
        ),
    ]
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    mentee_user_id: Annotated[str, Field(title="Mentee User Id")]
    reason: Annotated[
        RunUnmatchedReason,
        Field(
            description="no_free_place (no mentor has one), no_feasible_mentor (constraints rule out every mentor with a free place), outscored (optimal), not_preferred (stable)",
            title="Reason",
        ),
    ]
    rejections: Annotated[
        dict[str, int] | None,
        Field(
            description="no_feasible_mentor: mentors ruled out per constraint (no_capacity: without a free place).",
            title="Rejections",
        ),
    ] = None


class StatusChangeStatus(StrEnum):
    DRAFT = "draft"
    ENROLLING = "enrolling"
    MATCHING = "matching"
    ACTIVE = "active"
    CLOSED = "closed"


class StatusChange(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    status: Annotated[StatusChangeStatus, Field(title="Status")]


class Timings(BaseModel):
    """
    Seconds each step took; a mode runs only its own steps.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    report: Annotated[float | None, Field(title="Report")] = None
    scores: Annotated[float | None, Field(title="Scores")] = None
    solve: Annotated[float | None, Field(description="Stable mode.", title="Solve")] = None
    solve_and_certify: Annotated[
        float | None, Field(description="Optimal mode.", title="Solve And Certify")
    ] = None
    stability_check: Annotated[
        float | None, Field(description="Stable mode.", title="Stability Check")
    ] = None
    tie_order: Annotated[
        float | None, Field(description="Ordering people by the seed.", title="Tie Order")
    ] = None


class ViewerMatchRole(StrEnum):
    """
    The viewer's side of the match.
    """

    MENTOR = "mentor"
    MENTEE = "mentee"


class Circle(BaseModel):
    """
    A group program's mentor with the mentees whose matches hold a place with them.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    capacity: Annotated[int, Field(description="The mentor's capacity.", title="Capacity")]
    id: Annotated[
        UUID, Field(description="The mentor's participant id (one circle per mentor).", title="Id")
    ]
    members: Annotated[
        list[CircleMember],
        Field(description="In the order they took their places.", title="Members"),
    ]
    mentor: CircleMentor
    open_places: Annotated[
        int,
        Field(
            description="Capacity minus the places held or reserved (accepted, active and proposed matches), never below 0.",
            title="Open Places",
        ),
    ]
    program_id: Annotated[UUID, Field(title="Program Id")]
    size: Annotated[int, Field(title="Size")]


class PageCircle(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Circle], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PairExplanation(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    contributions: Annotated[list[FactorContribution], Field(title="Contributions")]
    feasible: Annotated[bool, Field(title="Feasible")]
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    mentee_view: Annotated[
        float, Field(description="0..100: the pair from the mentee's side.", title="Mentee View")
    ]
    mentor_participant_id: Annotated[UUID, Field(title="Mentor Participant Id")]
    mentor_view: Annotated[
        float, Field(description="0..100: the pair from the mentor's side.", title="Mentor View")
    ]
    rejected_by: Annotated[list[Rejection], Field(title="Rejected By")]
    score: Annotated[
        float,
        Field(description="0..100 compatibility, the sum of the contributions.", title="Score"),
    ]


class Participant(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    capacity: Annotated[int, Field(title="Capacity")]
    created_at: Annotated[datetime, Field(title="Created At")]
    display_name: Annotated[str, Field(title="Display Name")]
    email: Annotated[str | None, Field(title="Email")]
    external_id: Annotated[str | None, Field(title="External Id")]
    id: Annotated[UUID, Field(title="Id")]
    profile: Profile
    program_id: Annotated[UUID, Field(title="Program Id")]
    role: Annotated[ParticipantRole, Field(title="Role")]
    status: Annotated[ParticipantStatus, Field(title="Status")]
    updated_at: Annotated[datetime | None, Field(title="Updated At")]
    user_id: Annotated[str, Field(title="User Id")]


class ParticipantCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    capacity: Annotated[
        ParticipantCreateCapacity | None,
        Field(description="Mentors: mentees at once (program default).", title="Capacity"),
    ] = None
    display_name: Annotated[str, Field(max_length=200, min_length=1, title="Display Name")]
    email: Annotated[EmailStr | None, Field(title="Email")] = None
    external_id: Annotated[
        Annotated[str, StringConstraints(max_length=200)] | None,
        Field(
            description="HR system id; set by the program's admins and imports only.",
            title="External Id",
        ),
    ] = None
    profile: Profile | None = None
    role: Annotated[ParticipantCreateRole, Field(title="Role")]
    user_id: Annotated[
        str, Field(description="The person's `sub`.", max_length=200, min_length=1, title="User Id")
    ]


class ParticipantUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    capacity: Annotated[ParticipantUpdateCapacity | None, Field(title="Capacity")] = None
    display_name: Annotated[
        Annotated[str, StringConstraints(min_length=1, max_length=200)] | None,
        Field(title="Display Name"),
    ] = None
    email: Annotated[EmailStr | None, Field(title="Email")] = None
    profile: Profile | None = None


class Program(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    admin_user_ids: Annotated[list[str], Field(title="Admin User Ids")]
    checkin_cadence: Annotated[ProgramCheckinCadence, Field(title="Checkin Cadence")]
    created_at: Annotated[datetime, Field(title="Created At")]
    description: Annotated[str, Field(title="Description")]
    ends_on: Annotated[date | None, Field(title="Ends On")]
    format: Annotated[ProgramFormat, Field(title="Format")]
    goal_templates: Annotated[list[GoalTemplate], Field(title="Goal Templates")]
    id: Annotated[UUID, Field(title="Id")]
    name: Annotated[str, Field(title="Name")]
    settings: ProgramSettings
    starts_on: Annotated[date | None, Field(title="Starts On")]
    status: Annotated[ProgramStatus, Field(title="Status")]
    updated_at: Annotated[datetime | None, Field(title="Updated At")]


class ProgramCircles(BaseModel):
    """
    The first page of one program's circles, as `GET /programs/{id}/circles` gives it.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Circle], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to that program's list for the next page.",
            title="Next Cursor",
        ),
    ] = None
    program_id: Annotated[UUID, Field(title="Program Id")]


class ProgramCreate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    admin_user_ids: Annotated[list[str] | None, Field(max_length=100, title="Admin User Ids")] = (
        None
    )
    checkin_cadence: Annotated[ProgramCreateCheckinCadence, Field(title="Checkin Cadence")] = (
        ProgramCreateCheckinCadence.BIWEEKLY
    )
    description: Annotated[str, Field(max_length=5000, title="Description")] = ""
    ends_on: Annotated[date | None, Field(title="Ends On")] = None
    format: Annotated[ProgramCreateFormat, Field(title="Format")] = ProgramCreateFormat.ONE_TO_ONE
    goal_templates: Annotated[
        list[GoalTemplate] | None, Field(max_length=50, title="Goal Templates")
    ] = None
    name: Annotated[str, Field(max_length=200, min_length=1, title="Name")]
    settings: ProgramSettings | None = None
    starts_on: Annotated[date | None, Field(title="Starts On")] = None
    status: Annotated[ProgramCreateStatus, Field(title="Status")] = ProgramCreateStatus.ENROLLING


class Recommendation(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display_name: Annotated[str, Field(title="Display Name")]
    explanation: PairExplanation
    free_places: Annotated[int, Field(title="Free Places")]
    mentor_participant_id: Annotated[UUID, Field(title="Mentor Participant Id")]
    mentor_user_id: Annotated[str, Field(title="Mentor User Id")]


class RunReport(BaseModel):
    """
    What a run found. A computing run has none of it yet, a failed one only `error`; the
    certificate is optimal mode's, the blocking-pair count stable mode's, and `published`
    appears once the run is.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    blocking_pairs: Annotated[
        int | None,
        Field(
            description="Stable mode: pairs who would both rather have each other (0: stable).",
            title="Blocking Pairs",
        ),
    ] = None
    certificate: Annotated[Certificate | None, Field(description="Optimal mode.")] = None
    error: Annotated[str | None, Field(description="Why the run failed.", title="Error")] = None
    feasible_pairs: Annotated[
        int | None,
        Field(
            description="Mentee-mentor pairs with a free place that pass every constraint.",
            title="Feasible Pairs",
        ),
    ] = None
    match_rate: Annotated[
        float | None, Field(description="matched / mentees.", title="Match Rate")
    ] = None
    matched: Annotated[int | None, Field(title="Matched")] = None
    mean_score: Annotated[float | None, Field(title="Mean Score")] = None
    mentees: Annotated[int | None, Field(title="Mentees")] = None
    mentors: Annotated[int | None, Field(title="Mentors")] = None
    mode: Annotated[RunReportMode | None, Field(title="Mode")] = None
    objective: Annotated[RunReportObjective | None, Field(title="Objective")] = None
    published: Published | None = None
    seed: Annotated[int | None, Field(title="Seed")] = None
    timings_seconds: Timings | None = None
    total_score: Annotated[float | None, Field(title="Total Score")] = None
    unmatched: Annotated[int | None, Field(title="Unmatched")] = None


class ViewerMatch(BaseModel):
    """
    One of the viewer's matches, with their side of it and the partner as the viewer may see
    them (a partner's profile leaves out exclusions, manager, HR attributes, external id).
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    awaits_viewer: Annotated[
        bool,
        Field(
            description="A proposal whose answer is the viewer's to give.", title="Awaits Viewer"
        ),
    ]
    match: Match
    partner: Annotated[
        Participant | None,
        Field(
            description="The other person, null if their enrolment is not visible to the viewer."
        ),
    ]
    role: Annotated[
        ViewerMatchRole, Field(description="The viewer's side of the match.", title="Role")
    ]


class WhyNot(BaseModel):
    """
    Why a run did not pair this mentee with this mentor.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    explanation: Annotated[
        PairExplanation,
        Field(
            description="The pair's score, each factor's contribution and evidence, and the constraints that reject it (with today's profiles)."
        ),
    ]
    forbidden: Annotated[
        bool, Field(description="A hard constraint rules the pair out.", title="Forbidden")
    ]
    mentee_mentor_participant_id: Annotated[
        UUID | None, Field(title="Mentee Mentor Participant Id")
    ] = None
    mentee_outcome: Annotated[
        str,
        Field(
            description="matched (to another mentor; see mentee_mentor_*) or the unmatched reason.",
            title="Mentee Outcome",
        ),
    ]
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    mentee_score: Annotated[
        float | None,
        Field(description="The score of the pair the mentee got in the run.", title="Mentee Score"),
    ] = None
    mentor_capacity: Annotated[
        int,
        Field(description="How many mentees the mentor takes at once.", title="Mentor Capacity"),
    ]
    mentor_participant_id: Annotated[UUID, Field(title="Mentor Participant Id")]
    paired_in_run: Annotated[
        bool, Field(description="The run did pair them.", title="Paired In Run")
    ]
    places_taken_by: Annotated[
        list[PlaceTaken],
        Field(
            description="Who took the mentor's places in the run, with their scores, best first.",
            title="Places Taken By",
        ),
    ]


class DirectoryEntry(BaseModel):
    """
    A mentor the mentee may ask, with the pair's explanation (feasible under the program's
    hard constraints: capacity is not one of them here, see `at_capacity`).
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    at_capacity: Annotated[
        bool,
        Field(
            description="No free place now: the mentor may still be asked (a place may free up), but cannot accept until one does.",
            title="At Capacity",
        ),
    ]
    capacity: Annotated[
        int, Field(description="Mentees the mentor takes at once.", title="Capacity")
    ]
    display_name: Annotated[str, Field(title="Display Name")]
    explanation: PairExplanation
    free_places: Annotated[int, Field(title="Free Places")]
    mentor_participant_id: Annotated[UUID, Field(title="Mentor Participant Id")]
    mentor_user_id: Annotated[str, Field(title="Mentor User Id")]
    profile: DirectoryProfile


class ItemsPairExplanation(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[PairExplanation], Field(title="Items")]


class ItemsParticipant(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Participant], Field(title="Items")]


class ItemsProgramCircles(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[ProgramCircles], Field(title="Items")]


class MenteeRecommendations(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    participant_id: Annotated[UUID, Field(title="Participant Id")]
    recommendations: Annotated[list[Recommendation], Field(title="Recommendations")]


class PageParticipant(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Participant], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class PageProgram(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Program], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None


class Participation(BaseModel):
    """
    The viewer enrolled in a program, in one role.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    capacity: Annotated[int, Field(title="Capacity")]
    participant_id: Annotated[UUID, Field(title="Participant Id")]
    program: Program
    role: Annotated[ParticipationRole, Field(title="Role")]
    status: Annotated[ParticipationStatus, Field(title="Status")]


class Run(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    base_run_id: Annotated[UUID | None, Field(title="Base Run Id")]
    created_at: Annotated[datetime, Field(title="Created At")]
    created_by: Annotated[str, Field(title="Created By")]
    fairness: Annotated[
        dict[str, list[FairnessGroup]],
        Field(
            description="Per attribute (department, seniority band, enrolment quartile and those the run names), its groups of mentees.",
            title="Fairness",
        ),
    ]
    id: Annotated[UUID, Field(title="Id")]
    mode: Annotated[RunMode, Field(title="Mode")]
    pairs: Annotated[list[RunPair], Field(title="Pairs")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    published_at: Annotated[datetime | None, Field(title="Published At")]
    report: Annotated[
        RunReport,
        Field(
            description="Counts, scores, timings, and the optimality certificate (optimal) or the blocking-pair count (stable)."
        ),
    ]
    settings: Annotated[dict[str, Any], Field(title="Settings")]
    status: Annotated[
        RunStatus,
        Field(
            description="computing (a background run not done yet), failed (`report.error` says why), draft (ready for review), published or discarded.",
            title="Status",
        ),
    ]
    unmatched: Annotated[list[RunUnmatched], Field(title="Unmatched")]


class ViewerMatching(BaseModel):
    """
    What matching knows about the signed-in person, for them alone.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    administered_program_ids: Annotated[
        list[UUID],
        Field(
            description="Programs the viewer administers (an org admin: every program of the org).",
            title="Administered Program Ids",
        ),
    ]
    matches: Annotated[
        list[ViewerMatch],
        Field(description="Open matches first, then the newest; at most `limit`.", title="Matches"),
    ]
    matches_flagged: Annotated[
        list[Match],
        Field(
            description="Matches of the programs the viewer administers that are flagged for review (their relationship is at risk), oldest first; at most `limit`.",
            title="Matches Flagged",
        ),
    ]
    org_id: Annotated[str, Field(title="Org Id")]
    participations: Annotated[list[Participation], Field(title="Participations")]
    roles: Annotated[
        list[str], Field(description="The token's roles (org_admin or none).", title="Roles")
    ]
    runs_awaiting_review: Annotated[
        list[RunAwaitingReview],
        Field(
            description="Draft runs of the programs the viewer administers, oldest first; at most `limit`.",
            title="Runs Awaiting Review",
        ),
    ]
    user_id: Annotated[str, Field(title="User Id")]


class WhatIf(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    diff: RunDiff
    run: Run


class Directory(BaseModel):
    """
    One page of a program's mentor directory for one mentee, best score first.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[DirectoryEntry], Field(title="Items")]
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None
    total: Annotated[
        int, Field(description="Mentors matching the filters, on every page.", title="Total")
    ]


class ItemsMenteeRecommendations(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[MenteeRecommendations], Field(title="Items")]


class PageRun(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    items: Annotated[list[Run], Field(title="Items")]
    next_cursor: Annotated[
        str | None,
        Field(
            description="Pass as `cursor` to get the next page; null on the last page.",
            title="Next Cursor",
        ),
    ] = None
