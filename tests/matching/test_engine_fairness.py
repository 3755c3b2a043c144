"""Issue 16 on the engine: empty and full cohorts, reasons for every unmatched mentee, the two
objectives (each against an independent exact solver), fair and replayable ties, and evidence
for every factor with contributions that add up in hundredths."""

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import cohort as runs
from matching.engine import optimal, synthetic
from matching.engine.optimal import Objective
from matching.engine.profiles import FACTORS, Profile, Settings
from matching.engine.scoring import Cohort

pytestmark = pytest.mark.unit
MODES: tuple[runs.Mode, ...] = ("optimal", "stable")


def person(key: str, **fields: object) -> Profile:
    return Profile(key=key, user_id=key, **fields)  # type: ignore[arg-type]


# --- 1. empty and full cohorts ---------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("mentors", ["none", "all_full"])
def test_no_free_place_gives_an_empty_draft_with_the_reason(mode: runs.Mode, mentors: str) -> None:
    mentees, coaches = synthetic.cohort(12, 4, seed=3)
    coaches = [] if mentors == "none" else [replace(c, capacity=0) for c in coaches]
    report = runs.run(Cohort(mentees, coaches, Settings()), mode, seed=1)
    assert report.pairs == []
    assert report.matched == 0
    assert [u.mentee for u in report.unmatched] == list(range(12))
    assert {u.reason for u in report.unmatched} == {"no_free_place"}
    assert report.unmatched[0].detail == "No mentor has a free place."
    summary = report.summary()
    assert summary["match_rate"] == 0.0
    if mode == "optimal":
        assert report.certificate is not None
        assert report.certificate.exact


@pytest.mark.parametrize("mode", MODES)
def test_no_mentees_is_an_empty_draft(mode: runs.Mode) -> None:
    _, coaches = synthetic.cohort(4, 4, seed=3)
    report = runs.run(Cohort([], coaches, Settings()), mode, seed=1)
    assert (report.pairs, report.unmatched, report.matched) == ([], [], 0)


# --- 2. every unmatched mentee gets a reason --------------------------------------------------


def test_the_cap_limits_breakdowns_of_mentees_without_feasible_mentors_only() -> None:
    """Before: the cap counted every unmatched mentee (the outscored too), so mentees with no
    feasible mentor late in the list got an empty breakdown."""
    coach = person("coach", skills_offered={"python": 5}, capacity=1)
    rivals = [person(f"rival{i}", skills_wanted={"python": 3}) for i in range(5)]
    # Excluded by the only mentor: no feasible mentor at all.
    lonely = [person(f"lonely{i}", skills_wanted={"python": 3}) for i in range(3)]
    coach = replace(coach, exclusions=tuple(p.user_id for p in lonely))
    report = runs.run(
        Cohort([*rivals, *lonely], [coach], Settings()), "optimal", explain_unmatched=3
    )
    reasons = {u.mentee: u for u in report.unmatched}
    assert [reasons[i].reason for i in range(5) if i in reasons] == ["outscored"] * 4
    for i in range(5, 8):
        assert reasons[i].reason == "no_feasible_mentor"
        assert dict(reasons[i].rejections) == {"exclusion": 1}


def test_a_breakdown_counts_each_constraint_that_rules_a_mentor_out() -> None:
    mentee = person("amy", skills_wanted={"go": 2}, languages=("en",), manager_user_id="boss")
    coaches = [
        person("boss", skills_offered={"go": 5}, languages=("en",)),
        person("pierre", skills_offered={"go": 5}, languages=("fr",)),
        person("weak", skills_offered={}, languages=("en",)),
        person("full", skills_offered={"go": 5}, languages=("en",), capacity=0),
    ]
    cohort = Cohort([mentee], coaches, Settings(weights={"skills": 1}, minimum_score=50))
    report = runs.run(cohort, "stable")
    (unmatched,) = report.unmatched
    assert unmatched.reason == "no_feasible_mentor"
    assert dict(unmatched.rejections) == {
        "reporting_line": 1,
        "no_shared_language": 1,
        "below_minimum_score": 1,
        "no_capacity": 1,
    }


