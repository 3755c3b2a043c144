"""Scores of whole cohorts (block by block, one matrix product each) and of single pairs
(split by factor), and the hard constraints that reject a pair, each with its reason."""

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from matching.engine import kernels
from matching.engine.encode import encode, seniority_fit, timezone_overlap
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
    """What the factor looked at, in people's terms: shared skills (with levels), goal tags and
    words, both timezones and the hours between them, both seniority levels, both departments,
    shared motivators, both communication styles, shared languages and months."""


@dataclass(frozen=True)
class PairScore:
    score: float
    """0..100 in hundredths (as the solvers see it), the sum of the contributions' points."""
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
        self._block_rows = np.arange(len(self.mentees), dtype=np.int64)
        self._block_cols = np.arange(len(self.mentors), dtype=np.int64)
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
        if not self.mentors or stop <= start:
            return  # nothing to score (and the kernel divides by the number of mentors)
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

    def reordered(
        self, mentee_order: I64, mentor_order: I64, views: Sequence[View] = VIEWS
    ) -> "Cohort":
        """The same cohort with its people in another order (row r is mentee
        `mentee_order[r]`): the solvers break ties by position, so the order decides ties.
        Shares the encoding; only per-person arrays are permuted (N x D, not N x M), and of
        the views only those asked for (the others are left out)."""
        other = copy.copy(self)
        rows = np.asarray(mentee_order, np.int64)
        cols = np.asarray(mentor_order, np.int64)
        other.mentees = [self.mentees[i] for i in rows]
        other.mentors = [self.mentors[j] for j in cols]
        # The factor blocks (read by explanations only) stay as they are, indexed through
        # the order: copying them would cost as much as `x` again.
        other._block_rows = self._block_rows[rows]
        other._block_cols = self._block_cols[cols]
        other.x = np.ascontiguousarray(self.x[rows])
        other.y = {view: np.ascontiguousarray(self.y[view][:, cols]) for view in views}
        other._y_cat = {}
        other._languages_mentee = self._languages_mentee[rows]
        other._languages_mentor = self._languages_mentor[cols]
        other.capacity = self.capacity[cols]
        row_at = np.empty(len(rows), np.int64)
        row_at[rows] = np.arange(len(rows))
        col_at = np.empty(len(cols), np.int64)
        col_at[cols] = np.arange(len(cols))
        forbidden = (row_at[self._forbidden[0]], col_at[self._forbidden[1]])
        other._forbidden = forbidden
        order = np.lexsort((forbidden[1], forbidden[0]))
        other._forbidden_rows = forbidden[0][order]
        other._forbidden_cols = forbidden[1][order]
        return other

    def explain(self, mentee: int, mentor: int) -> PairScore:
        """The pair's score split by factor, both sides' views, and what rejects it.

        The score is in the hundredths the solvers use, and so is every contribution: the
        points are rounded so that they add up to the score exactly (largest remainder)."""
        values = [
            float(
                np.dot(
                    self.blocks[f].mentee[self._block_rows[mentee]].astype(np.float64),
                    self.blocks[f].mentor[:, self._block_cols[mentor]].astype(np.float64),
                )
            )
            for f in FACTORS
        ]
        values = [min(1.0, max(0.0, value)) for value in values]

        def total(view: View) -> float:
            return 100 * sum(w * v for w, v in zip(self.weights[view], values, strict=True))

        raw = [100 * w * v for w, v in zip(self.weights["weights"], values, strict=True)]
        cents = _hundredths(raw, round(sum(raw) * 100))
        evidence = _evidence(self.mentees[mentee], self.mentors[mentor], self.settings)
        contributions = [
            Contribution(f, round(w, 4), round(v, 4), c / 100, evidence.get(f, ()))
            for f, w, v, c in zip(FACTORS, self.weights["weights"], values, cents, strict=True)
        ]
        score = sum(cents) / 100
        return PairScore(
            score,
            contributions,
            round(total("mentee_view"), 2),
            round(total("mentor_view"), 2),
            self.rejections(mentee, mentor, score),
        )

    def rejection_counts(self, mentee: int) -> dict[str, int]:
        """How many mentors each hard constraint rejects for one mentee (a mentor rejected
        twice counts for both), plus `no_capacity` for the mentors without a free place.
        One vectorised pass over the mentors; the few forbidden pairs are named one by one."""
        counts: dict[str, int] = {}
        m = len(self.mentors)
        if m == 0:
            return counts
        product = np.matmul(self.x[mentee : mentee + 1], self.y["weights"])[0]
        units = (product * np.float32(UNITS) + np.float32(0.5)).astype(np.int32)
        below = int((units < self.minimum_units).sum())
        if below:
            counts["below_minimum_score"] = below
        if self.settings.require_shared_language:
            own = self._languages_mentee[mentee]
            if own.any():
                theirs = self._languages_mentor
                silent = ~(theirs != 0).any(axis=1)
                shared = ((theirs & own) != 0).any(axis=1)
                apart = int((~silent & ~shared).sum())
                if apart:
                    counts["no_shared_language"] = apart
        low, high = np.searchsorted(self._forbidden_rows, [mentee, mentee + 1])
        for mentor in self._forbidden_cols[low:high]:
            for code, _ in _pair_reasons(
                self.mentees[mentee], self.mentors[int(mentor)], self._managers, self.settings
            ):
                counts[code] = counts.get(code, 0) + 1
        full = int((self.capacity <= 0).sum())
        if full:
            counts["no_capacity"] = full
        return counts

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


