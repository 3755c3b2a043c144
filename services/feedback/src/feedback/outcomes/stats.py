"""The stratified risk difference (Mantel-Haenszel) with Sato's variance: pure arithmetic.

Why Mantel-Haenszel: participants are not a random draw of the organisation; engineering may
both enrol more people and keep more people. Comparing within department and seniority strata and
pooling the per-stratum differences keeps the mix of the two groups from deciding the answer.
Sato's variance (Sato 1989; Greenland & Robins 1985) stays valid both with a few large strata and
with many small ones, which is what an organisation's strata look like.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Stratum:
    """Counts of one stratum: `hits` of `n` participants, `hits0` of `n0` comparison people."""

    n: int
    hits: int
    n0: int
    hits0: int


@dataclass(frozen=True)
class Difference:
    estimate: float
    low: float
    high: float

    @property
    def distinguishable(self) -> bool:
        """The 95 % interval excludes zero."""
        return self.low > 0 or self.high < 0


def risk_difference(strata: Sequence[Stratum]) -> Difference | None:
    """The Mantel-Haenszel risk difference (participants minus comparison) and its 95 % CI;
    None when no stratum has people on both sides."""
    usable = [s for s in strata if s.n > 0 and s.n0 > 0]
    weight = sum(s.n * s.n0 / (s.n + s.n0) for s in usable)
    if not weight:
        return None
    estimate = sum((s.hits * s.n0 - s.hits0 * s.n) / (s.n + s.n0) for s in usable) / weight
    p_sum = 0.0
    q_sum = 0.0
    for s in usable:
        total = s.n + s.n0
        p_sum += (s.n**2 * s.hits0 - s.n0**2 * s.hits + s.n * s.n0 * (s.n0 - s.n) / 2) / total**2
        q_sum += (s.hits * (s.n0 - s.hits0) + s.hits0 * (s.n - s.hits)) / (2 * total)
    variance = max(0.0, (estimate * p_sum + q_sum) / weight**2)
    half = Z95 * math.sqrt(variance)
    return Difference(estimate, estimate - half, estimate + half)
