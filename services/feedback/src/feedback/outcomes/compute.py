"""The outcomes report from the population and the read models: pure functions, no I/O.

Everyone is followed from one index date `start` (the cohort's first enrolment): participants
(enrolled in the program or cohort, withdrawn ones included: intention to treat) against the
people of the same department and seniority band who were not enrolled, employed at `start`.
An outcome H months on is shown only once `start + H` has passed, and only when both groups
have at least the minimum group size.
"""

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Literal

from feedback.access import shown
from feedback.models import Enrolment, FeedbackSubmission, Goal, Match, PopulationMember
from feedback.outcomes.stats import Stratum, risk_difference

Verdict = Literal["higher", "lower", "not_distinguishable", "withheld", "not_yet_observable"]
GOAL_STATES = frozenset({"active", "in_progress", "completed", "overdue"})


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Comparison:
    name: str
    verdict: Verdict
    participants: int | None = None
    comparison: int | None = None
    participant_rate: float | None = None
    comparison_rate: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True)
class Measure:
    name: str
    value: float | None
    population: int | None
    withheld: bool


# An outcome: whether the person counts at all (None: left out), and whether it happened.
Outcome = Callable[[PopulationMember, date, date], bool | None]


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _employed(person: PopulationMember, day: date) -> bool:
    return person.hire_date <= day and (person.exit_date is None or person.exit_date > day)


def retained(person: PopulationMember, start: date, end: date) -> bool | None:
    """Still here at `end`; someone let go (an involuntary exit) is left out, not counted as
    leaving: the program cannot be credited or blamed for an employer's decision."""
    if person.exit_date is None or person.exit_date > end:
        return True
    return None if person.exit_voluntary is False else False


def promoted(person: PopulationMember, start: date, end: date) -> bool | None:
    return any(start < _day(day) <= end for day in person.promotion_dates)


def moved(person: PopulationMember, start: date, end: date) -> bool | None:
    return any(start < _day(day) <= end for day in person.move_dates)


OUTCOMES: tuple[tuple[str, int, Outcome], ...] = (
    ("retention_6m", 6, retained),
    ("retention_12m", 12, retained),
    ("promotion_12m", 12, promoted),
    ("internal_move_12m", 12, moved),
)


def _band(person: PopulationMember) -> tuple[str, str]:
    return person.department, person.seniority_band


def compare(
    name: str,
    outcome: Outcome,
    participants: Sequence[PopulationMember],
    others: Sequence[PopulationMember],
    start: date,
    end: date,
    today: date,
) -> Comparison:
    if end > today:
        return Comparison(name, "not_yet_observable")
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for index, group in ((0, participants), (2, others)):
        for person in group:
            happened = outcome(person, start, end)
            if happened is not None:
                counts[_band(person)][index] += 1
                counts[_band(person)][index + 1] += int(happened)
    # Only strata with both groups are compared, and so only they are counted.
    strata = [Stratum(*c) for c in counts.values() if c[0] and c[2]]
    n, n0 = sum(s.n for s in strata), sum(s.n0 for s in strata)
    difference = risk_difference(strata)
    if difference is None or not (shown(n) and shown(n0)):
        return Comparison(name, "withheld")
    if not difference.distinguishable:
        verdict: Verdict = "not_distinguishable"
    else:
        verdict = "higher" if difference.estimate > 0 else "lower"
    return Comparison(
        name,
        verdict,
        participants=n,
        comparison=n0,
        participant_rate=round(sum(s.hits for s in strata) / n, 3),
        comparison_rate=round(sum(s.hits0 for s in strata) / n0, 3),
        difference=round(difference.estimate, 3),
        ci_low=round(difference.low, 3),
        ci_high=round(difference.high, 3),
    )


def comparisons(
    population: Sequence[PopulationMember],
    enrolments: Sequence[Enrolment],
    start: date,
    today: date,
) -> list[Comparison]:
    """Retention, promotion and internal moves, participants against the comparison group."""
    enrolled = {e.hr_id for e in enrolments if e.hr_id}
    present = [p for p in population if _employed(p, start)]
    participants = [p for p in present if p.hr_id in enrolled]
    bands = {_band(p) for p in participants}
    others = [p for p in present if p.hr_id not in enrolled and _band(p) in bands]
    return [
        compare(name, outcome, participants, others, start, add_months(start, months), today)
        for name, months, outcome in OUTCOMES
    ]


def _measure(name: str, people: set[str], value: float | None) -> Measure:
    if not shown(len(people)) or value is None:
        return Measure(name, None, None, True)
    return Measure(name, round(value, 3), len(people), False)


def _parties(matches: Iterable[Match]) -> set[str]:
    return {user for m in matches for user in (m.mentor_user_id, m.mentee_user_id)}


def measures(
    matches: Sequence[Match], goals: Sequence[Goal], submissions: Sequence[FeedbackSubmission]
) -> list[Measure]:
    """Goal attainment (share of the relationships' goals completed) and satisfaction (mean
    rating given), each over the people it is computed from."""
    by_id = {m.id: m for m in matches if m.status not in ("proposed", "declined")}
    counted = [g for g in goals if g.match_id in by_id and g.status in GOAL_STATES]
    completed = sum(1 for g in counted if g.status == "completed")
    rated = [s for s in submissions if s.match_id in by_id and s.ratings]
    return [
        _measure(
            "goal_attainment",
            _parties(by_id[g.match_id] for g in counted),
            completed / len(counted) if counted else None,
        ),
        _measure(
            "satisfaction",
            {s.from_user_id for s in rated},
            fmean(fmean(s.ratings.values()) for s in rated) if rated else None,
        ),
    ]
