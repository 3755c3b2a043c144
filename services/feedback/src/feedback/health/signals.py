"""Relationship health as a sum of named signals: pure functions, no I/O.

Each signal is a value in [0, 1] times a weight; the weights add up to 100, so the score is
0-100 and each signal's contribution is its share of the score (the explanation). A signal
without data yet takes a neutral value, so a new relationship starts healthy, not at risk.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

WEIGHTS: dict[str, float] = {
    "rating_level": 25.0,
    "rating_trend": 10.0,
    "fit_check": 15.0,
    "checkin_adherence": 20.0,
    "goal_progress": 15.0,
    "recency": 15.0,
}

# Hysteresis: a match enters the at-risk state below ENTER_BELOW and leaves it only above
# LEAVE_ABOVE, so a score wandering around one threshold does not flap.
ENTER_BELOW = 40.0
LEAVE_ABOVE = 50.0

RECENT_RATINGS = 4
RECENT_CHECKINS = 6
CONTACT_FRESH_DAYS = 14.0
CONTACT_LOST_DAYS = 60.0


@dataclass(frozen=True)
class HealthInputs:
    ratings: Sequence[float] = ()
    """Mean rating (1-5) of each submission about this match, oldest first."""
    fit_checks: Sequence[bool] = ()
    """Each submission's "continue with this partner?", oldest first."""
    checkins: Sequence[bool] = ()
    """Each check-in's outcome (True: completed, False: missed), oldest first."""
    goal_progress: Sequence[float] = ()
    """Progress (0-1) of each active or completed goal."""
    goals_overdue: int = 0
    days_since_contact: float | None = None


@dataclass(frozen=True)
class Signal:
    name: str
    weight: float
    value: float
    detail: str

    @property
    def contribution(self) -> float:
        return round(self.weight * self.value, 2)


@dataclass(frozen=True)
class Health:
    score: float
    signals: list[Signal]

    def contributions(self) -> dict[str, float]:
        return {signal.name: signal.contribution for signal in self.signals}


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _rating_level(ratings: Sequence[float]) -> tuple[float, str]:
    if not ratings:
        return 0.6, "no feedback yet"
    recent = fmean(ratings[-RECENT_RATINGS:])
    return _clamp((recent - 1) / 4), f"mean rating {recent:.2f}/5 over the last feedback"


def _rating_trend(ratings: Sequence[float]) -> tuple[float, str]:
    if len(ratings) < 2:
        return 0.5, "not enough feedback for a trend"
    half = min(len(ratings) // 2, RECENT_RATINGS // 2)
    recent, earlier = fmean(ratings[-half:]), fmean(ratings[-2 * half : -half])
    change = recent - earlier
    # A fall of two points (of five) is the worst trend, a rise of two the best.
    return _clamp(0.5 + change / 4), f"ratings moved {change:+.2f} from {earlier:.2f}"


def _fit_check(fits: Sequence[bool]) -> tuple[float, str]:
    if not fits:
        return 0.7, "no fit check yet"
    recent = fits[-RECENT_RATINGS:]
    yes = sum(recent)
    return yes / len(recent), f"{yes} of {len(recent)} recent answers want to continue"


def _adherence(checkins: Sequence[bool]) -> tuple[float, str]:
    if not checkins:
        return 0.7, "no check-in held or missed yet"
    recent = checkins[-RECENT_CHECKINS:]
    held = sum(recent)
    return held / len(recent), f"{held} of the last {len(recent)} check-ins held"


def _goals(progress: Sequence[float], overdue: int) -> tuple[float, str]:
    if not progress:
        return 0.5, "no active goal"
    value = fmean(progress) - 0.25 * overdue
    return _clamp(value), f"mean goal progress {fmean(progress):.0%}, {overdue} overdue"


def _recency(days: float | None) -> tuple[float, str]:
    if days is None:
        return 0.7, "no contact yet"
    span = CONTACT_LOST_DAYS - CONTACT_FRESH_DAYS
    value = _clamp(1 - (days - CONTACT_FRESH_DAYS) / span)
    return value, f"{days:.0f} days since the last contact"


def assess(inputs: HealthInputs) -> Health:
    """The score and the signals behind it."""
    values = {
        "rating_level": _rating_level(inputs.ratings),
        "rating_trend": _rating_trend(inputs.ratings),
        "fit_check": _fit_check(inputs.fit_checks),
        "checkin_adherence": _adherence(inputs.checkins),
        "goal_progress": _goals(inputs.goal_progress, inputs.goals_overdue),
        "recency": _recency(inputs.days_since_contact),
    }
    signals = [
        Signal(name, WEIGHTS[name], round(value, 4), detail)
        for name, (value, detail) in values.items()
    ]
    score = round(sum(signal.weight * signal.value for signal in signals), 1)
    return Health(score=max(0.0, min(100.0, score)), signals=signals)


def next_at_risk(was_at_risk: bool, score: float) -> bool:
    """The at-risk state after a new score, with hysteresis."""
    if was_at_risk:
        return score <= LEAVE_ABOVE
    return score < ENTER_BELOW
