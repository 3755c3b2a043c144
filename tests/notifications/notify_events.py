"""Other services' events, built through their committed contracts (their producers may not
exist yet)."""

from datetime import date, datetime
from uuid import UUID, uuid4

from contracts.feedback import FeedbackRequestedV1, RelationshipHealthChangedV1, SurveyRequestedV1
from contracts.goals import (
    CheckinCancelledV1,
    CheckinRescheduledV1,
    CheckinScheduledV1,
    GoalCompletedV1,
    GoalOverdueV1,
    MilestoneCompletedV1,
)
from contracts.matching import (
    MatchAcceptedV1,
    MatchActivatedV1,
    MatchDeclinedV1,
    MatchEndedV1,
    MatchProposedV1,
    ParticipantEnrolledV1,
    ProgramCreatedV1,
)

PROGRAM = UUID("00000000-0000-4000-8000-000000000001")
MATCH = UUID("00000000-0000-4000-8000-000000000002")
MENTOR, MENTEE = "maria", "tom"


def program(admins: list[str] | None = None, name: str = "Spring cohort") -> ProgramCreatedV1:
    return ProgramCreatedV1(program_id=PROGRAM, name=name, admin_user_ids=admins or ["ada"])


def enrolled(
    user_id: str,
    role: str = "mentee",
    email: str | None = None,
    timezone: str | None = None,
    locale: str | None = None,
) -> ParticipantEnrolledV1:
    return ParticipantEnrolledV1(
        program_id=PROGRAM,
        program_name="Spring cohort",
        participant_id=uuid4(),
        user_id=user_id,
        role=role,
        display_name=user_id.title(),
        email=email,
        timezone=timezone,
        locale=locale,
    )


def _parties() -> dict[str, object]:
    return {
        "match_id": MATCH,
        "program_id": PROGRAM,
        "mentor_participant_id": uuid4(),
        "mentee_participant_id": uuid4(),
        "mentor_user_id": MENTOR,
        "mentee_user_id": MENTEE,
    }


def _scoped() -> dict[str, object]:
    return {
        "match_id": MATCH,
        "program_id": PROGRAM,
        "mentor_user_id": MENTOR,
        "mentee_user_id": MENTEE,
    }


def match_proposed() -> MatchProposedV1:
    return MatchProposedV1(**_parties(), score=0.87, awaiting=[MENTOR, MENTEE])


def match_accepted() -> MatchAcceptedV1:
    return MatchAcceptedV1(**_parties(), starts_on=date(2026, 3, 2))


def match_activated(accepted_at: datetime = datetime(2026, 2, 20, 15)) -> MatchActivatedV1:
    return MatchActivatedV1(**_parties(), starts_on=date(2026, 3, 2), accepted_at=accepted_at)


def match_declined() -> MatchDeclinedV1:
    return MatchDeclinedV1(**_parties(), declined_by_user_id=MENTOR, reason="No time")


def match_ended() -> MatchEndedV1:
    return MatchEndedV1(**_parties(), outcome="completed", ended_at=datetime(2026, 9, 1))


def goal_completed(title: str = "Ship a <b>talk</b>") -> GoalCompletedV1:
    return GoalCompletedV1(**_scoped(), goal_id=uuid4(), title=title)


def milestone_completed() -> MilestoneCompletedV1:
    return MilestoneCompletedV1(**_scoped(), goal_id=uuid4(), milestone_id=uuid4(), title="Draft")


def goal_overdue() -> GoalOverdueV1:
    return GoalOverdueV1(**_scoped(), goal_id=uuid4(), title="Read", due_on=date(2026, 3, 1))


CHECKIN = UUID("00000000-0000-4000-8000-000000000003")


def checkin_scheduled(starts_at: datetime) -> CheckinScheduledV1:
    return CheckinScheduledV1(
        **_scoped(),
        checkin_id=CHECKIN,
        starts_at=starts_at,
        duration_minutes=30,
        meeting_url="https://meet.example/abc",
    )


def checkin_rescheduled(starts_at: datetime, previous: datetime) -> CheckinRescheduledV1:
    return CheckinRescheduledV1(
        **_scoped(),
        checkin_id=CHECKIN,
        starts_at=starts_at,
        duration_minutes=30,
        previous_starts_at=previous,
    )


def checkin_cancelled(starts_at: datetime) -> CheckinCancelledV1:
    return CheckinCancelledV1(
        **_scoped(),
        checkin_id=CHECKIN,
        starts_at=starts_at,
        duration_minutes=30,
        reason="Sick",
    )


def feedback_requested(due_at: datetime) -> FeedbackRequestedV1:
    return FeedbackRequestedV1(
        request_id=uuid4(),
        checkin_id=CHECKIN,
        match_id=MATCH,
        program_id=PROGRAM,
        from_user_id=MENTEE,
        about_user_id=MENTOR,
        due_at=due_at,
    )


def survey_requested() -> SurveyRequestedV1:
    return SurveyRequestedV1(
        survey_id=uuid4(), program_id=PROGRAM, match_id=MATCH, user_id=MENTEE, kind="pulse"
    )


def at_risk(at_risk: bool = True) -> RelationshipHealthChangedV1:
    return RelationshipHealthChangedV1(
        **_scoped(),
        score=38.0,
        previous_score=61.0,
        at_risk=at_risk,
        signals={"missed_checkins": -20.0},
    )
