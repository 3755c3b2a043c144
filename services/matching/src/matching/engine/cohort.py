"""A whole cohort run: scores -> constraints -> solver -> certificate or stability check,
plus who stays unmatched and why, and a fairness summary. Pure: profiles in, results out.

Ties: both solvers break ties between equals by position. Left to the input order, that is
enrolment order (or, within one import, the participant id), which the people left out cannot
be told. With a `seed`, people are first put in an order drawn from the seed (a permutation of
them sorted by key, so the input order plays no part): equals are then decided by that draw,
the same again for the same seed, and the run records the seed so it can be replayed."""

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from matching.engine import optimal, stable
from matching.engine.optimal import Objective
from matching.engine.profiles import Profile
from matching.engine.scoring import UNITS, VIEWS, Cohort, View

Mode = Literal["optimal", "stable"]
Reason = Literal["no_free_place", "no_feasible_mentor", "outscored", "not_preferred"]
REASONS: Mapping[Reason, str] = {
    "no_free_place": "No mentor has a free place.",
    "no_feasible_mentor": "No mentor with a free place passes the program's constraints "
    "(see the rejections per constraint).",
    "outscored": "Every mentor who fits has their places taken by pairs that score more overall.",
    "not_preferred": "Every mentor who fits preferred the mentees they took.",
}
"""Why a mentee stays unmatched: every unmatched mentee gets one."""
I16 = npt.NDArray[np.int16]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Pair:
    mentee: int
    mentor: int
    score: float
    """0..100, as the solver saw it (rounded to 0.01)."""


@dataclass(frozen=True)
class Unmatched:
    mentee: int
    reason: Reason
    feasible_mentors: int
    """Mentors with a free place that pass every hard constraint."""
    rejections: Mapping[str, int] = field(default_factory=dict)
    """Mentors ruled out per constraint (for `no_feasible_mentor`; capped in number)."""

    @property
    def detail(self) -> str:
        return REASONS[self.reason]


@dataclass(frozen=True)
class RunReport:
    mode: Mode
    pairs: list[Pair]
    unmatched: list[Unmatched]
    total_score: float
    mean_score: float
    matched: int
    mentees: int
    mentors: int
    timings: dict[str, float]
    certificate: optimal.Certificate | None = None
    blocking_pairs: int | None = None
    feasible_pairs: int = 0
    objective: Objective | None = None
    seed: int | None = None

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {
            "mode": self.mode,
            "objective": self.objective,
            "seed": self.seed,
            "mentees": self.mentees,
            "mentors": self.mentors,
            "matched": self.matched,
            "unmatched": len(self.unmatched),
            "match_rate": self.matched / self.mentees if self.mentees else 0.0,
            "total_score": round(self.total_score, 2),
            "mean_score": round(self.mean_score, 4),
            "feasible_pairs": self.feasible_pairs,
            "timings_seconds": {key: round(value, 4) for key, value in self.timings.items()},
        }
        if self.certificate is not None:
            c = self.certificate
            out["certificate"] = {
                "objective_units": c.objective,
                "upper_bound_units": c.upper_bound,
                "gap_units": c.gap,
                "relative_gap": c.relative_gap,
                "exact": c.exact,
                "pricing_rounds": c.pricing_rounds,
                "candidate_arcs": c.candidate_arcs,
                "priced_in_arcs": c.priced_in_arcs,
                "units_per_point": UNITS // 100,
                "bonus_units_per_pair": c.bonus,
            }
        if self.blocking_pairs is not None:
            out["blocking_pairs"] = self.blocking_pairs
        return out


def score_matrices(cohort: Cohort, views: Sequence[View]) -> dict[View, I16]:
    """Whole-cohort integer scores per view (int16, -1 where infeasible), block by block."""
    n, m = cohort.shape
    out = np.empty((len(views), n, m), np.int16)
    for start, stop in cohort.row_blocks():
        cohort.fill(start, stop, views, out, start)
    return {view: out[position] for position, view in enumerate(views)}


