"""bench/matching.py stays runnable: its measurements on a tiny cohort, in-process."""

import pytest

from bench import matching as bench

pytestmark = pytest.mark.unit


def test_the_benchmark_measures_ours_against_full_graph_min_cost_flow() -> None:
    entry = {
        "optimal": bench.ours("80x20", "optimal", 3),
        "stable": bench.ours("80x20", "stable", 3),
        "baseline_full_mcf": bench.full_mcf("80x20", 3),
        "baseline_lsa_slots": bench.lsa_slots("80x20", 3),
    }
    bench._compare(entry)
    assert entry["optimal"]["equals_full_mcf_optimum"] is True
    assert entry["optimal"]["equals_lsa_optimum"] is True
    assert entry["optimal"]["certificate"]["gap_units"] == 0
    assert entry["stable"]["blocking_pairs"] == 0
    assert entry["stable"]["percent_of_optimum"] <= 100.0
