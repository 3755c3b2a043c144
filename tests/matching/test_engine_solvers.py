"""The solvers against brute force and against the definition of stability (property-based)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import optimal, stable

pytestmark = pytest.mark.unit
Instance = tuple[np.ndarray, np.ndarray]


@st.composite
def instances(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 3) -> Instance:
    n = draw(st.integers(1, max_mentees))
    m = draw(st.integers(1, max_mentors))
    cells = st.one_of(st.just(-1), st.integers(0, 10_000))
    scores = np.array(draw(st.lists(cells, min_size=n * m, max_size=n * m)), np.int16)
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)), np.int64)
    return scores.reshape(n, m), capacity


def brute_force(scores: np.ndarray, capacity: np.ndarray) -> int:
    n, m = scores.shape
    best = 0
    for choice in itertools.product(range(-1, m), repeat=n):
        load = np.bincount([j for j in choice if j >= 0], minlength=m)
        if (load > capacity).any() or any(
            j >= 0 and scores[i, j] < 0 for i, j in enumerate(choice)
        ):
            continue
        best = max(best, sum(int(scores[i, j]) for i, j in enumerate(choice) if j >= 0))
    return best


def respects(scores: np.ndarray, capacity: np.ndarray, mentor_of: np.ndarray) -> bool:
    rows = np.nonzero(mentor_of >= 0)[0]
    load = np.bincount(mentor_of[rows], minlength=scores.shape[1])
    return bool((load <= capacity).all() and (scores[rows, mentor_of[rows]] >= 0).all())


@settings(max_examples=150, deadline=None)
@given(instances(), st.integers(1, 3))
def test_optimal_equals_brute_force_with_a_zero_gap_certificate(instance: Instance, k: int) -> None:
    scores, capacity = instance
    result = optimal.solve(scores, capacity, k=k)
    assert result.certificate is not None
    assert respects(scores, capacity, result.mentor_of)
    assert result.certificate.objective == brute_force(scores, capacity)
    assert result.certificate.gap == 0
    assert result.certificate.upper_bound == result.certificate.objective


def naive_blocking(
    a: np.ndarray, b: np.ndarray, capacity: np.ndarray, mentor_of: np.ndarray
) -> int:
    """Blocking pairs straight from the definition, with the same index tie-breaking."""
    n, m = a.shape

    def mentee_prefers(i: int, j: int, current: int) -> bool:
        return current < 0 or (a[i, j], -j) > (a[i, current], -current)

    count = 0
    for i in range(n):
        for j in range(m):
            if a[i, j] < 0 or mentor_of[i] == j or not mentee_prefers(i, j, int(mentor_of[i])):
                continue
            held = [h for h in range(n) if mentor_of[h] == j]
            if len(held) < capacity[j]:
                count += 1
            elif held and capacity[j] > 0:
                worst = min(held, key=lambda h: (b[h, j], -h))
                count += (b[i, j], -i) > (b[worst, j], -worst)
    return count


@settings(max_examples=150, deadline=None)
@given(instances(max_mentees=8, max_mentors=4), st.integers(0, 10**6), st.integers(1, 3))
def test_stable_has_no_blocking_pair_over_all_feasible_pairs(
    instance: Instance, seed: int, list_length: int
) -> None:
    scores, capacity = instance
    rng = np.random.default_rng(seed)
    mentor_view = rng.integers(0, 10_000, size=scores.shape).astype(np.int16)
    mentor_view[scores < 0] = -1
    result = stable.deferred_acceptance(scores, mentor_view, capacity, list_length=list_length)
    assert respects(scores, capacity, result.mentor_of)
    assert naive_blocking(scores, mentor_view, capacity, result.mentor_of) == 0
    assert stable.blocking_pairs(scores, mentor_view, capacity, result.mentor_of) == 0
    # Lazy list extension changes nothing: short lists give the same (mentee-optimal) matching.
    full = stable.deferred_acceptance(scores, mentor_view, capacity, list_length=100)
    assert (full.mentor_of == result.mentor_of).all()


def test_the_stability_check_counts_blocking_pairs_of_an_unstable_matching() -> None:
    a = np.array([[10, 5], [5, 10]], np.int16)
    b = np.array([[10, 5], [5, 10]], np.int16)
    swapped = np.array([1, 0])
    assert stable.blocking_pairs(a, b, np.array([1, 1]), swapped) == 2
    assert naive_blocking(a, b, np.array([1, 1]), swapped) == 2


def test_optimal_on_a_larger_random_cohort_matches_scipy_on_replicated_slots() -> None:
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(7)
    scores = rng.integers(0, 10_000, size=(300, 70)).astype(np.int16)
    scores[rng.random(scores.shape) < 0.3] = -1
    capacity = rng.integers(1, 6, size=70).astype(np.int64)
    result = optimal.solve(scores, capacity, k=5)
    slots = np.repeat(np.arange(70), capacity)
    weights = scores[:, slots].astype(float)
    weights[weights < 0] = -1e9
    weights = np.hstack([weights, np.zeros((300, 300))])
    rows, cols = linear_sum_assignment(weights, maximize=True)
    assert result.certificate is not None
    assert result.certificate.objective == int(weights[rows, cols].sum())
    assert result.certificate.gap == 0
    assert result.certificate.pricing_rounds >= 1
