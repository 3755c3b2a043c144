"""Skill growth from the surveys' self-assessments (questions keyed skill_<name>): a planted
growth is found with its interval, no growth is reported as none, anonymous answers and
non-participants never count, and a skill with fewer than five people is withheld."""

import pytest

from feedback.models import SurveyResponse
from feedback.outcomes.growth import skill_growth

pytestmark = pytest.mark.unit


def answer(
    user: str, kind: str, period: str, levels: dict[str, int], anonymous: bool = False
) -> SurveyResponse:
    return SurveyResponse(
        kind=kind,
        period=period,
        answers={f"skill_{skill}": level for skill, level in levels.items()} | {"useful": 4},
        anonymous=anonymous,
        user_id=None if anonymous else user,
    )


def responses(people: int, before: list[int], after: list[int], skill: str) -> list[SurveyResponse]:
    made = []
    for number in range(people):
        user = f"u{number}"
        made.append(answer(user, "pulse", "2026-01", {skill: before[number % len(before)]}))
        made.append(answer(user, "pulse", "2026-03", {skill: 5}))  # only the first counts
        made.append(answer(user, "close_out", "2026-06", {skill: after[number % len(after)]}))
    return made


def test_a_planted_growth_is_found_and_no_growth_is_none() -> None:
    given = responses(8, [2, 2, 3, 1], [4, 3, 4, 3], "python")
    given += responses(8, [3, 2, 4], [3, 2, 4], "sql")
    people = {f"u{n}" for n in range(8)}
    python, sql = skill_growth(given, people)
    assert (python.skill, python.people, python.before, python.after) == ("python", 8, 2.0, 3.5)
    assert python.change == 1.5
    assert python.ci_low is not None
    assert python.ci_low > 0
    assert (sql.skill, sql.change, sql.ci_low, sql.ci_high) == ("sql", 0.0, 0.0, 0.0)


def test_only_linked_answers_of_participants_count_and_the_floor_holds() -> None:
    given = responses(4, [2], [4], "python")
    given += [
        answer("u9", "pulse", "2026-01", {"python": 1}),
        answer("u9", "close_out", "2026-06", {"python": 5}),
    ]
    given += [
        answer("", kind, "2026-02", {"python": level}, anonymous=True)
        for kind, level in (("pulse", 1), ("close_out", 5))
        for _ in range(10)
    ]
    [python] = skill_growth(given, {"u0", "u1", "u2", "u3"})
    assert python.withheld
    assert (python.people, python.before, python.change) == (None, None, None)
    [counted] = skill_growth(given, {"u0", "u1", "u2", "u3", "u9"})
    assert (counted.people, counted.before, counted.after) == (5, 1.8, 4.2)