def tie_order(people: Sequence[Profile], seed: int) -> I64:
    """Positions of `people` in the order the seed draws: a permutation (from the seed) of
    the people sorted by key, so the draw does not depend on the order they come in."""
    keys = np.array([person.key for person in people], dtype=np.str_)
    by_key = np.argsort(keys, kind="stable")
    shuffled = np.random.default_rng(seed).permutation(len(people))
    return np.asarray(by_key[shuffled], np.int64)


def run(
    cohort: Cohort,
    mode: Mode,
    k: int = 20,
    explain_unmatched: int = 500,
    objective: Objective = "max_matched",
    seed: int | None = None,
) -> RunReport:
    """Match the cohort. `objective` (optimal mode): as many pairs as possible then the best
    total ("max_matched"), or the best total ("max_total"). `seed`: who wins among equals
    (None: input order). `explain_unmatched` caps how many mentees without any feasible
    mentor get the per-constraint breakdown (costly at size); every mentee gets a reason."""
    clock = _Clock()

    n, m = cohort.shape
    rows = cols = None
    if seed is not None:
        rows, cols = tie_order(cohort.mentees, seed), tie_order(cohort.mentors, seed)
        # Optimal mode scores compatibility only; stable both sides' views (and the pairs').
        views: tuple[View, ...] = ("weights",) if mode == "optimal" else VIEWS
        cohort = cohort.reordered(rows, cols, views)
        clock.lap("tie_order")
    capacity = cohort.capacity
    if mode == "optimal":
        compat = score_matrices(cohort, ["weights"])["weights"]
        clock.lap("scores")
        assignment = optimal.solve(compat, capacity, k=k, objective=objective)
        clock.lap("solve_and_certify")
        mentor_of, certificate, blocking = assignment.mentor_of, assignment.certificate, None
    else:
        # Only the two side views are kept (int16 each); compatibility is scored per pair.
        matrices = score_matrices(cohort, ["mentee_view", "mentor_view"])
        compat = matrices["mentee_view"]
        clock.lap("scores")
        result = stable.deferred_acceptance(
            matrices["mentee_view"], matrices["mentor_view"], capacity
        )
        clock.lap("solve")
        mentor_of, certificate = result.mentor_of, None
        blocking = stable.blocking_pairs(
            matrices["mentee_view"], matrices["mentor_view"], capacity, mentor_of
        )
        clock.lap("stability_check")
    # Every view has the same feasibility; only mentors with a free place count.
    feasible_per_mentee = _feasible_counts(compat, capacity)
    matched_rows = np.nonzero(mentor_of >= 0)[0]
    if mode == "optimal":
        units = compat[matched_rows, mentor_of[matched_rows]].astype(np.int64)
    else:
        units = cohort.pair_units(matched_rows, mentor_of[matched_rows])
    pairs = [
        Pair(int(i), int(j), int(u) / (UNITS / 100))
        for i, j, u in zip(matched_rows, mentor_of[matched_rows], units, strict=True)
    ]
    unmatched: list[Unmatched] = []
    places = bool(m) and int(capacity.sum()) > 0
    explained = 0
    for row in np.nonzero(mentor_of < 0)[0]:
        feasible = int(feasible_per_mentee[row])
        if not places:
            unmatched.append(Unmatched(int(row), "no_free_place", 0))
        elif feasible == 0:
            reasons: dict[str, int] = {}
            if explained < explain_unmatched:
                reasons = cohort.rejection_counts(int(row))
                explained += 1
            unmatched.append(Unmatched(int(row), "no_feasible_mentor", 0, reasons))
        else:
            why: Reason = "outscored" if mode == "optimal" else "not_preferred"
            unmatched.append(Unmatched(int(row), why, feasible))
    if rows is not None and cols is not None:  # back to the caller's positions
        back = np.argsort(rows[matched_rows], kind="stable")
        pairs = [
            Pair(int(rows[pairs[k].mentee]), int(cols[pairs[k].mentor]), pairs[k].score)
            for k in back
        ]
        unmatched = sorted(
            (
                Unmatched(int(rows[u.mentee]), u.reason, u.feasible_mentors, u.rejections)
                for u in unmatched
            ),
            key=lambda u: u.mentee,
        )
    clock.lap("report")
    total = float(units.sum()) / (UNITS / 100)
    return RunReport(
        mode,
        pairs,
        unmatched,
        total,
        total / len(pairs) if pairs else 0.0,
        len(pairs),
        n,
        m,
        clock.laps,
        certificate,
        blocking,
        int(feasible_per_mentee.sum()),
        objective if mode == "optimal" else None,
        seed,
    )


