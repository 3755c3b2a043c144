"""Profiles as numbers: every factor is bilinear, value_f(i, j) = X_f[i] . Y_f[:, j] in [0, 1].

Because each factor is a dot product of a mentee vector and a mentor vector, a weighted score
over all factors is ONE matrix product, `X @ (w * Y)`: scoring a whole cohort is a single BLAS
call per row block, and a pair's explanation is the same sum split by factor.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine.profiles import FACTORS, STYLES, Factor, Profile, Settings
from matching.engine.words import GoalVocabulary, goal_words

F32 = npt.NDArray[np.float32]
SKILL_LEVELS = 5
WORKDAY_HOURS = 8.0

# Compatibility of communication styles (mentee style -> mentor style); unknown is neutral.
_STYLE_FIT = np.array(
    [
        [1.0, 0.5, 0.8, 0.6],
        [0.5, 1.0, 0.6, 0.8],
        [0.8, 0.6, 1.0, 0.5],
        [0.6, 0.8, 0.5, 1.0],
    ]
)
# Fit of a seniority gap (mentor level minus mentee level): two levels up teaches best.
_GAP_FIT = {1: 0.7, 2: 1.0, 3: 0.85, 4: 0.6, 5: 0.4}
_PEER_FIT = {0: 1.0, 1: 0.8, 2: 0.4}


def seniority_fit(settings: Settings, mentee_level: int, mentor_level: int) -> float:
    gap = mentor_level - mentee_level
    if settings.format == "peer":
        return _PEER_FIT.get(abs(gap), 0.1)
    if settings.format == "reverse":
        gap = -gap  # junior mentors senior: the mentee is the more senior one
    if gap <= 0:
        return 0.0
    return _GAP_FIT.get(gap, 0.2)


def timezone_overlap(a: float, b: float) -> float:
    """Share of an 8-hour working day two people have in common."""
    delta = abs(a - b) % 24
    delta = min(delta, 24 - delta)
    return max(0.0, WORKDAY_HOURS - delta) / WORKDAY_HOURS


@dataclass
class FactorBlock:
    mentee: F32  # N x D_f
    mentor: F32  # D_f x M


def _index(values: Sequence[str]) -> dict[str, int]:
    return {value: position for position, value in enumerate(sorted(set(values)))}


def _share_block(
    mentee_sets: Sequence[Sequence[str]], mentor_sets: Sequence[Sequence[str]]
) -> FactorBlock:
    """Share of the mentee's items the mentor has (goals, languages, months)."""
    vocabulary = _index([item for items in mentee_sets for item in items])
    x = np.zeros((len(mentee_sets), max(1, len(vocabulary))), np.float32)
    y = np.zeros((max(1, len(vocabulary)), len(mentor_sets)), np.float32)
    for row, items in enumerate(mentee_sets):
        unique = set(items)
        for item in unique:
            x[row, vocabulary[item]] = 1.0 / len(unique)
    for column, items in enumerate(mentor_sets):
        for item in set(items):
            if item in vocabulary:
                y[vocabulary[item], column] = 1.0
    return FactorBlock(x, y)


def _goal_words(
    mentees: Sequence[Profile], mentors: Sequence[Profile], vocabulary: GoalVocabulary
) -> FactorBlock:
    """Cosine of the IDF-weighted goal words of both."""

    def vectors(people: Sequence[Profile]) -> F32:
        out = np.zeros((len(people), max(1, len(vocabulary.columns))), np.float32)
        for row, person in enumerate(people):
            vocabulary.vector(person.goals_text, out[row])
        return out

    return FactorBlock(vectors(mentees), np.ascontiguousarray(vectors(mentors).T))


def _goals(
    mentees: Sequence[Profile], mentors: Sequence[Profile], vocabulary: GoalVocabulary
) -> FactorBlock:
    """Goal tags (the share of the mentee's the mentor lists) and goal words (their cosine):
    half each when the mentee gave both, all of the one they gave otherwise."""
    tags = _share_block([p.goals for p in mentees], [p.goals for p in mentors])
    words = _goal_words(mentees, mentors, vocabulary)
    has_tags = np.array([bool(p.goals) for p in mentees], bool)
    has_words = np.array([bool(goal_words(p.goals_text)) for p in mentees], bool)
    both = has_tags & has_words
    tag_share = np.where(both, 0.5, np.where(has_tags, 1.0, 0.0)).astype(np.float32)
    word_share = np.where(both, 0.5, np.where(has_words, 1.0, 0.0)).astype(np.float32)
    return FactorBlock(
        np.hstack([tags.mentee * tag_share[:, None], words.mentee * word_share[:, None]]),
        np.vstack([tags.mentor, words.mentor]),
    )


def _skills(mentees: Sequence[Profile], mentors: Sequence[Profile]) -> FactorBlock:
    """Mean over wanted skills of min(offered, wanted level) / wanted level."""
    skills = _index([skill for person in mentees for skill in person.skills_wanted])
    width = max(1, len(skills) * SKILL_LEVELS)
    x = np.zeros((len(mentees), width), np.float32)
    y = np.zeros((width, len(mentors)), np.float32)
    for row, person in enumerate(mentees):
        wanted = {skill: _level(level) for skill, level in person.skills_wanted.items()}
        for skill, level in wanted.items():
            base = skills[skill] * SKILL_LEVELS
            x[row, base : base + level] = 1.0 / (level * len(wanted))
    for column, person in enumerate(mentors):
        for skill, level in person.skills_offered.items():
            if skill in skills:
                base = skills[skill] * SKILL_LEVELS
                y[base : base + _level(level), column] = 1.0
    return FactorBlock(x, y)


