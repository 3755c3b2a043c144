"""The weight suggestion's statistics on generated relationships: a factor that truly predicts
health is found and weighted most, and where no factor does, nothing is suggested (also across
many generated programs: the intervals are simultaneous, so false suggestions stay rare)."""

import numpy as np
import pytest

from matching.engine.profiles import FACTORS
from matching.learning.compute import effects, suggested_weights

pytestmark = pytest.mark.unit


def programs(planted: float, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """`count` generated programs of 40 relationships: health = 50 + planted * skills + noise."""
    made = []
    for seed in range(count):
        rng = np.random.default_rng(seed)
        values = rng.random((40, len(FACTORS)))
        made.append((values, 50 + planted * values[:, 0] + rng.normal(0, 10, 40)))
    return made


def test_a_factor_that_predicts_health_is_found_and_weighted_most() -> None:
    [(values, health)] = programs(40.0, 1)
    found = effects(FACTORS, values, health)
    skills = found[0]
    assert skills.factor == "skills"
    assert skills.low > 0
    assert skills.coefficient == pytest.approx(40, rel=0.25)  # a little shrunk by the penalty
    assert [e.factor for e in found if e.distinguishable] == ["skills"]
    weights = suggested_weights(found)
    assert weights is not None
    assert max(weights, key=lambda factor: weights[factor]) == "skills"
    assert sum(weights.values()) == pytest.approx(100, abs=0.5)


def test_without_an_effect_nothing_is_suggested() -> None:
    suggested = [suggested_weights(effects(FACTORS, v, h)) for v, h in programs(0.0, 100)]
    assert sum(s is not None for s in suggested) <= 8  # at most ~5 % expected, with slack
    [(values, health)] = programs(0.0, 1)
    assert suggested_weights(effects(FACTORS, values, health)) is None


def test_a_factor_that_never_varies_says_nothing() -> None:
    [(values, health)] = programs(40.0, 1)
    values[:, 3] = 0.5
    found = effects(FACTORS, values, health)
    assert (found[3].coefficient, found[3].low, found[3].high) == (0.0, 0.0, 0.0)
