"""What made relationships work: a ridge regression of an outcome on each matching factor's value
(how well the pair did on it, 0..1), with simultaneous 95 % intervals, and the weights it
suggests. Pure numpy, no I/O.

Ridge, because factors are correlated (a pair that shares skills often shares goals) and a
program has tens of relationships, not thousands: the penalty keeps the coefficients from
trading off wildly. The intervals are analytic (the ridge estimator's sandwich covariance with
the residual variance) and Bonferroni-adjusted over the factors: with nine factors and plain
95 % intervals, one in three programs with no real effect would show a "significant" factor.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

MIN_RELATIONSHIPS = 30
RIDGE = 1.0
"""The penalty on standardised factors: one relationship's worth of shrinkage per factor."""


@dataclass(frozen=True)
class FactorEffect:
    factor: str
    coefficient: float
    """Outcome points for a pair going from 0 to 1 on this factor, the others held fixed."""
    low: float
    high: float

    @property
    def distinguishable(self) -> bool:
        return self.low > 0 or self.high < 0


def effects(
    factors: Sequence[str], values: np.ndarray, outcomes: np.ndarray, penalty: float = RIDGE
) -> list[FactorEffect]:
    """Each factor's coefficient on its own scale, with a simultaneous 95 % interval; a factor
    that does not vary in the data gets 0 and an interval of zero width (it says nothing)."""
    count, width = values.shape
    centred = values - values.mean(axis=0)
    scale = centred.std(axis=0)
    varies = scale > 1e-12
    standard = np.zeros_like(centred)
    standard[:, varies] = centred[:, varies] / scale[varies]
    response = outcomes - outcomes.mean()
    inverse = np.linalg.inv(standard.T @ standard + penalty * np.eye(width))
    beta = inverse @ standard.T @ response
    residual = response - standard @ beta
    variance = float(residual @ residual) / max(count - int(varies.sum()) - 1, 1)
    covariance = variance * inverse @ (standard.T @ standard) @ inverse
    z = NormalDist().inv_cdf(1 - 0.05 / (2 * max(int(varies.sum()), 1)))
    found = []
    for index, name in enumerate(factors):
        if not varies[index]:
            found.append(FactorEffect(name, 0.0, 0.0, 0.0))
            continue
        estimate = beta[index] / scale[index]
        half = z * float(np.sqrt(covariance[index, index])) / scale[index]
        found.append(FactorEffect(name, float(estimate), estimate - half, estimate + half))
    return found


def suggested_weights(found: Sequence[FactorEffect]) -> dict[str, float] | None:
    """Weights in proportion to the factors that predict a better outcome (0 for the others),
    summing to 100; None unless at least one factor's interval is clear of zero on the positive
    side, since weights learned from noise would only reshuffle pairs at random."""
    if not any(effect.low > 0 for effect in found):
        return None
    positive = {effect.factor: max(effect.coefficient, 0.0) for effect in found}
    total = sum(positive.values())
    return {factor: round(100 * value / total, 1) for factor, value in positive.items()}
