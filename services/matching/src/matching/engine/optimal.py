"""Optimal mode: the maximum total score under capacities and every hard constraint, exact.

Min-cost flow (OR-Tools) runs on a sparse candidate graph: each mentee's k best mentors and each
mentor's k best mentees. The node potentials of the optimal residual graph are LP duals (a price
v_j per mentor place); pricing ALL feasible pairs against them gives the upper bound
UB = sum_i max(0, max_j (s_ij - v_j)) + sum_j cap_j v_j >= any matching's total. Pairs that
price positive join the graph and it is solved again; when UB equals the solution's total the
solution is provably optimal and the certificate's gap is 0.

Two objectives. "max_total": the largest total score. "max_matched": as many pairs as possible,
then the largest total among those; solved as the same problem with a bonus B added to every
feasible pair, B larger than any matching's total score, so one more pair always outweighs any
difference in totals. The certificate is then on the bonus-weighted objective: gap 0 proves
both the number of pairs and the total optimal, lexicographically.
"""

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from matching.engine import kernels

I16 = npt.NDArray[np.int16]
I64 = npt.NDArray[np.int64]
Objective = Literal["max_matched", "max_total"]
OBJECTIVES: tuple[Objective, ...] = ("max_matched", "max_total")
PRICING_SLACK = 300
"""Score units (3 points): pairs this close to pricing in join the graph too. The optimal duals
are degenerate, so the next duals often price in a neighbour of what the last round added;
taking the near-tight pairs at once saves those re-solves (4 rounds -> 2 at 10k x 2k)."""


@dataclass(frozen=True)
class Certificate:
    objective: int
    """The solution's value in score units: its total score, plus `bonus` per pair."""
    upper_bound: int
    """A dual bound: no matching of this cohort can score more (same units)."""
    gap: int
    pricing_rounds: int
    candidate_arcs: int
    priced_in_arcs: int
    bonus: int = 0
    """Units added to every pair ("max_matched"; 0 for "max_total")."""

    @property
    def exact(self) -> bool:
        return self.gap == 0

    @property
    def relative_gap(self) -> float:
        return self.gap / self.upper_bound if self.upper_bound else 0.0


@dataclass(frozen=True)
class Assignment:
    mentor_of: I64
    """For each mentee, the index of its mentor, or -1."""
    certificate: Certificate | None = None


def candidates(scores: I16, k: int) -> I64:
    """Pair ids (i * M + j) of each mentee's k best and each mentor's k best feasible pairs
    (ties broken by the lower index, so exactly k per side where there are k)."""
    return np.asarray(kernels.candidate_pairs(_c_int16(scores), k), np.int64)


def _c_int16(scores: npt.NDArray[np.integer]) -> I16:
    return np.ascontiguousarray(scores, np.int16)


def cardinality_bonus(scores: I16, capacity: I64) -> int:
    """Units that make one more pair worth more than any matching's whole total score."""
    n = scores.shape[0]
    pairs = min(n, int(np.asarray(capacity, np.int64).clip(0).sum()))
    top = int(scores.max()) if scores.size else 0
    return int(pairs * max(0, top) + 1)


def solve(
    scores: I16,
    capacity: I64,
    k: int = 20,
    certify: bool = True,
    max_rounds: int = 50,
    objective: Objective = "max_total",
) -> Assignment:
    """The exact optimum over `scores` (N x M, -1 where infeasible) for `objective`, with its
    certificate."""
    n, m = scores.shape
    if n == 0 or m == 0:
        return Assignment(np.full(n, -1, np.int64), Certificate(0, 0, 0, 0, 0, 0))
    scores = _c_int16(scores)
    capacity = np.asarray(capacity, np.int64)
    bonus = cardinality_bonus(scores, capacity) if objective == "max_matched" else 0
    arcs = candidates(scores, k)
    initial = len(arcs)
    rounds = 0
    while True:
        mentor_of, flows = _solve_flow(scores, capacity, arcs, bonus)
        matched = np.nonzero(mentor_of >= 0)[0]
        value = int(scores[matched, mentor_of[matched]].astype(np.int64).sum())
        value += bonus * len(matched)
        if not certify:
            return Assignment(mentor_of)
        u, v = _duals(scores, capacity, arcs, flows, mentor_of, bonus)
        rounds += 1
        upper, violating = _price(scores, capacity, u, v, k, bonus)
        if upper <= value or len(violating) == 0 or rounds >= max_rounds:
            certificate = Certificate(
                value,
                max(upper, value),
                max(0, upper - value),
                rounds,
                initial,
                len(arcs) - initial,
                bonus,
            )
            return Assignment(mentor_of, certificate)
        arcs = np.union1d(arcs, violating)