def _hundredths(raw: Sequence[float], target: int) -> list[int]:
    """`raw` in hundredths, rounded so that they sum to `target` (largest remainder first)."""
    floors = [int(np.floor(value * 100)) for value in raw]
    by_remainder = sorted(range(len(raw)), key=lambda k: (floors[k] - raw[k] * 100, k))
    missing = target - sum(floors)
    for k in by_remainder[:missing]:  # target is the rounded sum: 0 <= missing < len(raw)
        floors[k] += 1
    return floors


def _offset(hours: float) -> str:
    sign = "+" if hours >= 0 else "-"
    whole, minutes = divmod(round(abs(hours) * 60), 60)
    return f"UTC{sign}{whole}" + (f":{minutes:02d}" if minutes else "")


def _place(person: Profile) -> str:
    offset = _offset(person.utc_offset_hours)
    return f"{person.timezone} ({offset})" if person.timezone else offset


def _hours(value: float) -> str:
    text = f"{value:g}"
    return f"{text} hour" if value == 1 else f"{text} hours"


def _evidence(
    mentee: Profile, mentor: Profile, settings: Settings
) -> dict[Factor, tuple[str, ...]]:
    """What each factor looked at, in people's terms."""
    skills = tuple(
        f"{skill} (wants {wanted}, offers {mentor.skills_offered[skill]})"
        for skill, wanted in sorted(mentee.skills_wanted.items())
        if skill in mentor.skills_offered
    )
    goals = sorted(set(mentee.goals) & set(mentor.goals))
    words = sorted(goal_words(mentee.goals_text) & goal_words(mentor.goals_text))
    apart = abs(mentee.utc_offset_hours - mentor.utc_offset_hours) % 24
    apart = min(apart, 24 - apart)
    overlap = timezone_overlap(mentee.utc_offset_hours, mentor.utc_offset_hours) * 8
    timezone = (
        f"mentee in {_place(mentee)}, mentor in {_place(mentor)}",
        f"{_hours(apart)} apart, {_hours(overlap)} of an 8-hour working day in common",
    )
    gap = mentor.seniority - mentee.seniority
    direction = "above" if gap > 0 else "below" if gap < 0 else "at the same level as"
    levels = f"{abs(gap)} level{'s' if abs(gap) != 1 else ''} " if gap else ""
    fit = seniority_fit(settings, mentee.seniority, mentor.seniority)
    seniority = (
        f"mentee at level {mentee.seniority}, mentor at level {mentor.seniority} "
        f"({levels}{direction} the mentee)",
        f"fit {fit:g} for a {settings.format.replace('_', '-')} program",
    )
    preference = {
        "cross": "the program prefers different departments",
        "same": "the program prefers the same department",
        "neutral": "the program does not weigh departments",
    }[settings.department_preference]
    department = (
        f"mentee in {mentee.department or 'no department given'}, "
        f"mentor in {mentor.department or 'no department given'}",
        preference,
    )
    both = sorted(
        name
        for name in set(mentee.motivators) & set(mentor.motivators)
        if mentee.motivators[name] >= 4 and mentor.motivators[name] >= 4
    )
    if both:
        motivators = tuple(
            f"both motivated by {name} ({mentee.motivators[name]:g} and "
            f"{mentor.motivators[name]:g} of 5)"
            for name in both
        )
    elif mentee.motivators and mentor.motivators:
        motivators = ("no motivator both rate 4 or 5 of 5",)
    else:
        missing = "the mentee" if not mentee.motivators else "the mentor"
        if not mentee.motivators and not mentor.motivators:
            missing = "neither"
        motivators = (
            f"{'neither gave' if missing == 'neither' else missing + ' gave no'} motivators "
            "(counted as neutral)",
        )
    communication = (
        f"mentee {mentee.communication_style or 'did not give a style'}, "
        f"mentor {mentor.communication_style or 'did not give a style'}",
    )
    languages = sorted(set(mentee.languages) & set(mentor.languages))
    months = sorted(set(mentee.available_months) & set(mentor.available_months))
    return {
        "skills": skills,
        "goals": (*goals, *(f'"{word}"' for word in words)),
        "motivators": motivators,
        "communication": communication,
        "seniority": seniority,
        "timezone": timezone,
        "language": tuple(languages),
        "department": department,
        "availability": tuple(months),
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
