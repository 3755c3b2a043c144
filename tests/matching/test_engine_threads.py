"""Runs from several threads at once (a run in a worker thread, a recommendation on the event
loop) are safe even on numba's fallback threading layer, which aborts on concurrent parallel
launches: the kernels take turns."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit

SCRIPT = """
import threading
import numba
from matching.engine import cohort as runs, synthetic
from matching.engine.profiles import Settings
from matching.engine.scoring import Cohort

mentees, mentors = synthetic.cohort(1000, 250, seed=2)
cohort = Cohort(mentees, mentors, Settings(minimum_score=40.0))
expected = {mode: runs.run(cohort, mode).total_score for mode in ("optimal", "stable")}
results = []

def work():
    for _ in range(4):
        for mode in ("optimal", "stable"):
            results.append(runs.run(cohort, mode).total_score == expected[mode])

threads = [threading.Thread(target=work) for _ in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(numba.threading_layer(), len(results), all(results))
"""


def test_concurrent_runs_on_the_workqueue_layer_finish_with_the_same_results() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env={**os.environ, "NUMBA_THREADING_LAYER": "workqueue"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["workqueue", "24", "True"]
