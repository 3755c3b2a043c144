"""The one rule for waiting before trying again, in-process or persisted."""

import random

_shared = random.Random()


def backoff_delay(
    attempt: int, *, base: float, cap: float, rng: random.Random | None = None
) -> float:
    """Seconds to wait before try number `attempt + 1`, after `attempt` failures (1, 2, ...).

    Exponential, capped, with "equal jitter": half of the ceiling is fixed, so a retry never
    comes back at once, and half is random, so replicas and deliveries that failed together do
    not retry together. `rng` makes the draw repeatable in tests.
    """
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return float(ceiling / 2 + (rng or _shared).uniform(0, ceiling / 2))
