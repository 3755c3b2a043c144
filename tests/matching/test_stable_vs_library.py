"""Our stable matching equals the `matching` library's (daffidwilde, 1.4.3) HospitalResident.

The library cannot live in .venv (its import name `matching` is our service package), so the
test builds a throwaway virtualenv under .cache/refs/ with uv and runs it in a subprocess on
JSON instances built from real engine scores.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matching.engine import cohort as runs
from matching.engine import stable, synthetic
from matching.engine.profiles import Settings
from matching.engine.scoring import Cohort

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".cache" / "refs" / "matching-lib-1.4.3"
SCRIPT = """
import json, sys
from matching.games import HospitalResident
data = json.load(sys.stdin)
out = []
for case in data:
    game = HospitalResident.create_from_dictionaries(
        case["residents"], case["hospitals"], case["capacities"]
    )
    solution = game.solve(optimal="resident")
    out.append({r.name: (h.name if h else None) for h, rs in solution.items() for r in rs})
json.dump(out, sys.stdout)
"""


def _library_python() -> Path:
    python = VENV / "bin" / "python"
    if python.exists():
        return python
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    try:
        subprocess.run([uv, "venv", "--quiet", str(VENV)], check=True, capture_output=True)
        subprocess.run(
            [uv, "pip", "install", "--quiet", "--python", str(python), "matching==1.4.3"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        pytest.skip(f"cannot build the reference venv for matching==1.4.3: {exc}")
    return python


def _case(seed: int, mentees: int, mentors: int) -> tuple[dict[str, object], np.ndarray]:
    people, coaches = synthetic.cohort(mentees, mentors, seed=seed, tight=False)
    cohort = Cohort(people, coaches, Settings(minimum_score=35))
    matrices = runs.score_matrices(cohort, ["mentee_view", "mentor_view"])
    a, b = matrices["mentee_view"], matrices["mentor_view"]
    ours = stable.deferred_acceptance(a, b, cohort.capacity, list_length=3).mentor_of
    n, m = a.shape
    open_mentors = [j for j in range(m) if cohort.capacity[j] > 0]
    residents: dict[str, list[str]] = {}
    for i in range(n):
        ranked = sorted((j for j in open_mentors if a[i, j] >= 0), key=lambda j: (-a[i, j], j))
        if ranked:
            residents[f"e{i}"] = [f"r{j}" for j in ranked]
    hospitals = {
        f"r{j}": [
            f"e{i}"
            for i in sorted(
                (i for i in range(n) if a[i, j] >= 0 and f"e{i}" in residents),
                key=lambda i: (-b[i, j], i),
            )
        ]
        for j in open_mentors
    }
    capacities = {f"r{j}": int(cohort.capacity[j]) for j in open_mentors}
    return {"residents": residents, "hospitals": hospitals, "capacities": capacities}, ours


def test_stable_equals_the_matching_library_on_small_cohorts() -> None:
    python = _library_python()
    cases = [_case(seed, 40 + 10 * seed, 12 + seed) for seed in range(4)]
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run(
        [str(python), "-c", SCRIPT],
        input=json.dumps([case for case, _ in cases]),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env=env,
        cwd=VENV,
    )
    theirs = json.loads(result.stdout)
    for (_, ours), library in zip(cases, theirs, strict=True):
        ours_named = {f"e{i}": f"r{j}" for i, j in enumerate(ours) if j >= 0}
        library_named = {r: h for r, h in library.items() if h is not None}
        assert ours_named == library_named
        assert len(ours_named) > 0
    assert sys.executable != str(python)
