"""Scores of whole cohorts (block by block, one matrix product each) and of single pairs
(split by factor), and the hard constraints that reject a pair, each with its reason."""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from matching.engine import kernels
from matching.engine.encode import encode
from matching.engine.profiles import FACTORS, Factor, Profile, Settings
from matching.engine.words import GoalVocabulary, goal_words

I16 = npt.NDArray[np.int16]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
View = Literal["weights", "mentee_view", "mentor_view"]
VIEWS: tuple[View, ...] = ("weights", "mentee_view", "mentor_view")

UNITS = 10_000
"""Integer score units per 1.0: the solvers are exact on scores rounded to 0.01 of a point."""
INFEASIBLE = -1
BLOCK_ELEMENTS = 4_000_000

Constraint = Literal[
    "self", "reporting_line", "exclusion", "no_shared_language", "below_minimum_score"
]
_SPARSE_CODES: tuple[Constraint, ...] = ("self", "reporting_line", "exclusion")


@dataclass(frozen=True)
class Rejection:
    constraint: str
    detail: str


@dataclass(frozen=True)
class Contribution:
    factor: Factor
    weight: float
    value: float
    """0..1: how well the pair does on this factor."""
    points: float
    """weight x value x 100: this factor's share of the score."""
    evidence: tuple[str, ...] = ()
    """What the pair has in common on this factor (skills, goal tags and words, languages)."""


@dataclass(frozen=True)
class PairScore:
    score: float
    """0..100, the sum of the contributions' points."""
    contributions: list[Contribution]
    mentee_view: float
    mentor_view: float
    rejected_by: list[Rejection] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.rejected_by


