"""Skill growth from self-assessments asked through the surveys: a rating question whose key is
`skill_<name>` is the person's own 1-5 level in that skill. "Before" is their first answer to it
(an on-demand round sent at enrolment, or the first pulse), "after" their close-out answer.
Anonymous responses are unlinkable by design, so they never count. Pure functions, no I/O.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean, stdev

from feedback.access import shown
from feedback.models import SurveyResponse
from feedback.outcomes.stats import Z95

PREFIX = "skill_"


@dataclass(frozen=True)
class SkillGrowth:
    skill: str
    people: int | None
    before: float | None
    after: float | None
    change: float | None
    ci_low: float | None
    ci_high: float | None
    withheld: bool


def _levels(response: SurveyResponse) -> dict[str, int]:
    return {
        key.removeprefix(PREFIX): value
        for key, value in response.answers.items()
        if key.startswith(PREFIX) and isinstance(value, int) and not isinstance(value, bool)
    }


def skill_growth(responses: Iterable[SurveyResponse], people: set[str]) -> list[SkillGrowth]:
    """Per skill, the mean level before and after over the people who answered both, and the
    mean change with a 95 % interval; withheld below the minimum group size."""
    first: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], int] = {}
    linked = [
        (response, response.user_id)
        for response in responses
        if not response.anonymous and response.user_id is not None and response.user_id in people
    ]
    for response, user in sorted(linked, key=lambda item: (item[0].period, item[0].kind)):
        for skill, level in _levels(response).items():
            if response.kind == "close_out":
                last[(skill, user)] = level
            else:
                first.setdefault((skill, user), level)
    pairs: dict[str, list[tuple[int, int]]] = {}
    for key in sorted(first.keys() & last.keys()):
        pairs.setdefault(key[0], []).append((first[key], last[key]))
    return [_growth(skill, found) for skill, found in sorted(pairs.items())]


def _growth(skill: str, pairs: Sequence[tuple[int, int]]) -> SkillGrowth:
    if not shown(len(pairs)):
        return SkillGrowth(skill, None, None, None, None, None, None, True)
    changes = [after - before for before, after in pairs]
    change = fmean(changes)
    half = Z95 * stdev(changes) / math.sqrt(len(changes))
    return SkillGrowth(
        skill,
        len(pairs),
        round(fmean(before for before, _ in pairs), 2),
        round(fmean(after for _, after in pairs), 2),
        round(change, 2),
        round(change - half, 2),
        round(change + half, 2),
        False,
    )
