"""The matching service's API models, generated from services/matching/openapi.json by `mentorship generate`; do not edit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AnyUrl, BaseModel, ConfigDict, EmailStr, Field, RootModel, StringConstraints
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


class ErasureRequestReason(StrEnum):
    """
    Who asked: an org admin, the person, or the retention rule.
    """

    ADMIN = "admin"
    SELF = "self"
    RETENTION = "retention"


class ErasureRequestStatus(StrEnum):
    """
    completed once every service has confirmed.
    """

    REQUESTED = "requested"
    COMPLETED = "completed"


class ErasureRequest(BaseModel):
    """
    An erasure and its progress: each service confirms once it has erased the person.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    completed_at: Annotated[datetime | None, Field(title="Completed At")]
    confirmed_by: Annotated[
        list[str],
        Field(description="Services that have confirmed, in order.", title="Confirmed By"),
    ]
    created_at: Annotated[datetime, Field(title="Created At")]
    id: Annotated[UUID, Field(title="Id")]
    pending: Annotated[
        list[str], Field(description="Services that have not confirmed yet.", title="Pending")
    ]
    pseudonym: Annotated[
        str,
        Field(
            description="What the person's user id became in every service; the request never names the person.",
            title="Pseudonym",
        ),
    ]
    reason: Annotated[
        ErasureRequestReason,
        Field(
            description="Who asked: an org admin, the person, or the retention rule.",
            title="Reason",
        ),
    ]
    status: Annotated[
        ErasureRequestStatus,
        Field(description="completed once every service has confirmed.", title="Status"),
    ]


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


class FactorEffectFactor(StrEnum):
    SKILLS = "skills"
    GOALS = "goals"
    MOTIVATORS = "motivators"
    COMMUNICATION = "communication"
    SENIORITY = "seniority"
    TIMEZONE = "timezone"
    LANGUAGE = "language"
    DEPARTMENT = "department"
    AVAILABILITY = "availability"