@pytest.mark.parametrize("mode", MODES)
def test_mentees_whose_fitting_mentors_are_full_are_not_called_outscored(mode: runs.Mode) -> None:
    """Before: with every capacity 0 the mentees were labelled outscored."""
    mentees = [person(f"e{i}", skills_wanted={"go": 2}) for i in range(3)]
    coaches = [person("open", skills_offered={"go": 1}), person("full", capacity=0)]
    coaches[0] = replace(coaches[0], exclusions=("e0", "e1", "e2"))
    report = runs.run(Cohort(mentees, coaches, Settings()), mode)
    assert {u.reason for u in report.unmatched} == {"no_feasible_mentor"}
    assert all(u.rejections == {"exclusion": 1, "no_capacity": 1} for u in report.unmatched)


# --- 4. the objective -------------------------------------------------------------------------


def worked_example() -> tuple[np.ndarray, np.ndarray]:
    """A-X 92.5, A-Y 45.5, B-X 37.5, B excludes Y (issue 16)."""
    return np.array([[9250, 4550], [3750, -1]], np.int16), np.array([1, 1], np.int64)


def test_the_worked_example_matches_both_by_default_and_only_a_for_the_best_total() -> None:
    scores, capacity = worked_example()
    both = optimal.solve(scores, capacity, objective="max_matched")
    assert both.mentor_of.tolist() == [1, 0]  # A-Y + B-X = 83.0
    assert both.certificate is not None
    assert both.certificate.gap == 0
    best = optimal.solve(scores, capacity, objective="max_total")
    assert best.mentor_of.tolist() == [0, -1]  # A-X = 92.5
    assert best.certificate is not None
    assert best.certificate.objective == 9250


def test_the_worked_example_through_profiles_and_a_whole_run() -> None:
    a = person("A", skills_wanted={"s1": 4})
    b = person("B", skills_wanted={"s2": 4}, exclusions=("Y",))
    x = person("X", skills_offered={"s1": 4, "s2": 1})
    y = person("Y", skills_offered={"s1": 2})
    cohort = Cohort([a, b], [x, y], Settings(weights={"skills": 1}))
    default = runs.run(cohort, "optimal")
    assert default.objective == "max_matched"
    assert sorted((p.mentee, p.mentor) for p in default.pairs) == [(0, 1), (1, 0)]
    assert default.summary()["certificate"]["exact"] is True  # type: ignore[index]
    best = runs.run(cohort, "optimal", objective="max_total")
    assert [(p.mentee, p.mentor) for p in best.pairs] == [(0, 0)]
    assert [u.reason for u in best.unmatched] == ["outscored"]


@pytest.mark.parametrize("mode", MODES)
def test_all_zero_scores_match_everyone_where_places_are_free(mode: runs.Mode) -> None:
    mentees = [person(f"e{i}", skills_wanted={"cobol": 3}) for i in range(6)]
    coaches = [person(f"r{j}", skills_offered={"rust": 5}, capacity=2) for j in range(3)]
    report = runs.run(Cohort(mentees, coaches, Settings(weights={"skills": 1})), mode, seed=4)
    assert {p.score for p in report.pairs} == {0.0}
    assert report.matched == 6


Instance = tuple[np.ndarray, np.ndarray]


@st.composite
def instances(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 3) -> Instance:
    n = draw(st.integers(1, max_mentees))
    m = draw(st.integers(1, max_mentors))
    cells = st.one_of(st.just(-1), st.just(0), st.integers(0, 10_000))
    scores = np.array(draw(st.lists(cells, min_size=n * m, max_size=n * m)), np.int16)
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)), np.int64)
    return scores.reshape(n, m), capacity


