"""The engine's passes over every pair of a cohort, compiled with numba.

Why compiled: each numpy operation is one full pass over N x M memory plus a temporary, and
a cohort run chains a dozen of them (round, mask, threshold, select, price, compare); the
deferred-acceptance tail is thousands of tiny rounds. Fused loops touch each pair once and
use both cores. The numpy/BLAS matrix product stays where it is: it is already fast.

Every kernel is deterministic: ties break by index, so results do not depend on threads. They
release the GIL (`nogil`): a run computes in a worker thread while the service's event loop
keeps answering requests and handling events.
Compiled code is cached next to this file (`cache=True`), so a process pays compilation once
per machine, not per run.
"""

import functools
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from numba import njit, prange

UNITS = 10_000
_UNITS_F32 = np.float32(UNITS)
_HALF_F32 = np.float32(0.5)
_UNBOUNDED = np.int64(2**62)


@njit(cache=True, parallel=True, nogil=True)
def _finish_scores(
    product,
    mentors,
    stored_from,
    minimum_units,
    check_language,
    mentee_languages,
    mentor_languages,
    out,
    row_offset,
):
    """Integer scores from the float product of a row block, -1 where the compatibility view
    (product columns [0, M)) is below the minimum or the pair shares no language.

    `product` is rows x (views * M), view 0 is compatibility; views from `stored_from` on are
    written to `out[view - stored_from, row_offset + row]`. `mentee_languages` holds the block's
    rows, `mentor_languages` every mentor (bit sets of the languages each speaks).
    Scores are never negative, so truncating x + 0.5 rounds them.
    """
    rows = product.shape[0]
    views = product.shape[1] // mentors
    words = mentee_languages.shape[1]
    mentor_silent = np.ones(mentors, np.bool_)
    for j in range(mentors):
        for w in range(words):
            if mentor_languages[j, w] != 0:
                mentor_silent[j] = False
    for i in prange(rows):
        row = row_offset + i
        feasible = np.empty(mentors, np.bool_)
        for j in range(mentors):
            feasible[j] = np.int32(product[i, j] * _UNITS_F32 + _HALF_F32) >= minimum_units
        mentee_speaks = False
        for w in range(words):
            mentee_speaks |= mentee_languages[i, w] != 0
        if check_language and mentee_speaks:
            for j in range(mentors):
                shared = mentor_silent[j]
                for w in range(words):
                    shared |= (mentee_languages[i, w] & mentor_languages[j, w]) != 0
                feasible[j] &= shared
        for view in range(stored_from, views):
            target = out[view - stored_from, row]
            base = view * mentors
            for j in range(mentors):
                value = np.int16(product[i, base + j] * _UNITS_F32 + _HALF_F32)
                target[j] = value if feasible[j] else np.int16(-1)


@njit(cache=True, inline="always")
def _sift_down(keys, values, size, position):
    """Restore a min-heap (by key) below `position`."""
    while True:
        smallest = position
        left = 2 * position + 1
        right = left + 1
        if left < size and keys[left] < keys[smallest]:
            smallest = left
        if right < size and keys[right] < keys[smallest]:
            smallest = right
        if smallest == position:
            return
        keys[position], keys[smallest] = keys[smallest], keys[position]
        values[position], values[smallest] = values[smallest], values[position]
        position = smallest


@njit(cache=True, inline="always")
def _offer(keys, values, size, capacity, key, value):
    """Keep the `capacity` largest keys in a min-heap; returns the new size."""
    if size < capacity:
        position = size
        keys[position] = key
        values[position] = value
        while position > 0:
            parent = (position - 1) // 2
            if keys[parent] <= keys[position]:
                break
            keys[parent], keys[position] = keys[position], keys[parent]
            values[parent], values[position] = values[position], values[parent]
            position = parent
        return size + 1
    if key > keys[0]:
        keys[0] = key
        values[0] = value
        _sift_down(keys, values, size, 0)
    return size


