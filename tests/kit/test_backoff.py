"""The one waiting rule: exponential, capped, never at once, spread by jitter."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.backoff import backoff_delay

pytestmark = pytest.mark.unit


@given(attempt=st.integers(min_value=1, max_value=60), seed=st.integers())
def test_the_delay_grows_exponentially_within_its_jitter_and_cap(attempt: int, seed: int) -> None:
    delay = backoff_delay(attempt, base=30.0, cap=3600.0, rng=random.Random(seed))
    ceiling = min(3600.0, 30.0 * 2 ** (attempt - 1))
    assert ceiling / 2 <= delay <= ceiling


def test_failures_together_do_not_retry_together() -> None:
    rng = random.Random(7)
    delays = {backoff_delay(3, base=1.0, cap=60.0, rng=rng) for _ in range(20)}
    assert len(delays) == 20
    assert all(2.0 <= delay <= 4.0 for delay in delays)


def test_the_same_seed_gives_the_same_delays() -> None:
    first = [backoff_delay(n, base=0.5, cap=5.0, rng=random.Random(1)) for n in range(1, 8)]
    again = [backoff_delay(n, base=0.5, cap=5.0, rng=random.Random(1)) for n in range(1, 8)]
    assert first == again
