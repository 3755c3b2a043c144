"""Commands that do not serve load only what they use: `--help` and `token` must not import the
web framework, the ORM or the services (they took 3 s and 9 s when every command loaded the whole
backend). Measured by what a fresh interpreter imported, not by a clock."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

HEAVY = ("fastapi", "sqlalchemy", "strawberry", "aiokafka", "matching", "goals", "gateway")

PROBE = """
import json, sys
from typer.testing import CliRunner
from mentorship.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
assert result.exit_code == 0, result.output
print(json.dumps(sorted(name for name in sys.modules if "." not in name)))
"""


def imported_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_loads_no_backend() -> None:
    assert not imported_by("--help") & set(HEAVY)


def test_token_loads_no_backend(tmp_path: Path) -> None:
    assert not imported_by("token", "--data-dir", str(tmp_path), "--sub", "ana") & set(HEAVY)
