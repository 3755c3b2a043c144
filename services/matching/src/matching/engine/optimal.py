"""Optimal mode: the maximum total score under capacities and every hard constraint, exact.

Min-cost flow (OR-Tools) runs on a sparse candidate graph: each mentee's k best mentors and each
mentor's k best mentees. The node potentials of the optimal residual graph are LP duals (a price
v_j per mentor place); pricing ALL feasible pairs against them gives the upper bound
UB = sum_i max(0, max_j (s_ij - v_j)) + sum_j cap_j v_j >= any matching's total. Pairs that
price positive join the graph and it is solved again; when UB equals the solution's total the
solution is provably optimal and the certificate's gap is 0.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

I16 = npt.NDArray[np.int16]
I64 = npt.NDArray[np.int64]
ROW_BLOCK_ELEMENTS = 8_000_000
COLUMN_SUBBLOCK = 500
UNITS_MAX = 10_000


@dataclass(frozen=True)
class Certificate:
    objective: int
    """Total score of the solution, in score units."""
    upper_bound: int
    """A dual bound: no matching of this cohort can score more."""
    gap: int
    pricing_rounds: int
    candidate_arcs: int
    priced_in_arcs: int

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


def _row_blocks(n: int, m: int) -> Iterator[tuple[int, int]]:
    step = max(1, ROW_BLOCK_ELEMENTS // max(1, m))
    for start in range(0, n, step):
        yield start, min(n, start + step)


def candidates(scores: I16, k: int) -> I64:
    """Pair ids (i * M + j) of each mentee's k best and each mentor's k best feasible pairs.

    Thresholds come from np.partition on the int16 scores (several times faster than
    argpartition); ties at a threshold are all kept. Only if ties blow the graph up (profiles
    that are all alike) does it fall back to index-broken keys, which select exactly k per side.
    """
    n, m = scores.shape
    found = _threshold_candidates(scores, k, np.int16, _plain_keys)
    if len(found) <= 3 * k * (n + m):
        return found
    key_type = np.int64 if (UNITS_MAX + 2) * max(n, m) >= 2**31 else np.int32
    return _threshold_candidates(scores, k, key_type, _unique_keys)


KeyFunction = Callable[[I16, int, int, type[np.signedinteger], bool], npt.NDArray[np.signedinteger]]


def _plain_keys(
    scores: I16, start: int, stop: int, key_type: type[np.signedinteger], by_row: bool
) -> npt.NDArray[np.signedinteger]:
    return np.asarray(scores[start:stop])


def _unique_keys(
    scores: I16, start: int, stop: int, key_type: type[np.signedinteger], by_row: bool
) -> npt.NDArray[np.signedinteger]:
    n, m = scores.shape
    block = scores[start:stop].astype(key_type)
    if by_row:
        return np.asarray(block * m + (m - 1 - np.arange(m)).astype(key_type))
    return np.asarray(block * n + (n - 1 - np.arange(start, stop)).astype(key_type)[:, None])


def _threshold_candidates(
    scores: I16, k: int, key_type: type[np.signedinteger], keys: KeyFunction
) -> I64:
    n, m = scores.shape
    row_threshold = np.empty(n, key_type)
    column_tops: list[npt.NDArray[np.signedinteger]] = []
    for start, stop in _row_blocks(n, m):
        row_keys = keys(scores, start, stop, key_type, True)
        row_threshold[start:stop] = (
            np.partition(row_keys, m - k, axis=1)[:, m - k] if m > k else row_keys.min(axis=1)
        )
        for sub in range(start, stop, COLUMN_SUBBLOCK):
            column_keys = keys(scores, sub, min(stop, sub + COLUMN_SUBBLOCK), key_type, False)
            height = column_keys.shape[0]
            column_tops.append(
                np.partition(column_keys, height - k, axis=0)[height - k :]
                if height > k
                else column_keys
            )
    tops = np.vstack(column_tops)
    height = tops.shape[0]
    column_threshold = (
        np.partition(tops, height - k, axis=0)[height - k] if height > k else tops.min(axis=0)
    )
    found: list[I64] = []
    for start, stop in _row_blocks(n, m):
        block = scores[start:stop]
        chosen = keys(scores, start, stop, key_type, True) >= row_threshold[start:stop, None]
        chosen |= keys(scores, start, stop, key_type, False) >= column_threshold
        chosen &= block >= 0
        rows, cols = np.nonzero(chosen)
        found.append((rows + start).astype(np.int64) * m + cols)
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def solve(
    scores: I16, capacity: I64, k: int = 20, certify: bool = True, max_rounds: int = 50
) -> Assignment:
    """The exact optimum over `scores` (N x M, -1 where infeasible), with its certificate."""
    n, m = scores.shape
    if n == 0 or m == 0:
        return Assignment(np.full(n, -1, np.int64), Certificate(0, 0, 0, 0, 0, 0))
    arcs = candidates(scores, k)
    initial = len(arcs)
    rounds = 0
    while True:
        mentor_of, flows = _solve_flow(scores, capacity, arcs)
        objective = int(scores[np.nonzero(mentor_of >= 0)[0], mentor_of[mentor_of >= 0]].sum())
        if not certify:
            return Assignment(mentor_of)
        u, v = _duals(scores, capacity, arcs, flows, mentor_of)
        rounds += 1
        upper, violating = _price(scores, capacity, u, v, k)
        if upper <= objective or len(violating) == 0 or rounds >= max_rounds:
            certificate = Certificate(
                objective,
                max(upper, objective),
                max(0, upper - objective),
                rounds,
                initial,
                len(arcs) - initial,
            )
            return Assignment(mentor_of, certificate)
        arcs = np.union1d(arcs, violating)


def _solve_flow(scores: I16, capacity: I64, arcs: I64) -> tuple[I64, I64]:
    n, m = scores.shape
    sink = n + m
    tails = arcs // m
    heads = arcs % m
    costs = -scores[tails, heads].astype(np.int64)
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


def _duals(scores: I16, capacity: I64, arcs: I64, flows: I64, mentor_of: I64) -> tuple[I64, I64]:
    """LP duals (u per mentee, v per mentor place) from shortest paths in the residual graph."""
    n, m = scores.shape
    sink, root = n + m, n + m + 1
    tails, heads = arcs // m, arcs % m + n
    cost = scores[arcs // m, arcs % m].astype(np.float64)
    used = flows[: len(arcs)] > 0
    mentor_load = flows[len(arcs) + n :]
    unassigned = mentor_of < 0
    mentees = np.arange(n)
    mentors = np.arange(n, n + m)
    src = [tails[~used], heads[used], mentees, np.full(int(unassigned.sum()), sink)]
    dst = [heads[~used], tails[used], np.full(n, sink), mentees[unassigned]]
    weight = [-cost[~used], cost[used], np.zeros(n), np.zeros(int(unassigned.sum()))]
    free = mentor_load < capacity
    busy = mentor_load > 0
    src += [mentors[free], np.full(int(busy.sum()), sink), np.full(sink, root)]
    dst += [np.full(int(free.sum()), sink), mentors[busy], np.arange(sink)]
    weight += [np.zeros(int(free.sum())), np.zeros(int(busy.sum())), np.zeros(sink)]
    d = _shortest_distances(
        root + 1,
        np.concatenate(src),
        np.concatenate(dst),
        np.rint(np.concatenate(weight)).astype(np.int64),
        root,
    )
    u = d[:n] - d[sink]
    v = np.maximum(0, d[sink] - d[n:sink])
    return u, v


def _shortest_distances(nodes: int, src: I64, dst: I64, weight: I64, root: int) -> I64:
    """Bellman-Ford from `root` in vectorised passes that relax only the arcs leaving nodes
    whose distance changed in the previous pass (a batched SPFA).

    The residual graph of an optimal flow has no negative cycle. Its shortest paths can be
    a few hundred arcs long (alternating chains), but late passes touch few nodes.
    """
    order = np.argsort(src, kind="stable")
    src, dst, weight = src[order], dst[order], weight[order]
    pointers = np.searchsorted(src, np.arange(nodes + 1))
    distance = np.full(nodes, np.iinfo(np.int64).max // 4, np.int64)
    distance[root] = 0
    active = np.array([root], np.int64)
    for _ in range(nodes + 1):
        starts, stops = pointers[active], pointers[active + 1]
        lengths = stops - starts
        total = int(lengths.sum())
        if total == 0:
            return distance
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        heads = dst[offsets]
        candidate = distance[src[offsets]] + weight[offsets]
        before = distance[heads]
        np.minimum.at(distance, heads, candidate)
        improved = distance[heads] < before
        if not improved.any():
            return distance
        active = np.unique(heads[improved])
    raise RuntimeError("negative cycle in the residual graph: the flow is not optimal")


def _price(scores: I16, capacity: I64, u: I64, v: I64, k: int) -> tuple[int, I64]:
    """The dual bound over all feasible pairs, and the pairs whose reduced cost is positive.

    Infeasible pairs hold -1, so their reduced cost -1 - v_j is below 0 <= u_i: they never
    price in, and no mask is needed (int16 arithmetic: scores and prices stay within +-10^4).
    """
    n, m = scores.shape
    total = int((capacity * v).sum())
    prices = np.minimum(v, UNITS_MAX + 1).astype(np.int16)
    violating: list[I64] = []
    for start, stop in _row_blocks(n, m):
        reduced = scores[start:stop] - prices
        best = reduced.max(axis=1).astype(np.int64)
        total += int(np.maximum(best, 0).sum())
        rows = np.nonzero(best > u[start:stop])[0]
        if len(rows):
            sub = reduced[rows]
            width = min(k, m)
            cols = np.argpartition(sub, m - width, axis=1)[:, m - width :]
            keep = np.take_along_axis(sub, cols, axis=1) > u[start + rows][:, None]
            pairs = (np.broadcast_to((start + rows)[:, None], cols.shape)[keep] * m) + cols[keep]
            violating.append(pairs.astype(np.int64))
    found = np.unique(np.concatenate(violating)) if violating else np.zeros(0, np.int64)
    return total, found
