"""The SMART rules, as pure functions: each failed letter gets its own message."""

from dataclasses import dataclass
from datetime import date
from typing import Literal

Letter = Literal["S", "M", "A", "R", "T"]
CRITERIA: dict[Letter, str] = {
    "S": "specific",
    "M": "measurable",
    "A": "achievable",
    "R": "relevant",
    "T": "time-bound",
}
MIN_DESCRIPTION_WORDS = 4
MAX_HORIZON_DAYS = 5 * 366
"""A goal more than five years away is not time-bound in any useful sense."""


@dataclass(frozen=True)
class GoalFacts:
    """What the rules look at, whether the goal is being created, edited or activated."""

    title: str
    description: str
    metric: str | None
    target: float | None
    unit: str | None
    milestones: int
    relevance: str | None
    due_on: date | None
    acknowledged: bool


@dataclass(frozen=True)
class SmartFailure:
    letter: Letter
    message: str

    def as_problem(self) -> dict[str, str]:
        return {"letter": self.letter, "criterion": CRITERIA[self.letter], "message": self.message}


def check(
    goal: GoalFacts,
    *,
    today: date,
    match_ends_on: date | None,
    letters: str = "SMART",
) -> list[SmartFailure]:
    """The failed letters among `letters`, in SMART order."""
    failures: list[SmartFailure] = []
    if "S" in letters and (message := _specific(goal)):
        failures.append(SmartFailure("S", message))
    if "M" in letters and (message := _measurable(goal)):
        failures.append(SmartFailure("M", message))
    if "A" in letters and not goal.acknowledged:
        failures.append(
            SmartFailure("A", "The mentor has not acknowledged that this goal is achievable.")
        )
    if "R" in letters and not (goal.relevance or "").strip():
        failures.append(
            SmartFailure(
                "R", "Link the goal to a program objective or name the career milestone it serves."
            )
        )
    if "T" in letters and (message := _time_bound(goal.due_on, today, match_ends_on)):
        failures.append(SmartFailure("T", message))
    return failures


def _specific(goal: GoalFacts) -> str | None:
    if len(goal.title.strip()) < 3:
        return "Give the goal a title of at least 3 characters."
    words = goal.description.split()
    if len(words) < MIN_DESCRIPTION_WORDS:
        return (
            f"Describe what exactly will be achieved in at least {MIN_DESCRIPTION_WORDS} words, "
            "not just a word."
        )
    if goal.description.strip().casefold() == goal.title.strip().casefold():
        return "The description must say more than the title."
    return None


def _measurable(goal: GoalFacts) -> str | None:
    if goal.milestones > 0:
        return None
    has_metric = bool((goal.metric or "").strip()) and bool((goal.unit or "").strip())
    if has_metric and goal.target is not None:
        return None
    return "Give a metric with a target and a unit, or at least one milestone."


def _time_bound(due_on: date | None, today: date, ends_on: date | None) -> str | None:
    if due_on is None:
        return "Set a due date."
    if due_on <= today:
        return f"The due date must be after today ({today.isoformat()})."
    if (due_on - today).days > MAX_HORIZON_DAYS:
        return "The due date must be within five years."
    if ends_on is not None and due_on > ends_on:
        return f"The due date must not be after the match ends ({ends_on.isoformat()})."
    return None
