"""Known failures owned by other branches, in ONE place, each strict: when the fix lands the
test passes, strict xfail turns that into a failure, and the entry must be deleted here.

Keyed by operation id (`service:METHOD /path`); the reason names the owner and the finding.
"""

import pytest

KNOWN: dict[str, str] = {}


def known_failure_marks(operation_id: str) -> list[pytest.MarkDecorator]:
    reason = KNOWN.get(operation_id)
    if reason is None:
        return []
    return [pytest.mark.xfail(strict=True, reason=reason)]
