"""The outcomes statistics on generated populations: a planted retention effect is recovered,
no effect is reported where there is none, and the groups' mix does not decide the answer."""

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from feedback.models import Enrolment, FeedbackSubmission, Goal, Match, PopulationMember
from feedback.outcomes.compute import Comparison, add_months, comparisons, measures
from feedback.outcomes.stats import Stratum, risk_difference

pytestmark = pytest.mark.unit

START = date(2025, 1, 15)
TODAY = date(2026, 3, 1)
STRATA = [("eng", "IC2"), ("eng", "IC3"), ("sales", "IC2"), ("sales", "IC3")]


def person(
    hr_id: str, band: tuple[str, str], left: bool, voluntary: bool = True
) -> PopulationMember:
    return PopulationMember(
        org_id="acme",
        hr_id=hr_id,
        department=band[0],
        seniority_band=band[1],
        hire_date=date(2020, 1, 1),
        exit_date=add_months(START, 9) if left else None,
        exit_voluntary=voluntary if left else None,
        promotion_dates=[],
        move_dates=[],
    )


def enrolment(hr_id: str) -> Enrolment:
    return Enrolment(hr_id=hr_id, enrolled_at=datetime(2025, 1, 15, tzinfo=UTC))


def generate(
    stay: dict[str, float], people: dict[str, int]
) -> tuple[list[PopulationMember], list[Enrolment]]:
    """Per stratum, people of whom exactly the share `stay[group]` (less 0.1 per stratum: the
    stratum itself matters, a confounder) stays; participants crowd into the later strata."""
    population, enrolments = [], []
    for index, band in enumerate(STRATA):
        for group, count in (
            ("participant", people["participant"] * (index + 1)),
            ("other", people["other"]),
        ):
            stays = round(count * (stay[group] - 0.1 * index))
            for number in range(count):
                hr_id = f"{band[0]}-{band[1]}-{group}-{number}"
                population.append(person(hr_id, band, left=number >= stays))
                if group == "participant":
                    enrolments.append(enrolment(hr_id))
    return population, enrolments


def by_name(found: list[Comparison]) -> dict[str, Comparison]:
    return {c.name: c for c in found}


def test_a_planted_retention_effect_is_recovered() -> None:
    population, enrolments = generate(
        {"participant": 0.95, "other": 0.75}, {"participant": 20, "other": 80}
    )
    found = by_name(comparisons(population, enrolments, START, TODAY))
    twelve = found["retention_12m"]
    assert twelve.verdict == "higher"
    assert twelve.ci_low is not None
    assert twelve.ci_high is not None
    assert twelve.difference == pytest.approx(0.2, abs=0.01)
    assert 0 < twelve.ci_low < 0.2 < twelve.ci_high
    assert found["retention_6m"].verdict == "not_distinguishable"  # nobody had left yet
    assert found["promotion_12m"].verdict == "not_distinguishable"


def test_no_effect_is_reported_where_there_is_none() -> None:
    population, enrolments = generate(
        {"participant": 0.8, "other": 0.8}, {"participant": 20, "other": 80}
    )
    twelve = by_name(comparisons(population, enrolments, START, TODAY))["retention_12m"]
    assert twelve.verdict == "not_distinguishable"
    assert twelve.ci_low is not None
    assert twelve.ci_high is not None
    assert twelve.ci_low < 0 < twelve.ci_high


def test_the_groups_mix_does_not_decide_the_answer() -> None:
    # Participants come mostly from the stratum that stays anyway: crude rates differ a lot,
    # within each stratum they are equal.
    strata = [Stratum(n=90, hits=81, n0=10, hits0=9), Stratum(n=10, hits=5, n0=90, hits0=45)]
    crude = 86 / 100 - 54 / 100
    found = risk_difference(strata)
    assert found is not None
    assert crude > 0.3
    assert found.estimate == pytest.approx(0.0)
    assert not found.distinguishable


def test_one_large_stratum_gives_the_two_sample_interval() -> None:
    found = risk_difference([Stratum(n=1000, hits=700, n0=1000, hits0=600)])
    assert found is not None
    half = 1.959963984540054 * (0.7 * 0.3 / 1000 + 0.6 * 0.4 / 1000) ** 0.5
    assert found.estimate == pytest.approx(0.1)
    assert (found.low, found.high) == pytest.approx((0.1 - half, 0.1 + half))


def test_every_cell_is_withheld_below_five_people_on_either_side() -> None:
    population = [person(f"p{i}", STRATA[0], left=False) for i in range(4)]
    population += [person(f"o{i}", STRATA[0], left=i % 2 == 0) for i in range(40)]
    found = comparisons(population, [enrolment(f"p{i}") for i in range(4)], START, TODAY)
    assert {c.verdict for c in found} == {"withheld"}
    assert all(c.participants is None and c.difference is None for c in found)


def test_outcomes_are_not_reported_before_their_horizon() -> None:
    population = [person(f"p{i}", STRATA[0], left=False) for i in range(10)]
    population += [person(f"o{i}", STRATA[0], left=False) for i in range(10)]
    found = by_name(
        comparisons(population, [enrolment(f"p{i}") for i in range(10)], START, date(2025, 8, 1))
    )
    assert found["retention_6m"].verdict == "not_distinguishable"
    assert found["retention_12m"].verdict == "not_yet_observable"


def test_people_let_go_are_left_out_of_retention() -> None:
    population = [person(f"p{i}", STRATA[0], left=False) for i in range(10)]
    population += [person(f"o{i}", STRATA[0], left=i < 5, voluntary=False) for i in range(10)]
    twelve = by_name(
        comparisons(population, [enrolment(f"p{i}") for i in range(10)], START, TODAY)
    )["retention_12m"]
    assert (twelve.comparison, twelve.comparison_rate) == (5, 1.0)


def relationship(number: int, status: str = "active") -> Match:
    return Match(
        id=uuid4(),
        mentor_user_id=f"mentor{number}",
        mentee_user_id=f"mentee{number}",
        status=status,
    )


def test_goal_attainment_and_satisfaction_obey_the_floor() -> None:
    pairs = [relationship(n) for n in range(3)] + [relationship(9, "declined")]
    goals = [
        Goal(match_id=m.id, status=status)
        for m, status in zip(pairs, ("completed", "active", "completed", "completed"), strict=True)
    ]
    rated = [
        FeedbackSubmission(match_id=m.id, from_user_id=m.mentee_user_id, ratings={"a": score})
        for m, score in zip(pairs, (5, 3, 4, 1), strict=True)
    ]
    attainment, satisfaction = measures(pairs, goals, rated)
    # Three live relationships: six people share the goals, but only three people rated.
    assert (attainment.value, attainment.population) == (0.667, 6)
    assert (satisfaction.value, satisfaction.population, satisfaction.withheld) == (
        None,
        None,
        True,
    )
