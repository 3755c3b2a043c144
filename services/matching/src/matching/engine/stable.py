"""Stable mode: mentee-proposing deferred acceptance with mentor capacities.

Mentees rank mentors by their own view of a pair, mentors rank mentees by theirs; ties break by
index, so every order is strict and the result (the mentee-optimal stable matching) is unique.
Each mentee starts with its top-L list; a list is extended lazily (the next L below the last
one) only when a mentee runs out, which keeps the run exact without sorting every row.
Proposals go in rounds, all free mentees at once, vectorised with numpy.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

I16 = npt.NDArray[np.int16]
I64 = npt.NDArray[np.int64]
LIST_LENGTH = 100
ROW_BLOCK_ELEMENTS = 4_000_000


@dataclass(frozen=True)
class StableMatching:
    mentor_of: I64
    rounds: int
    proposals: int
    list_extensions: int


def _mentee_keys(mentee_view: I16, rows: I64) -> I64:
    """Strict preference keys of mentees `rows` over all mentors: higher is better, -1 = never."""
    m = mentee_view.shape[1]
    block = mentee_view[rows].astype(np.int64)
    keys = block * m + (m - 1 - np.arange(m))
    keys[block < 0] = -1
    return np.asarray(keys, np.int64)


def mentor_keys(mentor_view: I16, rows: I64, cols: I64) -> I64:
    n = mentor_view.shape[0]
    return np.asarray(mentor_view[rows, cols].astype(np.int64) * n + (n - 1 - rows), np.int64)


def deferred_acceptance(
    mentee_view: I16, mentor_view: I16, capacity: I64, list_length: int = LIST_LENGTH
) -> StableMatching:
    """`mentee_view`/`mentor_view`: N x M scores of each side, -1 where the pair is infeasible."""
    n, m = mentee_view.shape
    length = max(1, min(list_length, m))
    lists = np.full((n, length), -1, np.int64)
    sizes = np.zeros(n, np.int64)
    position = np.zeros(n, np.int64)
    last_key = np.full(n, np.iinfo(np.int64).max, np.int64)
    exhausted = np.zeros(n, bool)
    slots = int(capacity.max()) if m else 0
    held = np.full((m, max(1, slots)), -1, np.int64)
    held_key = np.full((m, max(1, slots)), -1, np.int64)

    def extend(rows: I64) -> None:
        step = max(1, ROW_BLOCK_ELEMENTS // max(1, m))
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            keys = _mentee_keys(mentee_view, chunk)
            keys[keys >= last_key[chunk, None]] = -1
            if m > length:
                top = np.argpartition(keys, m - length, axis=1)[:, m - length :]
            else:
                top = np.broadcast_to(np.arange(m), keys.shape).copy()
            top_keys = np.take_along_axis(keys, top, axis=1)
            order = np.argsort(-top_keys, axis=1, kind="stable")
            top = np.take_along_axis(top, order, axis=1)
            top_keys = np.take_along_axis(top_keys, order, axis=1)
            valid = top_keys >= 0
            lists[chunk] = np.where(valid, top, -1)
            sizes[chunk] = valid.sum(axis=1)
            position[chunk] = 0
            has = sizes[chunk] > 0
            last_key[chunk[has]] = top_keys[has, sizes[chunk[has]] - 1]
            exhausted[chunk[~has]] = True

    extend(np.arange(n, dtype=np.int64))
    free = np.nonzero(~exhausted)[0]
    rounds = proposals = extensions = 0
    while len(free):
        rounds += 1
        out = free[position[free] >= sizes[free]]
        if len(out):
            extensions += len(out)
            extend(out)
            free = free[~exhausted[free]]
            if not len(free):
                break
        mentors = lists[free, position[free]]
        position[free] += 1
        proposals += len(free)
        keys = mentor_keys(mentor_view, free, mentors)
        touched = np.unique(mentors)
        old = held[touched]
        old_keys = held_key[touched]
        present = old >= 0
        cand_mentor = np.concatenate(
            [np.broadcast_to(touched[:, None], old.shape)[present], mentors]
        )
        cand_mentee = np.concatenate([old[present], free])
        cand_key = np.concatenate([old_keys[present], keys])
        order = np.lexsort((-cand_key, cand_mentor))
        cand_mentor, cand_mentee, cand_key = cand_mentor[order], cand_mentee[order], cand_key[order]
        starts = np.searchsorted(cand_mentor, touched)
        rank = np.arange(len(cand_mentor)) - starts[np.searchsorted(touched, cand_mentor)]
        accepted = rank < capacity[cand_mentor]
        held[touched] = -1
        held_key[touched] = -1
        held[cand_mentor[accepted], rank[accepted]] = cand_mentee[accepted]
        held_key[cand_mentor[accepted], rank[accepted]] = cand_key[accepted]
        free = cand_mentee[~accepted]
    mentor_of = np.full(n, -1, np.int64)
    rows, cols = np.nonzero(held >= 0)
    mentor_of[held[rows, cols]] = rows
    return StableMatching(mentor_of, rounds, proposals, extensions)


def blocking_pairs(mentee_view: I16, mentor_view: I16, capacity: I64, mentor_of: I64) -> int:
    """Feasible pairs that would both rather be together than with what they got (all pairs)."""
    n, m = mentee_view.shape
    rows = np.arange(n, dtype=np.int64)
    matched = mentor_of >= 0
    current = np.full(n, -1, np.int64)
    current[matched] = mentee_view[rows[matched], mentor_of[matched]].astype(np.int64) * m + (
        m - 1 - mentor_of[matched]
    )
    load = np.bincount(mentor_of[matched], minlength=m)
    worst = np.full(m, -1, np.int64)
    if matched.any():
        held_keys = mentor_keys(mentor_view, rows[matched], mentor_of[matched])
        lowest = np.full(m, np.iinfo(np.int64).max, np.int64)
        np.minimum.at(lowest, mentor_of[matched], held_keys)
        full = load >= capacity
        worst[full] = lowest[full]
    worst[capacity <= 0] = np.iinfo(np.int64).max
    count = 0
    step = max(1, ROW_BLOCK_ELEMENTS // max(1, m))
    for start in range(0, n, step):
        chunk = rows[start : start + step]
        a = _mentee_keys(mentee_view, chunk)
        b = mentor_view[chunk].astype(np.int64) * n + (n - 1 - chunk)[:, None]
        count += int(((a > current[chunk, None]) & (b > worst) & (a >= 0)).sum())
    return count
