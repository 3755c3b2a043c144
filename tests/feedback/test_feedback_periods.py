"""Reporting months: bounds, shifts across years, spans and their limits."""

from datetime import UTC, datetime

import pytest

from feedback.periods import bounds, period_of, shift, span
from kit.errors import UnprocessableError

pytestmark = pytest.mark.unit


def test_a_month_runs_from_its_first_instant_to_the_next_months() -> None:
    assert bounds("2026-12") == (
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert period_of(datetime(2026, 2, 28, 23, 59, tzinfo=UTC)) == "2026-02"


def test_shifts_and_spans_cross_year_boundaries() -> None:
    assert shift("2026-01", -1) == "2025-12"
    assert shift("2025-11", 3) == "2026-02"
    assert span("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


@pytest.mark.parametrize(
    ("first", "last"), [("2026-13", "2026-13"), ("2026-05", "2026-01"), ("2020-01", "2026-01")]
)
def test_malformed_reversed_or_too_long_spans_are_refused(first: str, last: str) -> None:
    with pytest.raises(UnprocessableError):
        span(first, last)


@pytest.mark.parametrize("period", ["0000-01", "9999-12"])
def test_a_month_without_datetime_bounds_is_refused_naming_the_field(period: str) -> None:
    with pytest.raises(UnprocessableError) as refused:
        bounds(period)
    assert refused.value.extensions == {"field": "period"}
    with pytest.raises(UnprocessableError) as spanned:
        span("2026-01", period)
    assert spanned.value.extensions == {"field": "to"}
    assert bounds("0001-01")[0] == datetime(1, 1, 1, tzinfo=UTC)
    assert bounds("9998-12")[1] == datetime(9999, 1, 1, tzinfo=UTC)
