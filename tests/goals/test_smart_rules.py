"""The SMART rules as pure functions."""

from datetime import date

import pytest

from goals.goals.smart import GoalFacts, check

pytestmark = pytest.mark.unit
TODAY = date(2027, 1, 10)
GOOD = GoalFacts(
    title="Ship the design doc",
    description="Write and get sign-off on the payments design document.",
    metric="documents approved",
    target=1,
    unit="documents",
    milestones=0,
    relevance="Lead a project end to end",
    due_on=date(2027, 3, 1),
    acknowledged=True,
)


def letters(facts: GoalFacts, ends_on: date | None = date(2027, 6, 30)) -> list[str]:
    return [failure.letter for failure in check(facts, today=TODAY, match_ends_on=ends_on)]


def test_a_smart_goal_passes_every_letter() -> None:
    assert letters(GOOD) == []


def test_a_description_that_repeats_the_title_is_not_specific() -> None:
    title = "Improve my public speaking skills"
    assert letters(GoalFacts(**{**GOOD.__dict__, "title": title, "description": title})) == ["S"]


def test_milestones_alone_make_a_goal_measurable() -> None:
    facts = GoalFacts(**{**GOOD.__dict__, "metric": None, "target": None, "milestones": 2})
    assert letters(facts) == []


def test_without_acknowledgement_only_a_fails() -> None:
    assert letters(GoalFacts(**{**GOOD.__dict__, "acknowledged": False})) == ["A"]


def test_due_dates_must_fall_after_today_and_within_the_match() -> None:
    assert letters(GoalFacts(**{**GOOD.__dict__, "due_on": TODAY})) == ["T"]
    assert letters(GoalFacts(**{**GOOD.__dict__, "due_on": date(2027, 7, 1)})) == ["T"]
    assert letters(GoalFacts(**{**GOOD.__dict__, "due_on": date(2027, 6, 30)})) == []
    assert letters(GoalFacts(**{**GOOD.__dict__, "due_on": date(2030, 1, 1)}), None) == []
