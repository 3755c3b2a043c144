"""The SMART rules, as pure functions.

A refusal names the goal's own field that needs work (`description`, `metric`, `due_on`...),
with a stable code and a message saying what is missing, so that a form can show it next to
the field; the letter and its criterion are kept for those who think in SMART.
"""

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
MIN_TITLE_CHARACTERS = 3
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
    code: str
    """Stable and machine-readable, e.g. `description-too-short`."""
    message: str
    field: str | None = None
    """The goal's field (in the REST API's naming) that must change; None for the mentor's
    acknowledgement, which no field of the goal gives."""

    def as_problem(self) -> dict[str, str]:
        problem = {
            "code": self.code,
            "message": self.message,
            "letter": self.letter,
            "criterion": CRITERIA[self.letter],
        }
        if self.field is not None:
            problem["field"] = self.field
        return problem


def check(
    goal: GoalFacts,
    *,
    today: date,
    match_ends_on: date | None,
    letters: str = "SMART",
) -> list[SmartFailure]:
    """The failures among `letters`, in SMART order (a letter may fail on several fields)."""
    failures: list[SmartFailure] = []
    if "S" in letters:
        failures += _specific(goal)
    if "M" in letters:
        failures += _measurable(goal)
    if "A" in letters and not goal.acknowledged:
        failures.append(
            SmartFailure(
                "A",
                "goal-not-acknowledged",
                "The mentor has not yet acknowledged that this goal is achievable.",
            )
        )
    if "R" in letters and not (goal.relevance or "").strip():
        failures.append(
            SmartFailure(
                "R",
                "relevance-missing",
                "Say which program objective or career milestone this goal serves.",
                "relevance",
            )
        )
    if "T" in letters and (failure := _time_bound(goal.due_on, today, match_ends_on)):
        failures.append(failure)
    return failures


def _specific(goal: GoalFacts) -> list[SmartFailure]:
    failures = []
    if len(goal.title.strip()) < MIN_TITLE_CHARACTERS:
        failures.append(
            SmartFailure(
                "S",
                "title-too-short",
                f"Give the goal a title of at least {MIN_TITLE_CHARACTERS} characters.",
                "title",
            )
        )
    words = len(goal.description.split())
    if words < MIN_DESCRIPTION_WORDS:
        has = "is empty" if words == 0 else f"has {words} word{'s' if words > 1 else ''}"
        failures.append(
            SmartFailure(
                "S",
                "description-too-short",
                f"Describe what exactly will be achieved in at least {MIN_DESCRIPTION_WORDS} "
                f"words; the description {has}.",
                "description",
            )
        )
    elif goal.description.strip().casefold() == goal.title.strip().casefold():
        failures.append(
            SmartFailure(
                "S",
                "description-repeats-title",
                "The description repeats the title: say what exactly will be achieved.",
                "description",
            )
        )
    return failures


def _measurable(goal: GoalFacts) -> list[SmartFailure]:
    """Measured by a metric (what, how much, in which unit) or by milestones."""
    if goal.milestones > 0:
        return []
    missing = []
    if not (goal.metric or "").strip():
        missing.append(
            SmartFailure(
                "M",
                "metric-missing",
                "Say what is measured (e.g. 'talks given'), or add at least one milestone.",
                "metric",
            )
        )
    if goal.target is None:
        missing.append(
            SmartFailure(
                "M",
                "target-missing",
                "Give the target, the metric's value that completes the goal, or add at "
                "least one milestone.",
                "target",
            )
        )
    if not (goal.unit or "").strip():
        missing.append(
            SmartFailure(
                "M",
                "unit-missing",
                "Give the metric's unit (e.g. 'talks'), or add at least one milestone.",
                "unit",
            )
        )
    return missing


def _time_bound(due_on: date | None, today: date, ends_on: date | None) -> SmartFailure | None:
    def due(code: str, message: str) -> SmartFailure:
        return SmartFailure("T", code, message, "due_on")

    if due_on is None:
        return due("due-date-missing", "Set a due date.")
    if due_on <= today:
        return due(
            "due-date-not-in-future", f"The due date must be after today ({today.isoformat()})."
        )
    if (due_on - today).days > MAX_HORIZON_DAYS:
        return due("due-date-too-far", "The due date must be within five years.")
    if ends_on is not None and due_on > ends_on:
        return due(
            "due-date-after-match-end",
            f"The due date must not be after the match ends ({ends_on.isoformat()}).",
        )
    return None