def warm_up() -> None:
    """Run a tiny cohort through both modes: loads (or, on a new machine, compiles) every
    kernel, which costs a fraction of a second once per process instead of on a first run."""
    from matching.engine import synthetic
    from matching.engine.profiles import Settings

    mentees, mentors = synthetic.cohort(40, 10, seed=0)
    cohort = Cohort(mentees, mentors, Settings())
    modes: tuple[Mode, ...] = ("optimal", "stable")
    for mode in modes:
        run(cohort, mode, seed=0)


def _feasible_counts(compat: I16, capacity: I64) -> I64:
    """Per mentee, the feasible mentors that have a free place."""
    counts = np.zeros(compat.shape[0], np.int64)
    step = max(1, 8_000_000 // max(1, compat.shape[1]))
    open_columns = np.asarray(capacity) > 0
    if open_columns.all():
        for start in range(0, compat.shape[0], step):
            counts[start : start + step] = (compat[start : start + step] >= 0).sum(axis=1)
        return counts
    for start in range(0, compat.shape[0], step):
        block = compat[start : start + step][:, open_columns]
        counts[start : start + step] = (block >= 0).sum(axis=1)
    return counts


def seniority_band(level: int) -> str:
    return "junior (1-3)" if level <= 3 else "mid (4-6)" if level <= 6 else "senior (7-10)"


ENROLMENT_QUARTILE = "enrolment_quartile"
"""Q1 (enrolled first) .. Q4 (enrolled last)."""
ATTRIBUTE_GETTERS: Mapping[str, Callable[[Profile], str]] = {
    "department": lambda p: p.department or "unknown",
    "seniority_band": lambda p: seniority_band(p.seniority),
    "communication_style": lambda p: p.communication_style or "unknown",
}


def fairness(
    mentees: Sequence[Profile], pairs: Sequence[Pair], attributes: Sequence[str]
) -> dict[str, list[dict[str, object]]]:
    """Match rate and mean score per value of each attribute (built-in or profile attribute).

    `enrolment_quartile` groups mentees by their position in `mentees` (the order they
    enrolled in): with fair ties, the match rate does not fall from the first quartile to the
    last."""
    score_of = {pair.mentee: pair.score for pair in pairs}
    summary: dict[str, list[dict[str, object]]] = {}
    count = len(mentees)
    for attribute in attributes:
        getter = ATTRIBUTE_GETTERS.get(attribute)
        groups: dict[str, list[int]] = defaultdict(list)
        for index, person in enumerate(mentees):
            if attribute == ENROLMENT_QUARTILE:
                value = f"Q{4 * index // count + 1}"
            elif getter:
                value = getter(person)
            else:
                value = person.attributes.get(attribute, "unknown")
            groups[value].append(index)
        rows = []
        for value, members in sorted(groups.items()):
            scores = [score_of[i] for i in members if i in score_of]
            rows.append(
                {
                    "value": value,
                    "mentees": len(members),
                    "matched": len(scores),
                    "match_rate": round(len(scores) / len(members), 4),
                    "mean_score": round(sum(scores) / len(scores), 2) if scores else None,
                }
            )
        summary[attribute] = rows
    return summary


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now