def brute_force(scores: np.ndarray, capacity: np.ndarray) -> tuple[int, int]:
    """The best (pairs, total) lexicographically, over every assignment."""
    n, m = scores.shape
    best = (0, 0)
    for choice in itertools.product(range(-1, m), repeat=n):
        load = np.bincount([j for j in choice if j >= 0], minlength=m)
        if (load > capacity).any() or any(
            j >= 0 and scores[i, j] < 0 for i, j in enumerate(choice)
        ):
            continue
        pairs = sum(1 for j in choice if j >= 0)
        best = max(best, (pairs, sum(int(scores[i, j]) for i, j in enumerate(choice) if j >= 0)))
    return best


def respects(scores: np.ndarray, capacity: np.ndarray, mentor_of: np.ndarray) -> bool:
    rows = np.nonzero(mentor_of >= 0)[0]
    load = np.bincount(mentor_of[rows], minlength=scores.shape[1])
    return bool((load <= capacity).all() and (scores[rows, mentor_of[rows]] >= 0).all())


@settings(max_examples=150, deadline=None)
@given(instances(), st.integers(1, 3))
def test_max_matched_equals_brute_force_with_a_zero_gap_certificate(
    instance: Instance, k: int
) -> None:
    scores, capacity = instance
    result = optimal.solve(scores, capacity, k=k, objective="max_matched")
    assert respects(scores, capacity, result.mentor_of)
    rows = np.nonzero(result.mentor_of >= 0)[0]
    found = (len(rows), int(scores[rows, result.mentor_of[rows]].astype(np.int64).sum()))
    assert found == brute_force(scores, capacity)
    certificate = result.certificate
    assert certificate is not None
    assert certificate.gap == 0
    assert certificate.objective == found[0] * certificate.bonus + found[1]


def scipy_slots(scores: np.ndarray, capacity: np.ndarray, objective: Objective) -> tuple[int, int]:
    """Independent exact optimum: linear_sum_assignment on mentees x (every mentor place +
    one 'unmatched' column per mentee); for max_matched each feasible place earns a bonus
    larger than any total."""
    from scipy.optimize import linear_sum_assignment

    n = scores.shape[0]
    slots = np.repeat(np.arange(scores.shape[1]), capacity)
    weights = scores[:, slots].astype(np.float64)
    feasible = weights >= 0
    bonus = float(n * 10_000 + 1) if objective == "max_matched" else 0.0
    weights = np.where(feasible, weights + bonus, -1e15)
    weights = np.hstack([weights, np.zeros((n, n))])
    rows, cols = linear_sum_assignment(weights, maximize=True)
    taken = cols < len(slots)
    matched_rows, matched_slots = rows[taken], cols[taken]
    ok = feasible[matched_rows, matched_slots]
    return int(ok.sum()), int(scores[matched_rows[ok], slots[matched_slots[ok]]].sum())


