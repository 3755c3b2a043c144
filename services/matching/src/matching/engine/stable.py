"""Stable mode: mentee-proposing deferred acceptance with mentor capacities.

Mentees rank mentors by their own view of a pair, mentors rank mentees by theirs; ties break by
index, so every order is strict and the result (the mentee-optimal stable matching) is unique.
Each mentee starts with its top-L list; a list is extended lazily (the next L below the last
one) only when a mentee runs out, which keeps the run exact without sorting every row. The
proposals themselves run one at a time in compiled code (see kernels.py).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.engine import kernels

I16 = npt.NDArray[np.int16]
I64 = npt.NDArray[np.int64]
LIST_LENGTH = 100


@dataclass(frozen=True)
class StableMatching:
    mentor_of: I64
    proposals: int
    list_extensions: int


def _c_int16(view: npt.NDArray[np.integer]) -> I16:
    return np.ascontiguousarray(view, np.int16)


def mentor_keys(mentor_view: I16, rows: I64, cols: I64) -> I64:
    """Strict mentor preference keys of pairs (rows[k], cols[k]): higher is better."""
    n = mentor_view.shape[0]
    return np.asarray(mentor_view[rows, cols].astype(np.int64) * n + (n - 1 - rows), np.int64)


def deferred_acceptance(
    mentee_view: I16, mentor_view: I16, capacity: I64, list_length: int = LIST_LENGTH
) -> StableMatching:
    """`mentee_view`/`mentor_view`: N x M scores of each side, -1 where the pair is infeasible."""
    n, m = mentee_view.shape
    if n == 0 or m == 0:
        return StableMatching(np.full(n, -1, np.int64), 0, 0)
    mentor_of, proposals, extensions = kernels.deferred_acceptance(
        _c_int16(mentee_view),
        _c_int16(mentor_view),
        np.asarray(capacity, np.int64),
        max(1, min(list_length, m)),
    )
    return StableMatching(np.asarray(mentor_of, np.int64), int(proposals), int(extensions))


def blocking_pairs(mentee_view: I16, mentor_view: I16, capacity: I64, mentor_of: I64) -> int:
    """Feasible pairs that would both rather be together than with what they got (all pairs)."""
    m = mentee_view.shape[1]
    capacity = np.asarray(capacity, np.int64)
    matched = np.nonzero(mentor_of >= 0)[0]
    load = np.bincount(mentor_of[matched], minlength=m)
    lowest = np.full(m, np.iinfo(np.int64).max, np.int64)
    np.minimum.at(lowest, mentor_of[matched], mentor_keys(mentor_view, matched, mentor_of[matched]))
    # A mentor with room takes anyone; a full one only someone above the worst it holds.
    worst = np.where(load >= capacity, lowest, -1)
    worst[capacity <= 0] = np.iinfo(np.int64).max
    return int(
        kernels.blocking_pairs(
            _c_int16(mentee_view), _c_int16(mentor_view), np.asarray(mentor_of, np.int64), worst
        )
    )
