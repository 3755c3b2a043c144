"""Known failures owned by other branches or not yet assigned, in ONE place. Each is a strict
xfail: when the fix lands the test passes, strict turns that into a failure, and the entry must
be deleted here. Keyed by operation id (`service:METHOD /path`); the reason names the finding.
"""

import pytest

PERIOD_YEAR_0 = (
    "feedback periods.bounds: period=0000-01 (or 9999-12) matches the YYYY-MM pattern and "
    "raises ValueError 'year 0 is out of range' -> 500, not 422 (unowned; reported to the lead)"
)

# The isolation matrix.
KNOWN_MATRIX: dict[str, str] = {
    "feedback:GET /v1/programs/{program_id}/feedback-summary": PERIOD_YEAR_0,
    "feedback:GET /v1/programs/{program_id}/survey-results": PERIOD_YEAR_0,
}

# The fuzz tier: filled from its first full run (see the module doc of test_fuzz.py).
KNOWN_FUZZ: dict[str, str] = {}


def known_failure_marks(known: dict[str, str], operation_id: str) -> list[pytest.MarkDecorator]:
    reason = known.get(operation_id)
    if reason is None:
        return []
    return [pytest.mark.xfail(strict=True, reason=reason)]
