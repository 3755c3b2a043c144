"""Events the matching service publishes on `mentorship.matching.events`.

Program events carry a full snapshot of what other services need (admins, cadence, goal
templates), so that consumers keep their read models by upserting, whatever arrives first.
"""

from datetime import date, datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.base import EventPayload, PersonErased

ParticipantRole = Literal["mentor", "mentee"]
Cadence = Literal["weekly", "biweekly", "monthly"]
ProgramFormat = Literal["one_to_one", "group", "peer", "reverse", "flash"]
ProgramStatus = Literal["draft", "enrolling", "matching", "active", "closed"]


class GoalTemplate(BaseModel):
    """A goal every match of the program starts with (as a draft the mentee refines)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    title: str
    description: str = ""
    metric: str | None = None
    target: float | None = None
    unit: str | None = None
    due_after_days: int | None = Field(default=None, description="Due this long after the start.")
    milestones: list[str] = Field(default_factory=list)


class ProgramSnapshot(EventPayload):
    program_id: UUID
    name: str
    format: ProgramFormat = "one_to_one"
    status: ProgramStatus = "enrolling"
    admin_user_ids: list[str] = Field(default_factory=list)
    checkin_cadence: Cadence = "biweekly"
    goal_templates: list[GoalTemplate] = Field(default_factory=list)
    starts_on: date | None = None
    ends_on: date | None = None


class ProgramCreatedV1(ProgramSnapshot):
    """A program was created in an organisation."""

    event_type: ClassVar[str] = "mentorship.matching.program.created.v1"


class ProgramUpdatedV1(ProgramSnapshot):
    """A program's settings, admins or status changed; the payload is the whole new state."""

    event_type: ClassVar[str] = "mentorship.matching.program.updated.v1"


class ParticipantEnrolledV1(EventPayload):
    """A person joined a program as a mentor or a mentee."""

    event_type: ClassVar[str] = "mentorship.matching.participant.enrolled.v1"

    program_id: UUID
    program_name: str
    participant_id: UUID
    user_id: str = Field(description="The person's subject (`sub`) at the identity provider.")
    role: ParticipantRole
    display_name: str
    email: str | None = None
    timezone: str | None = Field(default=None, description="IANA timezone, e.g. Europe/Paris.")
    locale: str | None = None
    external_id: str | None = Field(
        default=None,
        description="The person's HR id, when an admin gave one: it links the participant to "
        "the organisation's population for the outcomes report.",
    )


class ParticipantProfileUpdatedV1(EventPayload):
    """A participant's profile changed (contact data and timezone are what others keep)."""

    event_type: ClassVar[str] = "mentorship.matching.participant.profile_updated.v1"

    program_id: UUID
    participant_id: UUID
    user_id: str
    role: ParticipantRole
    display_name: str
    email: str | None = None
    timezone: str | None = None
    locale: str | None = None
    external_id: str | None = Field(default=None, description="The person's HR id, if known.")


class ParticipantWithdrawnV1(EventPayload):
    """A participant left a program; their open matches end separately (match.ended)."""

    event_type: ClassVar[str] = "mentorship.matching.participant.withdrawn.v1"

    program_id: UUID
    participant_id: UUID
    user_id: str
    role: ParticipantRole


class PersonDeactivatedV1(EventPayload):
    """The organisation's identity provider deactivated or deleted a person (SCIM): they were
    withdrawn from every open program (participant.withdrawn follows for each) and are told
    nothing more until they are reactivated."""

    event_type: ClassVar[str] = "mentorship.matching.person.deactivated.v1"

    user_id: str
    deleted: bool = Field(
        default=False, description="Deleted from the directory rather than deactivated."
    )


class PersonActivatedV1(EventPayload):
    """The identity provider provisioned a person as active, or reactivated them (SCIM): they
    may enrol and are told about what concerns them (again)."""

    event_type: ClassVar[str] = "mentorship.matching.person.activated.v1"

    user_id: str


class MatchParties(EventPayload):
    match_id: UUID
    program_id: UUID
    mentor_participant_id: UUID
    mentee_participant_id: UUID
    mentor_user_id: str
    mentee_user_id: str


class MatchProposedV1(MatchParties):
    """A mentor and a mentee were proposed to each other, with the score that explains it."""

    event_type: ClassVar[str] = "mentorship.matching.match.proposed.v1"

    score: float
    run_id: UUID | None = None
    awaiting: list[str] = Field(
        default_factory=list, description="User ids whose acceptance is still needed."
    )


class MatchAcceptedV1(MatchParties):
    """Consent is complete (everyone the proposal awaited accepted, or the admin assigned it):
    the mentor's place is taken and the relationship starts on `starts_on` (today, or the
    program's start date)."""

    event_type: ClassVar[str] = "mentorship.matching.match.accepted.v1"

    starts_on: date
    ends_on: date | None = None
    checkin_cadence: Cadence = "biweekly"


class MatchActivatedV1(MatchParties):
    """An accepted relationship began: its start date came (the same day as the acceptance
    when the program is already running)."""

    event_type: ClassVar[str] = "mentorship.matching.match.activated.v1"

    starts_on: date
    ends_on: date | None = None
    accepted_at: datetime


class MatchDeclinedV1(MatchParties):
    """A proposal was declined."""

    event_type: ClassVar[str] = "mentorship.matching.match.declined.v1"

    declined_by_user_id: str
    reason: str | None = None


class MatchWithdrawnV1(MatchParties):
    """The person who asked for this match (a mentee's or a mentor's own request) took the
    request back while it was still proposed."""

    event_type: ClassVar[str] = "mentorship.matching.match.withdrawn.v1"

    withdrawn_by_user_id: str
    reason: str | None = None


class MatchEndedV1(MatchParties):
    """A relationship ended: completed as planned, or ended early."""

    event_type: ClassVar[str] = "mentorship.matching.match.ended.v1"

    outcome: Literal["completed", "ended_early", "withdrawn"]
    ended_at: datetime
    reason: str | None = None


class MatchingRunPublishedV1(EventPayload):
    """An admin published a reviewed cohort matching run; its matches are proposed."""

    event_type: ClassVar[str] = "mentorship.matching.matching_run.published.v1"

    run_id: UUID
    program_id: UUID
    mode: Literal["optimal", "stable"]
    proposed_matches: int
    unmatched_mentees: int


class PersonErasureRequestedV1(EventPayload):
    """An erasure of a person's data was requested (by them or an org admin): every service
    erases or anonymises what it holds about them and confirms with its `person.erased`.
    It carries the user id alone: each service finds the person's names, emails and HR ids in
    its own rows."""

    event_type: ClassVar[str] = "mentorship.matching.person.erasure_requested.v1"

    request_id: UUID
    user_id: str = Field(description="The person's subject (`sub`) at the identity provider.")
    pseudonym: str = Field(
        description="What the person's user id becomes in every service (random, the same "
        "everywhere, so that counterparts' rows and aggregates stay consistent)."
    )


class MatchingPersonErasedV1(PersonErased):
    """Matching has erased or anonymised everything it held about a person."""

    event_type: ClassVar[str] = "mentorship.matching.person.erased.v1"