class Cohort:
    """Mentees x mentors of one program, encoded once; every score and constraint reads it."""

    def __init__(
        self,
        mentees: Sequence[Profile],
        mentors: Sequence[Profile],
        settings: Settings,
        managers: Mapping[str, str] | None = None,
        vocabulary: GoalVocabulary | None = None,
    ) -> None:
        """`managers` (user -> manager) may add reporting lines through people not in it;
        `vocabulary` is the program's goal words (default: these people's)."""
        self.mentees = list(mentees)
        self.mentors = list(mentors)
        self.settings = settings
        self.blocks = encode(self.mentees, self.mentors, settings, vocabulary)
        self.x = np.ascontiguousarray(np.hstack([self.blocks[f].mentee for f in FACTORS]))
        self.weights = {view: settings.normalised(view) for view in VIEWS}
        self.y = {
            view: np.vstack(
                [
                    w * self.blocks[f].mentor
                    for w, f in zip(self.weights[view], FACTORS, strict=True)
                ]
            ).astype(np.float32)
            for view in VIEWS
        }
        self._y_cat: dict[tuple[View, ...], F32] = {}
        self._languages_mentee, self._languages_mentor = _language_bits(self.mentees, self.mentors)
        self.capacity = np.array([max(0, p.capacity) for p in self.mentors], np.int64)
        self.minimum_units = round(settings.minimum_score / 100 * UNITS)
        self._managers = {**(managers or {}), **_manager_map(self.mentees, self.mentors)}
        self._forbidden = _forbidden_pairs(self.mentees, self.mentors, settings, self._managers)
        order = np.lexsort((self._forbidden[1], self._forbidden[0]))
        self._forbidden_rows = self._forbidden[0][order]
        self._forbidden_cols = self._forbidden[1][order]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.mentees), len(self.mentors)

    def block_rows(self) -> int:
        return max(1, BLOCK_ELEMENTS // max(1, len(self.mentors)))

    def row_blocks(self) -> Iterator[tuple[int, int]]:
        step = self.block_rows()
        for start in range(0, len(self.mentees), step):
            yield start, min(start + step, len(self.mentees))

    def block(self, start: int, stop: int, views: Sequence[View]) -> dict[View, I16]:
        """Integer scores of mentees [start, stop) against every mentor, INFEASIBLE where a
        hard constraint (other than capacity) rejects the pair."""
        out = np.empty((len(views), stop - start, len(self.mentors)), np.int16)
        self.fill(start, stop, views, out, 0)
        return {view: out[position] for position, view in enumerate(views)}

    def fill(self, start: int, stop: int, views: Sequence[View], out: I16, out_row: int) -> None:
        """Write the scores of mentees [start, stop) in `views` to out[view, out_row:]
        (one matrix product, then one compiled pass that rounds and masks)."""
        stored = tuple(view for view in views if view != "weights")
        stores_weights = len(stored) < len(views)
        if stores_weights and views[0] != "weights":
            raise ValueError("the compatibility view comes first")
        wanted: tuple[View, ...] = ("weights", *stored)
        if wanted not in self._y_cat:
            self._y_cat[wanted] = np.ascontiguousarray(np.hstack([self.y[v] for v in wanted]))
        product: F32 = np.matmul(self.x[start:stop], self._y_cat[wanted])
        kernels.finish_scores(
            product,
            len(self.mentors),
            0 if stores_weights else 1,
            self.minimum_units,
            self.settings.require_shared_language,
            self._languages_mentee[start:stop],
            self._languages_mentor,
            out,
            out_row,
        )
        low, high = np.searchsorted(self._forbidden_rows, [start, stop])
        rows = out_row + self._forbidden_rows[low:high] - start
        out[:, rows, self._forbidden_cols[low:high]] = INFEASIBLE

    def pair_units(self, mentees: I64, mentors: I64, view: View = "weights") -> I64:
        """Integer scores of given pairs (row-wise dot products, no matrix)."""
        values = np.einsum("ij,ji->i", self.x[mentees], self.y[view][:, mentors])
        return np.asarray(np.floor(values.astype(np.float64) * UNITS + 0.5), np.int64)

    def explain(self, mentee: int, mentor: int) -> PairScore:
        """The pair's score split by factor, both sides' views, and what rejects it."""
        values = [
            float(
                np.dot(
                    self.blocks[f].mentee[mentee].astype(np.float64),
                    self.blocks[f].mentor[:, mentor].astype(np.float64),
                )
            )
            for f in FACTORS
        ]
        values = [min(1.0, max(0.0, value)) for value in values]

        def total(view: View) -> float:
            return 100 * sum(w * v for w, v in zip(self.weights[view], values, strict=True))

        evidence = _evidence(self.mentees[mentee], self.mentors[mentor])
        contributions = [
            Contribution(f, w, v, 100 * w * v, evidence.get(f, ()))
            for f, w, v in zip(FACTORS, self.weights["weights"], values, strict=True)
        ]
        score = sum(c.points for c in contributions)
        return PairScore(
            score,
            contributions,
            total("mentee_view"),
            total("mentor_view"),
            self.rejections(mentee, mentor, score),
        )

    def rejections(self, mentee: int, mentor: int, score: float) -> list[Rejection]:
        a, b = self.mentees[mentee], self.mentors[mentor]
        found: list[Rejection] = []
        for code, detail in _pair_reasons(a, b, self._managers, self.settings):
            found.append(Rejection(code, detail))
        if (
            self.settings.require_shared_language
            and a.languages
            and b.languages
            and not set(a.languages) & set(b.languages)
        ):
            found.append(Rejection("no_shared_language", "They have no language in common."))
        if round(score / 100 * UNITS) < self.minimum_units:
            found.append(
                Rejection(
                    "below_minimum_score",
                    f"Score {score:.2f} is below the program minimum "
                    f"{self.settings.minimum_score:.2f}.",
                )
            )
        return found


def _evidence(mentee: Profile, mentor: Profile) -> dict[Factor, tuple[str, ...]]:
    skills = tuple(
        f"{skill} (wants {wanted}, offers {mentor.skills_offered[skill]})"
        for skill, wanted in sorted(mentee.skills_wanted.items())
        if skill in mentor.skills_offered
    )
    goals = sorted(set(mentee.goals) & set(mentor.goals))
    words = sorted(goal_words(mentee.goals_text) & goal_words(mentor.goals_text))
    return {
        "skills": skills,
        "goals": (*goals, *(f'"{word}"' for word in words)),
        "language": tuple(sorted(set(mentee.languages) & set(mentor.languages))),
    }


def _language_bits(mentees: Sequence[Profile], mentors: Sequence[Profile]) -> tuple[U64, U64]:
    """Who speaks what, as bit sets over every language either side lists (64 per word)."""
    names = sorted({lang for p in [*mentees, *mentors] for lang in p.languages})
    index = {name: position for position, name in enumerate(names)}
    words = max(1, (len(names) + 63) // 64)

    def bits(people: Sequence[Profile]) -> U64:
        out = np.zeros((len(people), words), np.uint64)
        for row, person in enumerate(people):
            for lang in person.languages:
                out[row, index[lang] // 64] |= np.uint64(1 << (index[lang] % 64))
        return out

    return bits(mentees), bits(mentors)


def _manager_map(mentees: Sequence[Profile], mentors: Sequence[Profile]) -> dict[str, str]:
    return {p.user_id: p.manager_user_id for p in [*mentees, *mentors] if p.manager_user_id}


def _chain(user_id: str, managers: Mapping[str, str], depth: int = 20) -> list[str]:
    """The people above someone in the reporting line (cycles in bad data are cut)."""
    above: list[str] = []
    current = user_id
    while current in managers and len(above) < depth:
        current = managers[current]
        if current in above or current == user_id:
            break
        above.append(current)
    return above


def _pair_reasons(
    mentee: Profile, mentor: Profile, managers: Mapping[str, str], settings: Settings
) -> list[tuple[Constraint, str]]:
    found: list[tuple[Constraint, str]] = []
    if mentee.user_id == mentor.user_id:
        found.append(("self", "A person cannot mentor themselves."))
    if settings.forbid_reporting_line:
        if mentor.user_id in _chain(mentee.user_id, managers):
            found.append(("reporting_line", "The mentor is in the mentee's reporting line."))
        elif mentee.user_id in _chain(mentor.user_id, managers):
            found.append(("reporting_line", "The mentee is in the mentor's reporting line."))
    if mentor.user_id in mentee.exclusions or mentee.user_id in mentor.exclusions:
        found.append(("exclusion", "One of them excluded the other."))
    return found


def _forbidden_pairs(
    mentees: Sequence[Profile],
    mentors: Sequence[Profile],
    settings: Settings,
    managers: Mapping[str, str],
) -> tuple[I64, I64]:
    """(mentee, mentor) index pairs rejected by self, reporting line or exclusion."""
    mentor_index: dict[str, list[int]] = {}
    for column, person in enumerate(mentors):
        mentor_index.setdefault(person.user_id, []).append(column)
    mentee_index: dict[str, list[int]] = {}
    for row, person in enumerate(mentees):
        mentee_index.setdefault(person.user_id, []).append(row)
    pairs: set[tuple[int, int]] = set()
    for row, person in enumerate(mentees):
        related = [person.user_id, *person.exclusions]
        if settings.forbid_reporting_line:
            related += _chain(person.user_id, managers)
        for user in related:
            pairs.update((row, column) for column in mentor_index.get(user, ()))
    for column, person in enumerate(mentors):
        related = list(person.exclusions)
        if settings.forbid_reporting_line:
            related += _chain(person.user_id, managers)
        for user in related:
            pairs.update((row, column) for row in mentee_index.get(user, ()))
    if not pairs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    rows, cols = zip(*sorted(pairs), strict=True)
    return np.array(rows, np.int64), np.array(cols, np.int64)