def _solve_flow(scores: I16, capacity: I64, arcs: I64, bonus: int) -> tuple[I64, I64]:
    n, m = scores.shape
    sink = n + m
    tails = arcs // m
    heads = arcs % m
    costs = -(scores[tails, heads].astype(np.int64) + bonus)
    flow = min_cost_flow.SimpleMinCostFlow()
    mentees = np.arange(n, dtype=np.int64)
    mentors = np.arange(m, dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([tails, mentees, n + mentors]),
        np.concatenate([n + heads, np.full(n, sink), np.full(m, sink)]),
        # The "unassigned" arc has room to spare, so its reduced cost is 0 at the optimum.
        np.concatenate([np.ones(len(arcs), np.int64), np.full(n, 2), capacity]),
        np.concatenate([costs, np.zeros(n + m, np.int64)]),
    )
    flow.set_nodes_supplies(
        np.arange(sink + 1), np.concatenate([np.ones(n, np.int64), np.zeros(m, np.int64), [-n]])
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = flow.flows(np.arange(len(arcs) + n + m)).astype(np.int64)
    mentor_of = np.full(n, -1, np.int64)
    used = np.nonzero(flows[: len(arcs)] > 0)[0]
    mentor_of[tails[used]] = heads[used]
    return mentor_of, flows


def _duals(
    scores: I16, capacity: I64, arcs: I64, flows: I64, mentor_of: I64, bonus: int
) -> tuple[I64, I64]:
    """LP duals (u per mentee, v per mentor place) from shortest paths in the residual graph."""
    n, m = scores.shape
    sink, root = n + m, n + m + 1
    tails, heads = arcs // m, arcs % m + n
    cost = scores[arcs // m, arcs % m].astype(np.int64) + bonus
    used = flows[: len(arcs)] > 0
    mentor_load = flows[len(arcs) + n :]
    unassigned = mentor_of < 0
    mentees = np.arange(n)
    mentors = np.arange(n, n + m)
    src = [tails[~used], heads[used], mentees, np.full(int(unassigned.sum()), sink)]
    dst = [heads[~used], tails[used], np.full(n, sink), mentees[unassigned]]
    weight = [
        -cost[~used],
        cost[used],
        np.zeros(n, np.int64),
        np.zeros(int(unassigned.sum()), np.int64),
    ]
    free = mentor_load < capacity
    busy = mentor_load > 0
    src += [mentors[free], np.full(int(busy.sum()), sink), np.full(sink, root)]
    dst += [np.full(int(free.sum()), sink), mentors[busy], np.arange(sink)]
    weight += [
        np.zeros(int(free.sum()), np.int64),
        np.zeros(int(busy.sum()), np.int64),
        np.zeros(sink, np.int64),
    ]
    d = _shortest_distances(
        root + 1,
        np.concatenate(src),
        np.concatenate(dst),
        np.concatenate(weight).astype(np.int64),
        root,
    )
    u = d[:n] - d[sink]
    v = np.maximum(0, d[sink] - d[n:sink])
    return u, v


def _shortest_distances(nodes: int, src: I64, dst: I64, weight: I64, root: int) -> I64:
    """Bellman-Ford from `root`: the residual graph of an optimal flow has no negative cycle."""
    order = np.argsort(src, kind="stable")
    pointers = np.searchsorted(src[order], np.arange(nodes + 1)).astype(np.int64)
    return np.asarray(kernels.shortest_distances(pointers, dst[order], weight[order], root))


def _price(scores: I16, capacity: I64, u: I64, v: I64, k: int, bonus: int) -> tuple[int, I64]:
    """The dual bound over all feasible pairs (each worth its score + `bonus`), and (up to k
    per mentee) the pairs whose reduced cost is positive or within PRICING_SLACK of it."""
    best, violating = kernels.price(scores, v, u, k, PRICING_SLACK, np.int64(bonus))
    total = int((capacity * v).sum()) + int(np.maximum(best, 0).sum())
    found = violating[violating >= 0]
    return total, np.unique(found).astype(np.int64)