class FactorEffect(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    ci_high: Annotated[
        float,
        Field(
            description="Upper bound of the 95 % interval, simultaneous over the factors.",
            title="Ci High",
        ),
    ]
    ci_low: Annotated[
        float,
        Field(
            description="Lower bound of the 95 % interval, simultaneous over the factors.",
            title="Ci Low",
        ),
    ]
    coefficient: Annotated[
        float,
        Field(
            description="Health points for a pair going from 0 to 1 on this factor, the other factors held fixed (ridge regression).",
            title="Coefficient",
        ),
    ]
    current_weight: Annotated[
        float, Field(description="The program's weight today.", title="Current Weight")
    ]
    distinguishable: Annotated[
        bool, Field(description="The interval excludes zero.", title="Distinguishable")
    ]
    factor: Annotated[FactorEffectFactor, Field(title="Factor")]


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


class MatchingTables(BaseModel):
    """
    Matching's rows naming the person, one list per table, each row with all its columns.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    erasure_requests: Annotated[
        list[dict[str, Any]],
        Field(description="Erasures they requested as an org admin.", title="Erasure Requests"),
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
            description="Matches on either side, proposed by them, or awaiting or accepted by them: score, explanation, status and dates.",
            title="Matches",
        ),
    ]
    matching_runs: Annotated[
        list[dict[str, Any]],
        Field(description="Matching runs they created as an admin.", title="Matching Runs"),
    ]
    participants: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their enrolments: name, email, HR id, role, capacity, full profile.",
            title="Participants",
        ),
    ]
    people: Annotated[
        list[dict[str, Any]],
        Field(
            description="Their entry in the directory the organisation's identity provider keeps.",
            title="People",
        ),
    ]
    programs: Annotated[
        list[dict[str, Any]],
        Field(description="Programs the person administers.", title="Programs"),
    ]
    scim_credentials: Annotated[
        list[dict[str, Any]],
        Field(
            description="SCIM credentials they issued as an org admin (the secret's hash left out).",
            title="Scim Credentials",
        ),
    ]


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


class PersonalData(BaseModel):
    """
    Everything the matching service holds about one person.
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    exported_at: Annotated[datetime, Field(title="Exported At")]
    org_id: Annotated[str, Field(title="Org Id")]
    service: Annotated[str, Field(title="Service")] = "matching"
    tables: MatchingTables
    user_id: Annotated[str, Field(title="User Id")]


class PlaceTaken(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    mentee_participant_id: Annotated[UUID, Field(title="Mentee Participant Id")]
    mentee_user_id: Annotated[str, Field(title="Mentee User Id")]
    score: Annotated[float, Field(title="Score")]


class PrivacySettings(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    retention_days: Annotated[
        int | None,
        Field(
            description="Days personal data of ended relationships and closed programs is kept after the end; null keeps it until someone asks.",
            title="Retention Days",
        ),
    ]
    self_erasure: Annotated[
        bool,
        Field(description="Whether a person may request their own erasure.", title="Self Erasure"),
    ]


class PrivacySettingsUpdateRetentionDays(RootModel[int]):
    root: Annotated[int, Field(ge=1, le=36500, title="Retention Days")]


class PrivacySettingsUpdate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    retention_days: Annotated[
        PrivacySettingsUpdateRetentionDays | None, Field(title="Retention Days")
    ] = None
    self_erasure: Annotated[bool, Field(title="Self Erasure")] = False


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


class ScimCredential(BaseModel):
    """
    The organisation's new SCIM bearer secret, shown this once (only its SHA-256 is kept).
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    base_path: Annotated[
        str,
        Field(description="Where the SCIM API is, under the matching service.", title="Base Path"),
    ] = "/scim/v2"
    created_at: Annotated[datetime, Field(title="Created At")]
    secret: Annotated[
        str,
        Field(
            description="Give it to the identity provider as its bearer token; the previous one stopped working now.",
            title="Secret",
        ),
    ]


class ScimEntitlement(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display: Annotated[
        str | None,
        Field(
            description="A human-readable name, primarily used for display purposes.",
            title="Display",
        ),
    ] = None
    primary: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the 'primary' or preferred attribute value\nfor this attribute.",
            title="Primary",
        ),
    ] = None
    type: Annotated[
        str | None, Field(description="A label indicating the attribute's function.", title="Type")
    ] = None
    value: Annotated[
        str | None, Field(description="The value of an entitlement.", title="Value")
    ] = None


class ScimError(BaseModel):
    """
    Representation of SCIM API errors.

    :rfc:`RFC 7644 Section 3.12 <7644#section-3.12>`
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    detail: Annotated[
        str | None, Field(description="A detailed human-readable message.", title="Detail")
    ] = None
    schemas: Annotated[
        list[str] | None,
        Field(
            description='The "schemas" attribute is a REQUIRED attribute and is an array of\nStrings containing URIs that are used to indicate the namespaces of the\nSCIM schemas that define the attributes present in the current JSON\nstructure.\n\nIt only holds what a peer asserted, and is empty when a payload omitted\nit: SCIM dumps build it from the model definition.',
            title="Schemas",
        ),
    ] = None
    scimType: Annotated[
        str | None, Field(description="A SCIM detail error keyword.", title="Scimtype")
    ] = None
    status: Annotated[
        int | None,
        Field(
            description="The HTTP status code (see Section 6 of [RFC7231]) expressed as a JSON\nstring.",
            title="Status",
        ),
    ] = None


class ScimGroupMembership(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    field_ref: Annotated[
        AnyUrl | None,
        Field(
            alias="$ref",
            description="The reference URI of a target resource, if the attribute is a\nreference.",
            title="$Ref",
        ),
    ] = None
    display: Annotated[
        str | None,
        Field(
            description="A human-readable name, primarily used for display purposes.",
            title="Display",
        ),
    ] = None
    type: Annotated[
        str | None,
        Field(
            description="A label indicating the attribute's function, e.g., 'direct' or\n'indirect'.",
            examples=["direct", "indirect"],
            title="Type",
        ),
    ] = None
    value: Annotated[
        str | None, Field(description="The identifier of the User's group.", title="Value")
    ] = None


class ScimMeta(BaseModel):
    """
    All "meta" sub-attributes are assigned by the service provider (have a "mutability" of "readOnly"), and all of these sub-attributes have a "returned" characteristic of "default".

    This attribute SHALL be ignored when provided by clients.  "meta" contains the following sub-attributes:
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    created: Annotated[
        datetime | None,
        Field(
            description='The "DateTime" that the resource was added to the service provider.\n\nThis attribute MUST be a DateTime.',
            title="Created",
        ),
    ] = None
    lastModified: Annotated[
        datetime | None,
        Field(
            description='The most recent DateTime that the details of this resource were updated\nat the service provider.\n\nIf this resource has never been modified since its initial creation,\nthe value MUST be the same as the value of "created".',
            title="Lastmodified",
        ),
    ] = None
    location: Annotated[
        str | None,
        Field(
            description='The URI of the resource being returned.\n\nThis value MUST be the same as the "Content-Location" HTTP response\nheader (see Section 3.1.4.2 of [RFC7231]).',
            title="Location",
        ),
    ] = None
    resourceType: Annotated[
        str | None,
        Field(
            description='The name of the resource type of the resource.\n\nThis attribute has a mutability of "readOnly" and "caseExact" as\n"true".',
            title="Resourcetype",
        ),
    ] = None
    version: Annotated[
        str | None,
        Field(
            description='The version of the resource being returned.\n\nThis value must be the same as the entity-tag (ETag) HTTP response\nheader (see Sections 2.1 and 2.3 of [RFC7232]).  This attribute has\n"caseExact" as "true".  Service provider support for this attribute\nis optional and subject to the service provider\'s support for\nversioning (see Section 3.14 of [RFC7644]).  If a service provider\nprovides "version" (entity-tag) for a representation and the\ngeneration of that entity-tag does not satisfy all of the\ncharacteristics of a strong validator (see Section 2.1 of\n[RFC7232]), then the origin server MUST mark the "version" (entity-\ntag) as weak by prefixing its opaque value with "W/" (case\nsensitive).',
            title="Version",
        ),
    ] = None


class ScimName(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    familyName: Annotated[
        str | None,
        Field(
            description="The family name of the User, or last name in most Western languages\n(e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III').",
            title="Familyname",
        ),
    ] = None
    formatted: Annotated[
        str | None,
        Field(
            description="The full name, including all middle names, titles, and suffixes as\nappropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III').",
            title="Formatted",
        ),
    ] = None
    givenName: Annotated[
        str | None,
        Field(
            description="The given name of the User, or first name in most Western languages\n(e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III').",
            title="Givenname",
        ),
    ] = None
    honorificPrefix: Annotated[
        str | None,
        Field(
            description="The honorific prefix(es) of the User, or title in most Western languages\n(e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III').",
            title="Honorificprefix",
        ),
    ] = None
    honorificSuffix: Annotated[
        str | None,
        Field(
            description="The honorific suffix(es) of the User, or suffix in most Western\nlanguages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III').",
            title="Honorificsuffix",
        ),
    ] = None
    middleName: Annotated[
        str | None,
        Field(
            description="The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms.\nBarbara J Jensen, III').",
            title="Middlename",
        ),
    ] = None


class ScimOp(StrEnum):
    REPLACE = "replace"
    REMOVE = "remove"
    ADD = "add"


class ScimPatchOperationUser(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    op: Annotated[
        ScimOp,
        Field(
            description='Each PATCH operation object MUST have exactly one "op" member, whose\nvalue indicates the operation to perform and MAY be one of "add", "remove",\nor "replace".\n\n.. note::\n\n    For the sake of compatibility with Microsoft Entra,\n    despite :rfc:`RFC7644 §3.5.2 <7644#section-3.5.2>`, op is case-insensitive.'
        ),
    ]
    path: Annotated[
        str | None,
        Field(
            description='The "path" attribute value is a String containing an attribute path\ndescribing the target of the operation.',
            title="Path",
        ),
    ] = None
    value: Annotated[Any, Field(title="Value")] = None


class ScimRole(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display: Annotated[
        str | None,
        Field(
            description="A human-readable name, primarily used for display purposes.",
            title="Display",
        ),
    ] = None
    primary: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the 'primary' or preferred attribute value\nfor this attribute.",
            title="Primary",
        ),
    ] = None
    type: Annotated[
        str | None, Field(description="A label indicating the attribute's function.", title="Type")
    ] = None
    value: Annotated[str | None, Field(description="The value of a role.", title="Value")] = None


class ScimSortOrder(StrEnum):
    ASCENDING = "ascending"
    DESCENDING = "descending"


class ScimX509Certificate(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display: Annotated[
        str | None,
        Field(
            description="A human-readable name, primarily used for display purposes.",
            title="Display",
        ),
    ] = None
    primary: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the 'primary' or preferred attribute value\nfor this attribute.",
            title="Primary",
        ),
    ] = None
    type: Annotated[
        str | None, Field(description="A label indicating the attribute's function.", title="Type")
    ] = None
    value: Annotated[
        str | None, Field(description="The value of an X.509 certificate.", title="Value")
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


class WeightSuggestion(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    effects: Annotated[
        list[FactorEffect],
        Field(description="Empty while there is too little data.", title="Effects"),
    ]
    message: Annotated[str, Field(description="The finding in words.", title="Message")]
    min_relationships: Annotated[int, Field(title="Min Relationships")]
    outcome: Annotated[str, Field(description="What the factors are related to.", title="Outcome")]
    program_id: Annotated[UUID, Field(title="Program Id")]
    relationships: Annotated[
        int,
        Field(
            description="Relationships with an outcome: started at least 60 days ago, with a relationship health score.",
            title="Relationships",
        ),
    ]
    suggested_weights: Annotated[
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
            description="Null when there is too little data or no factor is distinguishable from zero: then nothing is suggested.",
            title="Suggested Weights",
        ),
    ]


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


class ScimAddress(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    country: Annotated[
        str | None, Field(description="The country name component.", title="Country")
    ] = None
    formatted: Annotated[
        str | None,
        Field(
            description="The full mailing address, formatted for display or use with a mailing\nlabel.",
            title="Formatted",
        ),
    ] = None
    locality: Annotated[
        str | None, Field(description="The city or locality component.", title="Locality")
    ] = None
    postalCode: Annotated[
        str | None, Field(description="The zip code or postal code component.", title="Postalcode")
    ] = None
    primary: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the 'primary' or preferred attribute value\nfor this attribute, e.g., the preferred address.",
            title="Primary",
        ),
    ] = None
    region: Annotated[
        str | None, Field(description="The state or region component.", title="Region")
    ] = None
    streetAddress: Annotated[
        str | None,
        Field(
            description="The full street address component, which may include house number,\nstreet name, P.O.\n\nbox, and multi-line extended street address information.",
            title="Streetaddress",
        ),
    ] = None
    type: Annotated[
        str | None,
        Field(description="A label indicating the attribute's function, e.g., 'work' or 'home'."),
    ] = None


class ScimEmail(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display: Annotated[
        str | None,
        Field(
            description="A human-readable name, primarily used for display purposes.",
            title="Display",
        ),
    ] = None
    primary: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the 'primary' or preferred attribute value\nfor this attribute, e.g., the preferred mailing address or primary email\naddress.",
            title="Primary",
        ),
    ] = None
    type: Annotated[
        str | None,
        Field(description="A label indicating the attribute's function, e.g., 'work' or 'home'."),
    ] = None
    value: Annotated[
        EmailStr | None, Field(description="Email addresses for the user.", title="Value")
    ] = None


class ScimIm(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display: Annotated[
        str | None,
        Field(
            description="A human-readable name, primarily used for display purposes.",
            title="Display",
        ),
    ] = None
    primary: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the 'primary' or preferred attribute value\nfor this attribute, e.g., the preferred messenger or primary messenger.",
            title="Primary",
        ),
    ] = None
    type: Annotated[
        str | None,
        Field(
            description="A label indicating the attribute's function, e.g., 'aim', 'gtalk',\n'xmpp'."
        ),
    ] = None
    value: Annotated[
        str | None, Field(description="Instant messaging address for the User.", title="Value")
    ] = None


class ScimPatchOp(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    Operations: Annotated[
        list[ScimPatchOperationUser] | None,
        Field(
            description='The body of an HTTP PATCH request MUST contain the attribute\n"Operations", whose value is an array of one or more PATCH operations.',
            title="Operations",
        ),
    ] = None
    schemas: Annotated[
        list[str] | None,
        Field(
            description='The "schemas" attribute is a REQUIRED attribute and is an array of\nStrings containing URIs that are used to indicate the namespaces of the\nSCIM schemas that define the attributes present in the current JSON\nstructure.\n\nIt only holds what a peer asserted, and is empty when a payload omitted\nit: SCIM dumps build it from the model definition.',
            title="Schemas",
        ),
    ] = None


class ScimPhoneNumber(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display: Annotated[
        str | None,
        Field(
            description="A human-readable name, primarily used for display purposes.",
            title="Display",
        ),
    ] = None
    primary: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the 'primary' or preferred attribute value\nfor this attribute, e.g., the preferred phone number or primary phone\nnumber.",
            title="Primary",
        ),
    ] = None
    type: Annotated[
        str | None,
        Field(
            description="A label indicating the attribute's function, e.g., 'work', 'home',\n'mobile'."
        ),
    ] = None
    value: Annotated[str | None, Field(description="Phone number of the User.", title="Value")] = (
        None
    )


class ScimPhoto(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    display: Annotated[
        str | None,
        Field(
            description="A human-readable name, primarily used for display purposes.",
            title="Display",
        ),
    ] = None
    primary: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the 'primary' or preferred attribute value\nfor this attribute, e.g., the preferred photo or thumbnail.",
            title="Primary",
        ),
    ] = None
    type: Annotated[
        str | None,
        Field(
            description="A label indicating the attribute's function, i.e., 'photo' or\n'thumbnail'."
        ),
    ] = None
    value: Annotated[
        AnyUrl | None, Field(description="URL of a photo of the User.", title="Value")
    ] = None


class ScimSearchRequest(BaseModel):
    """
    SearchRequest object defined at :rfc:`RFC7644 §3.4.3 <7644#section-3.4.3>`.

    Parameterising the request with the resource type an endpoint serves, as in
    ``SearchRequest[User]`` for ``/Users`` and ``/Users/.search``, resolves
    :attr:`filter` and :attr:`sort_by` against that model. An endpoint covering
    several resource types, such as the server root and the ``/.search`` mounted
    on it, names them all: ``SearchRequest[User | Group]``. An attribute only
    some of them declare stays valid there, and evaluates to false on the
    resources of the others, as
    :rfc:`RFC7644 §3.4.2.1 <7644#section-3.4.2.1>` requires.

    >>> from scim2_models import Context, SearchRequest, User
    >>> request = SearchRequest[User](
    ...     filter='userName eq "bjensen"',
    ...     sort_by="userName",
    ...     count=100,
    ... )
    >>> request.model_dump(scim_ctx=Context.SEARCH_REQUEST)
    {'schemas': ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], 'filter': 'userName eq "bjensen"', 'sortBy': 'userName', 'count': 100}
    """

    model_config = ConfigDict(
        extra="ignore",
    )
    attributes: Annotated[
        list[str] | None,
        Field(
            description="A multi-valued list of strings indicating the names of resource\nattributes to return in the response, overriding the set of attributes that\nwould be returned by default.",
            title="Attributes",
        ),
    ] = None
    count: Annotated[
        int | None,
        Field(
            description="An integer indicating the desired maximum number of query results per\npage.",
            title="Count",
        ),
    ] = None
    cursor: Annotated[
        str | None,
        Field(
            description="A string value that can be used to retrieve the next page of results.\nThe cursor value is defined in :rfc:`RFC9865 §2 <9865#section-2>`.",
            title="Cursor",
        ),
    ] = None
    excludedAttributes: Annotated[
        list[str] | None,
        Field(
            description="A multi-valued list of strings indicating the names of resource\nattributes to be removed from the default set of attributes to return.",
            title="Excludedattributes",
        ),
    ] = None
    filter: Annotated[
        str | None,
        Field(
            description="The filter used to request a subset of resources.\n\nAssigning a string parses it, so a malformed filter is rejected at\nvalidation time rather than by the server. On a parameterised request the\nfilter is checked against the model as well, unknown attributes included,\nand is ready to be matched::\n\n    SearchRequest[User](filter='userName eq \"bjensen\"').filter.match(user)\n\nAn unparameterised request only has its syntax checked, there being no\nmodel to resolve attribute names against.",
            title="Filter",
        ),
    ] = None
    schemas: Annotated[
        list[str] | None,
        Field(
            description='The "schemas" attribute is a REQUIRED attribute and is an array of\nStrings containing URIs that are used to indicate the namespaces of the\nSCIM schemas that define the attributes present in the current JSON\nstructure.\n\nIt only holds what a peer asserted, and is empty when a payload omitted\nit: SCIM dumps build it from the model definition.',
            title="Schemas",
        ),
    ] = None
    sortBy: Annotated[
        str | None,
        Field(
            description="A string indicating the attribute whose value SHALL be used to order the\nreturned responses.\n\nOn a parameterised request the attribute is resolved against the model, and\none none of the resource types declares is refused. Where an unknown entry\nof :attr:`~scim2_models.ResponseParameters.attributes` is ignored, an order\ncannot be: a ``sortBy`` left out answers an arbitrary order the client has\nno way of telling from the one it asked for.\n\nA complex attribute is refused as well, :rfc:`RFC7644 §3.4.2.3\n<7644#section-3.4.2.3>` asking for a path to one of its sub-attributes. A\nmulti-valued one holding a ``value`` sub-attribute stands for it, so\n``emails`` sorts as ``emails.value``. A binary attribute, and a write-only\nattribute such as ``password``, are refused too. On a union, the attribute is accepted\nas long as one of the resource types can sort on it.",
            title="Sortby",
        ),
    ] = None
    sortOrder: Annotated[
        ScimSortOrder | None,
        Field(
            description='A string indicating the order in which the "sortBy" parameter is\napplied.'
        ),
    ] = None
    startIndex: Annotated[
        int | None,
        Field(
            description="An integer indicating the 1-based index of the first query result.",
            title="Startindex",
        ),
    ] = None


class ScimUser(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    active: Annotated[
        bool | None,
        Field(
            description="A Boolean value indicating the User's administrative status.",
            title="Active",
        ),
    ] = None
    addresses: Annotated[
        list[ScimAddress] | None,
        Field(description="A physical mailing address for this User.", title="Addresses"),
    ] = None
    displayName: Annotated[
        str | None,
        Field(
            description="The name of the User, suitable for display to end-users.",
            title="Displayname",
        ),
    ] = None
    emails: Annotated[
        list[ScimEmail] | None, Field(description="Email addresses for the user.", title="Emails")
    ] = None
    entitlements: Annotated[
        list[ScimEntitlement] | None,
        Field(
            description="A list of entitlements for the User that represent a thing the User\nhas.",
            title="Entitlements",
        ),
    ] = None
    externalId: Annotated[
        str | None,
        Field(
            description="A String that is an identifier for the resource as defined by the\nprovisioning client.",
            title="Externalid",
        ),
    ] = None
    groups: Annotated[
        list[ScimGroupMembership] | None,
        Field(
            description="A list of groups to which the user belongs, either through direct\nmembership, through nested groups, or dynamically calculated.",
            title="Groups",
        ),
    ] = None
    id: Annotated[
        str | None,
        Field(
            description="A unique identifier for a SCIM resource as defined by the service\nprovider.\n\nid is mandatory is the resource representation, but is forbidden in\nresource creation or replacement requests.",
            title="Id",
        ),
    ] = None
    ims: Annotated[
        list[ScimIm] | None,
        Field(description="Instant messaging addresses for the User.", title="Ims"),
    ] = None
    locale: Annotated[
        str | None,
        Field(
            description="Used to indicate the User's default location for purposes of localizing\nitems such as currency, date time format, or numerical representations.",
            title="Locale",
        ),
    ] = None
    meta: Annotated[
        ScimMeta | None, Field(description="A complex attribute containing resource metadata.")
    ] = None
    name: Annotated[
        ScimName | None, Field(description="The components of the user's real name.")
    ] = None
    nickName: Annotated[
        str | None,
        Field(
            description="The casual way to address the user in real life, e.g., 'Bob' or 'Bobby'\ninstead of 'Robert'.",
            title="Nickname",
        ),
    ] = None
    password: Annotated[
        str | None, Field(description="The User's cleartext password.", title="Password")
    ] = None
    phoneNumbers: Annotated[
        list[ScimPhoneNumber] | None,
        Field(description="Phone numbers for the User.", title="Phonenumbers"),
    ] = None
    photos: Annotated[
        list[ScimPhoto] | None, Field(description="URLs of photos of the User.", title="Photos")
    ] = None
    preferredLanguage: Annotated[
        str | None,
        Field(
            description="Indicates the User's preferred written or spoken language.\n\nGenerally used for selecting a localized user interface; e.g.,\n'en_US' specifies the language English and country US.",
            title="Preferredlanguage",
        ),
    ] = None
    profileUrl: Annotated[
        AnyUrl | None,
        Field(
            description="A fully qualified URL pointing to a page representing the User's online\nprofile.",
            title="Profileurl",
        ),
    ] = None
    roles: Annotated[
        list[ScimRole] | None,
        Field(
            description="A list of roles for the User that collectively represent who the User\nis, e.g., 'Student', 'Faculty'.",
            title="Roles",
        ),
    ] = None
    schemas: Annotated[
        list[str] | None,
        Field(
            description='The "schemas" attribute is a REQUIRED attribute and is an array of\nStrings containing URIs that are used to indicate the namespaces of the\nSCIM schemas that define the attributes present in the current JSON\nstructure.\n\nIt only holds what a peer asserted, and is empty when a payload omitted\nit: SCIM dumps build it from the model definition.',
            title="Schemas",
        ),
    ] = None
    timezone: Annotated[
        str | None,
        Field(
            description="The User's time zone in the 'Olson' time zone database format, e.g.,\n'America/Los_Angeles'.",
            title="Timezone",
        ),
    ] = None
    title: Annotated[
        str | None, Field(description='The user\'s title, such as "Vice President".', title="Title")
    ] = None
    userName: Annotated[
        str | None,
        Field(
            description="Unique identifier for the User, typically used by the user to directly\nauthenticate to the service provider.",
            title="Username",
        ),
    ] = None
    userType: Annotated[
        str | None,
        Field(
            description="Used to identify the relationship between the organization and the user.\n\nTypical values used might be 'Contractor', 'Employee', 'Intern',\n'Temp', 'External', and 'Unknown', but any value may be used.",
            title="Usertype",
        ),
    ] = None
    x509Certificates: Annotated[
        list[ScimX509Certificate] | None,
        Field(description="A list of certificates issued to the User.", title="X509Certificates"),
    ] = None


class ScimUserList(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
    )
    Resources: Annotated[
        list[ScimUser] | None,
        Field(
            description="A multi-valued list of complex objects containing the requested\nresources.",
            title="Resources",
        ),
    ] = None
    itemsPerPage: Annotated[
        int | None,
        Field(
            description="The number of resources returned in a list response page.",
            title="Itemsperpage",
        ),
    ] = None
    nextCursor: Annotated[
        str | None,
        Field(
            description="A string value that can be used to retrieve the next page of list\nresults.",
            title="Nextcursor",
        ),
    ] = None
    previousCursor: Annotated[
        str | None,
        Field(
            description="A string value that can be used to retrieve the previous page of list\nresults.",
            title="Previouscursor",
        ),
    ] = None
    schemas: Annotated[
        list[str] | None,
        Field(
            description='The "schemas" attribute is a REQUIRED attribute and is an array of\nStrings containing URIs that are used to indicate the namespaces of the\nSCIM schemas that define the attributes present in the current JSON\nstructure.\n\nIt only holds what a peer asserted, and is empty when a payload omitted\nit: SCIM dumps build it from the model definition.',
            title="Schemas",
        ),
    ] = None
    startIndex: Annotated[
        int | None,
        Field(
            description="The 1-based index of the first result in the current set of list\nresults.",
            title="Startindex",
        ),
    ] = None
    totalResults: Annotated[
        int | None,
        Field(
            description="The total number of results returned by the list or query operation.",
            title="Totalresults",
        ),
    ] = None


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