@pytest.mark.parametrize("objective", ["max_matched", "max_total"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_both_objectives_equal_scipy_on_expanded_slots(objective: Objective, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 260, 60
    scores = rng.integers(0, 10_000, size=(n, m)).astype(np.int16)
    scores[rng.random(scores.shape) < 0.6] = -1
    # Heavy ties and a few zeros, like survey-based scores.
    scores[rng.random(scores.shape) < 0.2] = 5_000
    scores[(rng.random(scores.shape) < 0.05) & (scores >= 0)] = 0
    capacity = rng.integers(0, 6, size=m).astype(np.int64)
    result = optimal.solve(scores, capacity, k=4, objective=objective)
    assert respects(scores, capacity, result.mentor_of)
    rows = np.nonzero(result.mentor_of >= 0)[0]
    found = (len(rows), int(scores[rows, result.mentor_of[rows]].astype(np.int64).sum()))
    expected = scipy_slots(scores, capacity, objective)
    if objective == "max_matched":
        assert found == expected
    else:
        assert found[1] == expected[1]
    assert result.certificate is not None
    assert result.certificate.gap == 0


@settings(max_examples=60, deadline=None)
@given(instances(max_mentees=5, max_mentors=3), st.sampled_from(["max_matched", "max_total"]))
def test_both_objectives_equal_scipy_on_small_instances(
    instance: Instance, objective: Objective
) -> None:
    scores, capacity = instance
    result = optimal.solve(scores, capacity, k=1, objective=objective)
    rows = np.nonzero(result.mentor_of >= 0)[0]
    found = (len(rows), int(scores[rows, result.mentor_of[rows]].astype(np.int64).sum()))
    expected = scipy_slots(scores, capacity, objective)
    assert found[1] == expected[1]
    if objective == "max_matched":
        assert found[0] == expected[0]
    assert result.certificate is not None
    assert result.certificate.gap == 0


def test_max_matched_is_certified_on_a_generated_cohort() -> None:
    mentees, coaches = synthetic.cohort(600, 120, seed=5)
    cohort = Cohort(mentees, coaches, Settings(minimum_score=40))
    most = runs.run(cohort, "optimal", seed=2)
    best = runs.run(cohort, "optimal", objective="max_total", seed=2)
    assert most.certificate is not None
    assert most.certificate.exact
    assert best.certificate is not None
    assert best.certificate.exact
    assert most.matched >= best.matched
    assert most.total_score <= best.total_score + 1e-9


# --- 3. fair, replayable ties -----------------------------------------------------------------

GROUPS, SIZE, PLACES = 8, 6, 3


def tied_cohort() -> Cohort:
    """Groups of identical mentees (only their ids differ), each wanted by one mentor with
    places for half of the group: who gets in is decided by ties alone."""
    mentees = [
        person(f"g{g}-{i}", skills_wanted={f"s{g}": 3}, seniority=2, motivators={"growth": 4})
        for g in range(GROUPS)
        for i in range(SIZE)
    ]
    coaches = [
        person(f"coach{g}", skills_offered={f"s{g}": 5}, seniority=4, capacity=PLACES)
        for g in range(GROUPS)
    ]
    return Cohort(mentees, coaches, Settings(minimum_score=45))


def halves(report: runs.RunReport) -> tuple[int, int]:
    """Pairs won by the first and by the second half (in enrolment order) of each group."""
    won = {p.mentee for p in report.pairs}
    first = sum(1 for g in range(GROUPS) for i in range(SIZE // 2) if g * SIZE + i in won)
    second = sum(1 for g in range(GROUPS) for i in range(SIZE // 2, SIZE) if g * SIZE + i in won)
    return first, second


@pytest.mark.parametrize("mode", MODES)
def test_enrolment_order_decided_ties_without_a_seed(mode: runs.Mode) -> None:
    """What the issue found (stable mode: the earliest enrolled always win)."""
    report = runs.run(tied_cohort(), mode)
    assert report.matched == GROUPS * PLACES
    if mode == "stable":
        assert halves(report) == (GROUPS * PLACES, 0)


@pytest.mark.parametrize("mode", MODES)
def test_seeded_ties_give_each_half_of_a_group_the_same_chance(mode: runs.Mode) -> None:
    cohort = tied_cohort()
    first = second = 0
    seeds = range(40)
    for seed in seeds:
        report = runs.run(cohort, mode, seed=seed)
        assert report.matched == GROUPS * PLACES
        a, b = halves(report)
        first, second = first + a, second + b
    per_half = len(seeds) * GROUPS * SIZE // 2
    rate_first, rate_second = first / per_half, second / per_half
    assert rate_first == pytest.approx(0.5, abs=0.08)
    assert rate_second == pytest.approx(0.5, abs=0.08)
    assert abs(rate_first - rate_second) <= 0.1


@pytest.mark.parametrize("mode", MODES)
def test_a_seed_replays_the_same_run_whatever_the_input_order(mode: runs.Mode) -> None:
    cohort = tied_cohort()
    once = runs.run(cohort, mode, seed=11)
    again = runs.run(cohort, mode, seed=11)
    other = runs.run(cohort, mode, seed=12)
    assert once.pairs == again.pairs
    assert {p.mentee for p in once.pairs} != {p.mentee for p in other.pairs}
    # The draw hangs on people's keys, not their positions: reversed input, same people win.
    reversed_cohort = Cohort(cohort.mentees[::-1], cohort.mentors[::-1], cohort.settings)
    flipped = runs.run(reversed_cohort, mode, seed=11)
    n, m = reversed_cohort.shape
    assert sorted((n - 1 - p.mentee, m - 1 - p.mentor) for p in flipped.pairs) == [
        (p.mentee, p.mentor) for p in once.pairs
    ]
    assert once.summary()["seed"] == 11


def test_the_fairness_view_reports_match_rate_by_enrolment_quartile() -> None:
    cohort = tied_cohort()
    report = runs.run(cohort, "stable")
    unfair = runs.fairness(cohort.mentees, report.pairs, ["enrolment_quartile"])
    rates = {row["value"]: row["match_rate"] for row in unfair["enrolment_quartile"]}
    assert list(rates) == ["Q1", "Q2", "Q3", "Q4"]
    assert sum(int(row["mentees"]) for row in unfair["enrolment_quartile"]) == GROUPS * SIZE  # type: ignore[call-overload]
    # Over seeds, no quartile is favoured.
    totals = dict.fromkeys(rates, 0.0)
    for seed in range(30):
        seeded = runs.run(cohort, "stable", seed=seed)
        view = runs.fairness(cohort.mentees, seeded.pairs, ["enrolment_quartile"])
        for row in view["enrolment_quartile"]:
            totals[str(row["value"])] += float(row["match_rate"]) / 30  # type: ignore[arg-type]
    assert max(totals.values()) - min(totals.values()) <= 0.12


# --- 5. evidence for every factor, in hundredths ------------------------------------------------


def test_every_factor_gives_evidence_in_peoples_terms() -> None:
    mentee = person(
        "amy",
        skills_wanted={"python": 3},
        motivators={"growth": 5, "impact": 4, "status": 1},
        communication_style="direct",
        seniority=3,
        department="eng",
        utc_offset_hours=0.0,
        timezone="Europe/London",
        languages=("en",),
        available_months=("2027-01", "2027-02"),
    )
    mentor = person(
        "max",
        skills_offered={"python": 5},
        motivators={"growth": 4, "impact": 2},
        communication_style="supportive",
        seniority=5,
        department="sales",
        utc_offset_hours=5.5,
        timezone="Asia/Kolkata",
        languages=("en", "hi"),
        available_months=("2027-02",),
    )
    explained = Cohort([mentee], [mentor], Settings()).explain(0, 0)
    evidence = {c.factor: c.evidence for c in explained.contributions}
    assert set(evidence) == set(FACTORS)
    assert all(evidence[f] for f in FACTORS if f != "goals")
    assert evidence["timezone"][0] == (
        "mentee in Europe/London (UTC+0), mentor in Asia/Kolkata (UTC+5:30)"
    )
    assert evidence["timezone"][1].startswith("5.5 hours apart")
    assert evidence["seniority"][0].startswith("mentee at level 3, mentor at level 5")
    assert evidence["department"][0] == "mentee in eng, mentor in sales"
    assert evidence["motivators"] == ("both motivated by growth (5 and 4 of 5)",)
    assert evidence["communication"] == ("mentee direct, mentor supportive",)
    assert evidence["language"] == ("en",)
    assert evidence["availability"] == ("2027-02",)


def test_contributions_are_hundredths_that_add_up_to_the_score_exactly() -> None:
    mentees, coaches = synthetic.cohort(60, 20, seed=9)
    cohort = Cohort(mentees, coaches, Settings())
    for i, j in itertools.product(range(0, 60, 7), range(0, 20, 3)):
        explained = cohort.explain(i, j)
        cents = [round(c.points * 100) for c in explained.contributions]
        assert all(
            abs(c.points * 100 - cent) < 1e-6
            for c, cent in zip(explained.contributions, cents, strict=True)
        )
        assert sum(cents) == round(explained.score * 100)
        assert abs(explained.score * 100 - round(explained.score * 100)) < 1e-6
        # The solver's integer score of the pair is the explanation's, to the hundredth.
        units = int(cohort.pair_units(np.array([i]), np.array([j]))[0])
        assert abs(units - round(explained.score * 100)) <= 1
