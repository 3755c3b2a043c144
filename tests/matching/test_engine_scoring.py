"""Scores that explain themselves, and hard constraints that say why they reject a pair."""

import math

import numpy as np
import pytest

from matching.engine import cohort as runs
from matching.engine import synthetic
from matching.engine.profiles import FACTORS, Profile, Settings
from matching.engine.scoring import INFEASIBLE, UNITS, Cohort

pytestmark = pytest.mark.unit


def mentee(user: str, **fields: object) -> Profile:
    base: dict[str, object] = {
        "skills_wanted": {"python": 3, "leadership": 2},
        "goals": ("promotion",),
        "languages": ("en",),
        "seniority": 2,
    }
    return Profile(key=user, user_id=user, **{**base, **fields})  # type: ignore[arg-type]


def mentor(user: str, **fields: object) -> Profile:
    base: dict[str, object] = {
        "skills_offered": {"python": 5, "leadership": 1},
        "goals": ("promotion", "public speaking"),
        "languages": ("en", "fr"),
        "seniority": 4,
        "capacity": 2,
    }
    return Profile(key=user, user_id=user, **{**base, **fields})  # type: ignore[arg-type]


def test_contributions_sum_to_the_score_and_name_every_factor() -> None:
    mentees, mentors = synthetic.cohort(30, 10, seed=3)
    cohort = Cohort(mentees, mentors, Settings())
    block = cohort.block(0, 30, ["weights"])["weights"]
    for i in range(30):
        for j in range(10):
            explained = cohort.explain(i, j)
            assert [c.factor for c in explained.contributions] == list(FACTORS)
            assert math.isclose(sum(c.points for c in explained.contributions), explained.score)
            assert 0 <= explained.score <= 100
            if explained.feasible:
                # The solver's integer score is the explained score rounded to 0.01 of a point.
                assert abs(int(block[i, j]) - explained.score * UNITS / 100) <= 1


def test_skills_levels_count_partially() -> None:
    cohort = Cohort([mentee("m")], [mentor("r")], Settings())
    skills = cohort.explain(0, 0).contributions[0]
    # python: offered 5 >= wanted 3 -> 1; leadership: offered 1 of wanted 2 -> 0.5.
    assert skills.factor == "skills"
    assert math.isclose(skills.value, 0.75, rel_tol=1e-6)


def test_goals_in_their_own_words_score_and_are_named_as_evidence() -> None:
    wants = "I want to get better at public speaking and negotiation with executives"
    mentors = [
        mentor("speaker", goals=(), goals_text="Happy to coach public speaking, negotiations"),
        mentor("coder", goals=(), goals_text="Kubernetes operators and Rust performance"),
        mentor("silent", goals=()),
    ]
    text_only = Cohort([mentee("m", goals=(), goals_text=wants)], mentors, Settings())
    goals = [text_only.explain(0, j).contributions[1] for j in range(3)]
    assert [g.factor for g in goals] == ["goals"] * 3
    assert goals[0].value > 0.5
    assert goals[1].value == goals[2].value == 0.0
    # "negotiations" meets "negotiation": a plural is trimmed; filler words never count.
    assert goals[0].evidence == ('"negotiation"', '"public"', '"speaking"')
    assert goals[1].evidence == ()

    # Tags and words weigh half each when the mentee gave both.
    tagged = [mentor("tags", goals=("promotion",), goals_text="promotion paths")]
    both = Cohort([mentee("m", goals=("promotion",), goals_text=wants)], tagged, Settings())
    tags_only = Cohort([mentee("m", goals=("promotion",))], tagged, Settings())
    assert math.isclose(tags_only.explain(0, 0).contributions[1].value, 1.0, rel_tol=1e-6)
    assert math.isclose(both.explain(0, 0).contributions[1].value, 0.5, rel_tol=1e-6)
    assert both.explain(0, 0).contributions[1].evidence == ("promotion",)
    assert text_only.explain(0, 0).contributions[0].evidence == (
        "leadership (wants 2, offers 1)",
        "python (wants 3, offers 5)",
    )