def _level(level: int) -> int:
    return min(SKILL_LEVELS, max(1, int(level)))


def _motivators(mentees: Sequence[Profile], mentors: Sequence[Profile]) -> FactorBlock:
    """(1 + cosine of the centred Likert answers) / 2; no answers is neutral (0.5)."""
    names = _index([name for person in [*mentees, *mentors] for name in person.motivators])

    def units(people: Sequence[Profile]) -> F32:
        vectors = np.zeros((len(people), max(1, len(names))), np.float32)
        for row, person in enumerate(people):
            for name, value in person.motivators.items():
                vectors[row, names[name]] = float(value) - 3.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: F32 = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        return unit

    x = np.hstack([np.ones((len(mentees), 1), np.float32), units(mentees)])
    y = np.vstack([np.full((1, len(mentors)), 0.5, np.float32), 0.5 * units(mentors).T])
    return FactorBlock(x, y)


def _communication(mentees: Sequence[Profile], mentors: Sequence[Profile]) -> FactorBlock:
    x = np.zeros((len(mentees), len(STYLES) + 1), np.float32)
    y = np.full((len(STYLES) + 1, len(mentors)), 0.5, np.float32)
    for row, person in enumerate(mentees):
        style = person.communication_style
        x[row, STYLES.index(style) if style in STYLES else len(STYLES)] = 1.0
    for column, person in enumerate(mentors):
        style = person.communication_style
        if style in STYLES:
            y[: len(STYLES), column] = _STYLE_FIT[:, STYLES.index(style)]
    return FactorBlock(x, y)


def _seniority(
    mentees: Sequence[Profile], mentors: Sequence[Profile], settings: Settings
) -> FactorBlock:
    levels = sorted({person.seniority for person in mentees}) or [0]
    position = {level: index for index, level in enumerate(levels)}
    x = np.zeros((len(mentees), len(levels)), np.float32)
    for row, person in enumerate(mentees):
        x[row, position[person.seniority]] = 1.0
    fits = {
        level: [seniority_fit(settings, level, mentor.seniority) for mentor in mentors]
        for level in levels
    }
    y = np.array([fits[level] for level in levels], np.float32).reshape(len(levels), len(mentors))
    return FactorBlock(x, y)


def _timezone(mentees: Sequence[Profile], mentors: Sequence[Profile]) -> FactorBlock:
    offsets = sorted({person.utc_offset_hours for person in mentees}) or [0.0]
    position = {offset: index for index, offset in enumerate(offsets)}
    x = np.zeros((len(mentees), len(offsets)), np.float32)
    for row, person in enumerate(mentees):
        x[row, position[person.utc_offset_hours]] = 1.0
    y = np.array(
        [
            [timezone_overlap(offset, mentor.utc_offset_hours) for mentor in mentors]
            for offset in offsets
        ],
        np.float32,
    ).reshape(len(offsets), len(mentors))
    return FactorBlock(x, y)


def _department(
    mentees: Sequence[Profile], mentors: Sequence[Profile], settings: Settings
) -> FactorBlock:
    """cross: 1 when departments differ; same: 1 when equal; neutral: 0.5 for everyone."""
    if settings.department_preference == "neutral":
        return FactorBlock(
            np.ones((len(mentees), 1), np.float32), np.full((1, len(mentors)), 0.5, np.float32)
        )
    departments = _index([p.department for p in mentees if p.department])
    width = len(departments) + 1
    x = np.zeros((len(mentees), width), np.float32)
    y = np.zeros((width, len(mentors)), np.float32)
    cross = settings.department_preference == "cross"
    x[:, 0] = 1.0 if cross else 0.0
    y[0, :] = 1.0
    for row, person in enumerate(mentees):
        if person.department in departments:
            x[row, 1 + departments[person.department]] = 1.0
    for column, person in enumerate(mentors):
        if person.department in departments:
            y[1 + departments[person.department], column] = -1.0 if cross else 1.0
    return FactorBlock(x, y)


def encode(
    mentees: Sequence[Profile],
    mentors: Sequence[Profile],
    settings: Settings,
    vocabulary: GoalVocabulary | None = None,
) -> dict[Factor, FactorBlock]:
    """One bilinear block per factor, in FACTORS order. `vocabulary`: the program's goal words
    (default: these people's)."""
    if vocabulary is None:
        vocabulary = GoalVocabulary.of(
            (p.goals_text for p in mentees), (p.goals_text for p in mentors)
        )
    blocks: dict[Factor, FactorBlock] = {
        "skills": _skills(mentees, mentors),
        "goals": _goals(mentees, mentors, vocabulary),
        "motivators": _motivators(mentees, mentors),
        "communication": _communication(mentees, mentors),
        "seniority": _seniority(mentees, mentors, settings),
        "timezone": _timezone(mentees, mentors),
        "language": _share_block([p.languages for p in mentees], [p.languages for p in mentors]),
        "department": _department(mentees, mentors, settings),
        "availability": _share_block(
            [p.available_months for p in mentees], [p.available_months for p in mentors]
        ),
    }
    assert tuple(blocks) == FACTORS
    return blocks
