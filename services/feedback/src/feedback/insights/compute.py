"""Program insights from the read models, one month at a time: pure functions, no I/O.

"Are our relationships structured and goal-oriented, and do they work?" Each metric names the
people it is computed over; below the minimum group size its value is withheld, and so is the
size (a count of three people is itself an aggregate over three).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from statistics import fmean, median

from feedback.access import shown
from feedback.models import Checkin, Enrolment, FeedbackSubmission, Goal, HealthTransition, Match

ACTIVE_GOAL_STATES = frozenset({"active", "in_progress", "completed", "overdue"})


@dataclass(frozen=True)
class Metric:
    name: str
    value: float | None
    population: int | None
    withheld: bool


@dataclass(frozen=True)
class ProgramFacts:
    enrolments: Sequence[Enrolment]
    matches: Sequence[Match]
    checkins: Sequence[Checkin]
    goals: Sequence[Goal]
    submissions: Sequence[FeedbackSubmission]
    transitions: Sequence[HealthTransition]


def _metric(name: str, people: set[str], value: float | None) -> Metric:
    if not shown(len(people)) or value is None:
        return Metric(name, None, None, True)
    return Metric(name, round(value, 3), len(people), False)


def _parties(matches: Iterable[Match]) -> set[str]:
    return {user for match in matches for user in (match.mentor_user_id, match.mentee_user_id)}


def _started(match: Match) -> datetime:
    return match.accepted_at or match.created_at


def _active_during(match: Match, start: datetime, end: datetime) -> bool:
    if match.status in ("proposed", "declined"):
        return False
    return _started(match) < end and (match.ended_at is None or match.ended_at >= start)


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _at_risk_at(facts: ProgramFacts, end: datetime) -> tuple[set[str], int]:
    """People of the matches active at `end`, and how many of those matches were at risk."""
    active = [m for m in facts.matches if _active_during(m, end, end)]
    last: dict[object, HealthTransition] = {}
    for transition in sorted(facts.transitions, key=lambda t: t.at):
        if transition.at < end:
            last[transition.match_id] = transition
    at_risk = sum(1 for m in active if m.id in last and last[m.id].at_risk)
    return _parties(active), at_risk


def period_metrics(facts: ProgramFacts, start: datetime, end: datetime) -> list[Metric]:
    """The metrics of [start, end); the trend compares the at-risk count with the one at start."""
    enrolled = {
        e.user_id
        for e in facts.enrolments
        if e.enrolled_at < end and (e.withdrawn_at is None or e.withdrawn_at >= end)
    }
    new = {e.user_id for e in facts.enrolments if start <= e.enrolled_at < end}

    decided = [
        m
        for m in facts.matches
        if (m.accepted_at and start <= m.accepted_at < end)
        or (m.declined_at and start <= m.declined_at < end)
    ]
    accepted = sum(1 for m in decided if m.accepted_at and start <= m.accepted_at < end)

    first = [
        m
        for m in facts.matches
        if m.first_checkin_at and m.starts_on and start <= m.first_checkin_at < end
    ]
    waits = [
        (m.first_checkin_at - datetime.combine(m.starts_on, time(), UTC)).days
        for m in first
        if m.first_checkin_at and m.starts_on
    ]

    by_id = {m.id: m for m in facts.matches}
    held = [c for c in facts.checkins if start <= c.occurred_at < end]
    held_matches = [by_id[c.match_id] for c in held if c.match_id in by_id]

    active = [m for m in facts.matches if _active_during(m, start, end)]
    active_ids = {m.id for m in active}
    goals = [
        g
        for g in facts.goals
        if g.match_id in active_ids and g.status in ACTIVE_GOAL_STATES and g.created_at < end
    ]
    with_goal = {g.match_id for g in goals}
    completed = sum(1 for g in goals if g.completed_at and g.completed_at < end)

    rated = [s for s in facts.submissions if start <= s.submitted_at < end and s.ratings]

    people_now, risk_now = _at_risk_at(facts, end)
    people_before, risk_before = _at_risk_at(facts, start)
    trend_people = people_now if shown(len(people_before)) else set()

    return [
        _metric("enrolled", enrolled, len(enrolled)),
        _metric("new_enrolments", new, len(new)),
        _metric("match_acceptance_rate", _parties(decided), _rate(accepted, len(decided))),
        _metric("median_days_to_first_checkin", _parties(first), median(waits) if waits else None),
        _metric(
            "checkin_adherence",
            _parties(held_matches),
            _rate(sum(c.status == "completed" for c in held), len(held)),
        ),
        _metric("smart_goal_share", _parties(active), _rate(len(with_goal), len(active))),
        _metric(
            "goal_completion_rate",
            _parties(by_id[i] for i in with_goal),
            _rate(completed, len(goals)),
        ),
        _metric(
            "satisfaction",
            {s.from_user_id for s in rated},
            fmean(fmean(s.ratings.values()) for s in rated) if rated else None,
        ),
        _metric("at_risk_matches", people_now, risk_now),
        _metric("at_risk_trend", trend_people, risk_now - risk_before),
    ]