@pytest.mark.parametrize(
    ("mentee_fields", "mentor_fields", "settings", "constraint"),
    [
        ({}, {"user_id": "same"}, Settings(), "self"),
        ({"manager_user_id": "boss"}, {"user_id": "boss"}, Settings(), "reporting_line"),
        ({"user_id": "boss"}, {"manager_user_id": "boss"}, Settings(), "reporting_line"),
        ({"exclusions": ("r",)}, {}, Settings(), "exclusion"),
        ({}, {"exclusions": ("same",)}, Settings(), "exclusion"),
        ({"languages": ("ja",)}, {}, Settings(), "no_shared_language"),
        ({}, {}, Settings(minimum_score=99), "below_minimum_score"),
    ],
)
def test_every_hard_constraint_rejects_with_its_reason(
    mentee_fields: dict[str, object],
    mentor_fields: dict[str, object],
    settings: Settings,
    constraint: str,
) -> None:
    people = {"user_id": "same"} | mentee_fields
    a = Profile(**{**mentee("x").__dict__, "key": "e", **people})
    b = Profile(**{**mentor("r").__dict__, **mentor_fields})
    cohort = Cohort([a], [b], settings)
    explained = cohort.explain(0, 0)
    assert constraint in [rejection.constraint for rejection in explained.rejected_by]
    assert all(rejection.detail for rejection in explained.rejected_by)
    assert cohort.block(0, 1, ["weights"])["weights"][0, 0] == INFEASIBLE


def test_a_compatible_pair_is_not_rejected() -> None:
    cohort = Cohort([mentee("m")], [mentor("r")], Settings(minimum_score=10))
    assert cohort.explain(0, 0).rejected_by == []
    assert cohort.block(0, 1, ["weights"])["weights"][0, 0] >= 0


def test_reverse_format_prefers_a_junior_mentor() -> None:
    junior, senior = mentor("j", seniority=2), mentor("s", seniority=6)
    cohort = Cohort([mentee("m", seniority=5)], [junior, senior], Settings(format="reverse"))
    seniority = [cohort.explain(0, j).contributions[4] for j in range(2)]
    assert seniority[0].factor == "seniority"
    assert seniority[0].value > seniority[1].value


def test_side_views_differ_from_the_compatibility_score() -> None:
    cohort = Cohort([mentee("m")], [mentor("r")], Settings())
    explained = cohort.explain(0, 0)
    assert explained.mentee_view != explained.mentor_view


@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_a_synthetic_cohort_run_reports_certificate_or_stability(mode: str) -> None:
    mentees, mentors = synthetic.cohort(200, 50, seed=11)
    cohort = Cohort(mentees, mentors, Settings(minimum_score=45))
    report = runs.run(cohort, mode)  # type: ignore[arg-type]
    assert report.matched + len(report.unmatched) == 200
    load = np.bincount([p.mentor for p in report.pairs], minlength=50)
    assert (load <= cohort.capacity).all()
    assert all(cohort.explain(p.mentee, p.mentor).feasible for p in report.pairs)
    if mode == "optimal":
        assert report.certificate is not None
        assert report.certificate.gap == 0
    else:
        assert report.blocking_pairs == 0
    fairness = runs.fairness(mentees, report.pairs, ["department", "seniority_band", "site"])
    assert sum(row["mentees"] for row in fairness["site"]) == 200  # type: ignore[misc]


def test_the_minimum_score_trades_quality_for_participation() -> None:
    mentees, mentors = synthetic.cohort(200, 50, seed=5)
    strict = runs.run(Cohort(mentees, mentors, Settings(minimum_score=70)), "optimal")
    lenient = runs.run(Cohort(mentees, mentors, Settings(minimum_score=30)), "optimal")
    assert lenient.matched > strict.matched
    assert strict.mean_score >= lenient.mean_score
    assert {u.reason for u in strict.unmatched} <= {"no_feasible_mentor", "outscored"}