@njit(cache=True, parallel=True, nogil=True)
def _candidate_pairs(scores, k):
    """Pair ids (i * M + j) of each mentee's k best and each mentor's k best feasible pairs,
    ties broken by the lower index; sorted, each once."""
    n, m = scores.shape
    row_width = min(k, m)
    row_pairs = np.full((n, row_width), -1, np.int64)
    for i in prange(n):
        keys = np.empty(row_width, np.int64)
        mentors = np.empty(row_width, np.int64)
        for slot in range(_row_top(scores, i, _UNBOUNDED, row_width, keys, mentors)):
            row_pairs[i, slot] = np.int64(i) * m + mentors[slot]
    column_width = min(k, n)
    column_pairs = np.full((m, column_width), -1, np.int64)
    chunk = 64
    for c in prange((m + chunk - 1) // chunk):
        first = c * chunk
        width = min(m, first + chunk) - first
        keys = np.empty((width, column_width), np.int64)
        values = np.empty((width, column_width), np.int64)
        sizes = np.zeros(width, np.int64)
        for i in range(n):
            for offset in range(width):
                score = scores[i, first + offset]
                if score < 0:
                    continue
                key = np.int64(score) * n + (n - 1 - i)
                # Most keys lose to the heap's minimum: test that before touching the heap.
                if sizes[offset] == column_width and key <= keys[offset, 0]:
                    continue
                sizes[offset] = _offer(
                    keys[offset], values[offset], sizes[offset], column_width, key, i
                )
        for offset in range(width):
            for slot in range(sizes[offset]):
                column_pairs[first + offset, slot] = values[offset, slot] * m + first + offset
    found = np.concatenate((row_pairs.ravel(), column_pairs.ravel()))
    found = np.unique(found)
    return found[found >= 0]


@njit(cache=True, parallel=True, nogil=True)
def _price(scores, prices, row_duals, k, slack, bonus):
    """For every mentee, max_j (s_ij + bonus - v_j) over its feasible pairs, and its (at most
    k) pairs whose reduced cost s_ij + bonus - v_j exceeds u_i - slack, best first.
    Returns (best, pair ids or -1)."""
    n, m = scores.shape
    width = min(k, m)
    best = np.zeros(n, np.int64)
    violating = np.full((n, width), -1, np.int64)
    for i in prange(n):
        top = np.int64(-(2**62))
        for j in range(m):
            score = scores[i, j]
            if score >= 0:
                reduced = np.int64(score) + bonus - prices[j]
                if reduced > top:
                    top = reduced
        best[i] = top
        if top > row_duals[i] - slack:
            keys = np.empty(width, np.int64)
            values = np.empty(width, np.int64)
            size = 0
            for j in range(m):
                score = scores[i, j]
                if score >= 0:
                    reduced = np.int64(score) + bonus - prices[j]
                    if reduced > row_duals[i] - slack:
                        size = _offer(keys, values, size, width, reduced * m + (m - 1 - j), j)
            for slot in range(size):
                violating[i, slot] = np.int64(i) * m + values[slot]
    return best, violating


@njit(cache=True, nogil=True)
def _shortest_distances(pointers, heads, weights, root):
    """Bellman-Ford from `root` with a FIFO queue (SPFA) over a graph in CSR form (`pointers`
    indexes `heads`/`weights` by tail). Raises if a negative cycle is reachable."""
    nodes = pointers.shape[0] - 1
    unreached = np.int64(2**62)
    distance = np.full(nodes, unreached, np.int64)
    queued = np.zeros(nodes, np.bool_)
    settled = np.zeros(nodes, np.int64)
    queue = np.empty(nodes + 1, np.int64)
    head = 0
    tail = 0
    distance[root] = 0
    queue[tail] = root
    tail += 1
    queued[root] = True
    while head != tail:
        node = queue[head]
        head = (head + 1) % (nodes + 1)
        queued[node] = False
        settled[node] += 1
        if settled[node] > nodes:
            raise RuntimeError("negative cycle in the residual graph: the flow is not optimal")
        base = distance[node]
        for arc in range(pointers[node], pointers[node + 1]):
            target = heads[arc]
            candidate = base + weights[arc]
            if candidate < distance[target]:
                distance[target] = candidate
                if not queued[target]:
                    queued[target] = True
                    queue[tail] = target
                    tail = (tail + 1) % (nodes + 1)
    return distance


@njit(cache=True, inline="always")
def _row_top(view, row, below, length, keys, values):
    """The row's `length` best feasible columns whose key (score * M + M - 1 - j) is below
    `below`, as a heap in `keys`/`values` (unordered); returns how many."""
    m = view.shape[1]
    size = 0
    for j in range(m):
        score = view[row, j]
        if score >= 0:
            key = np.int64(score) * m + (m - 1 - j)
            if key < below:
                size = _offer(keys, values, size, length, key, j)
    return size


@njit(cache=True, nogil=True)
def _preference_list(view, row, below, length, out):
    """`_row_top`, best first, into `out`; returns how many."""
    keys = np.empty(length, np.int64)
    values = np.empty(length, np.int64)
    size = _row_top(view, row, below, length, keys, values)
    order = np.argsort(-keys[:size])
    for slot in range(size):
        out[slot] = values[order[slot]]
    return size


@njit(cache=True, parallel=True, nogil=True)
def _initial_lists(view, length, lists, sizes):
    for i in prange(view.shape[0]):
        sizes[i] = _preference_list(view, i, _UNBOUNDED, length, lists[i])


@njit(cache=True, nogil=True)
def _deferred_acceptance(mentee_view, mentor_view, capacity, length):
    """Mentee-proposing deferred acceptance; each mentee's list starts with its `length` best
    mentors and is extended with the next `length` only when used up, so the result is the
    exact mentee-optimal stable matching over all feasible pairs.

    Returns (mentor of each mentee or -1, proposals, list extensions)."""
    n, m = mentee_view.shape
    lists = np.full((n, length), -1, np.int64)
    sizes = np.zeros(n, np.int64)
    _initial_lists(mentee_view, length, lists, sizes)
    position = np.zeros(n, np.int64)
    slots = 1
    for j in range(m):
        slots = max(slots, capacity[j])
    held_keys = np.empty((m, slots), np.int64)
    held = np.empty((m, slots), np.int64)
    load = np.zeros(m, np.int64)
    mentor_of = np.full(n, -1, np.int64)
    free = np.empty(n, np.int64)
    top = 0
    for i in range(n - 1, -1, -1):
        free[top] = i
        top += 1
    proposals = 0
    extensions = 0
    while top > 0:
        top -= 1
        mentee = free[top]
        while True:
            if position[mentee] >= sizes[mentee]:
                if sizes[mentee] == 0:
                    break
                last = lists[mentee, sizes[mentee] - 1]
                below = np.int64(mentee_view[mentee, last]) * m + (m - 1 - last)
                extensions += 1
                sizes[mentee] = _preference_list(mentee_view, mentee, below, length, lists[mentee])
                position[mentee] = 0
                if sizes[mentee] == 0:
                    break
            mentor = lists[mentee, position[mentee]]
            position[mentee] += 1
            proposals += 1
            if capacity[mentor] <= 0:
                continue
            key = np.int64(mentor_view[mentee, mentor]) * n + (n - 1 - mentee)
            if load[mentor] < capacity[mentor]:
                load[mentor] = _offer(
                    held_keys[mentor], held[mentor], load[mentor], capacity[mentor], key, mentee
                )
                mentor_of[mentee] = mentor
                break
            if key > held_keys[mentor, 0]:
                evicted = held[mentor, 0]
                _offer(held_keys[mentor], held[mentor], load[mentor], capacity[mentor], key, mentee)
                mentor_of[mentee] = mentor
                mentor_of[evicted] = -1
                free[top] = evicted
                top += 1
                break
    return mentor_of, proposals, extensions


@njit(cache=True, parallel=True, nogil=True)
def _blocking_pairs(mentee_view, mentor_view, mentor_of, worst):
    """Feasible pairs (i, j) where i prefers j to its match (or has none) and j has room or
    prefers i to the worst mentee it holds (`worst[j]`, a mentor key; max when j has none)."""
    n, m = mentee_view.shape
    count = 0
    for i in prange(n):
        current = np.int64(-1)
        mentor = mentor_of[i]
        if mentor >= 0:
            current = np.int64(mentee_view[i, mentor]) * m + (m - 1 - mentor)
        mentor_key_of_i = n - 1 - i
        found = 0
        for j in range(m):
            score = mentee_view[i, j]
            mentee_prefers = score >= 0 and np.int64(score) * m + (m - 1 - j) > current
            if mentee_prefers and np.int64(mentor_view[i, j]) * n + mentor_key_of_i > worst[j]:
                found += 1
        count += found
    return count


_ONE_AT_A_TIME = threading.Lock()
"""Where neither OpenMP nor TBB is installed, numba falls back to its workqueue threading
layer, which aborts the process when two threads launch parallel kernels at once; a run (in a
worker thread) and a recommendation (on the event loop) can. The kernels use every core
anyway, so taking turns costs nothing."""


def _one_at_a_time(kernel: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(kernel)
    def call(*args: Any) -> Any:
        with _ONE_AT_A_TIME:
            return kernel(*args)

    return call


finish_scores = _one_at_a_time(_finish_scores)
candidate_pairs = _one_at_a_time(_candidate_pairs)
price = _one_at_a_time(_price)
shortest_distances = _one_at_a_time(_shortest_distances)
deferred_acceptance = _one_at_a_time(_deferred_acceptance)
blocking_pairs = _one_at_a_time(_blocking_pairs)
