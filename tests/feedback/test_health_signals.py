"""The health score: named signals whose contributions add up to it, and the hysteresis that
keeps the at-risk flag from flapping."""

import pytest

from feedback.health.signals import WEIGHTS, HealthInputs, assess, next_at_risk

pytestmark = pytest.mark.unit


def test_a_new_relationship_starts_healthy_with_neutral_signals() -> None:
    health = assess(HealthInputs())
    assert health.score == 62.5
    assert not next_at_risk(False, health.score)
    assert [signal.name for signal in health.signals] == list(WEIGHTS)


def test_contributions_explain_the_whole_score() -> None:
    health = assess(
        HealthInputs(
            ratings=[5, 4, 3],
            fit_checks=[True, True, False],
            checkins=[True, False, True],
            goal_progress=[0.5, 1.0],
            goals_overdue=1,
            days_since_contact=30,
        )
    )
    contributions = health.contributions()
    assert sum(contributions.values()) == pytest.approx(health.score, abs=0.1)
    for signal in health.signals:
        assert 0 <= signal.contribution <= signal.weight
        assert signal.detail
    assert sum(WEIGHTS.values()) == 100


def test_a_falling_trend_with_missed_checkins_scores_below_the_threshold() -> None:
    steady = assess(HealthInputs(ratings=[4, 4, 4, 4], fit_checks=[True] * 4, checkins=[True] * 4))
    falling = assess(
        HealthInputs(
            ratings=[5, 5, 3, 3, 2, 2],
            fit_checks=[True, True, True, False, False, False],
            checkins=[True, True, True, False, False, False, False],
            days_since_contact=42,
        )
    )
    assert steady.score > 50
    assert falling.score < 40
    trend = {signal.name: signal for signal in falling.signals}["rating_trend"]
    assert trend.value < 0.5


def test_hysteresis_enters_below_40_and_leaves_only_above_50() -> None:
    scores = [62.0, 41.0, 39.9, 44.0, 38.0, 45.0, 50.0, 50.1, 45.0, 39.0]
    states, at_risk = [], False
    for score in scores:
        at_risk = next_at_risk(at_risk, score)
        states.append(at_risk)
    assert states == [False, False, True, True, True, True, True, False, False, True]
    flips = sum(
        1 for before, after in zip([False, *states], states, strict=False) if before != after
    )
    assert flips == 3


@pytest.mark.parametrize(
    ("at_risk", "scores"),
    [(False, [45, 41, 49, 40.0, 44, 48]), (True, [39, 42, 38, 50.0, 41, 45, 36])],
    ids=["healthy-wandering-above-40", "at-risk-wandering-below-50"],
)
def test_small_oscillations_between_the_thresholds_never_flip(
    at_risk: bool, scores: list[float]
) -> None:
    for score in scores:
        assert next_at_risk(at_risk, score) is at_risk
