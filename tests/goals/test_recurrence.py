"""Recurrence in local time: a check-in keeps its wall-clock time across DST changes."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from goals.checkins.recurrence import add_months, first_checkin, next_occurrence, to_utc

pytestmark = pytest.mark.unit
PARIS, NEW_YORK = ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")


def test_weekly_across_spring_forward_keeps_ten_oclock_in_paris() -> None:
    before = to_utc(datetime(2027, 3, 22, 10, 0), PARIS)  # CET, UTC+1
    after = next_occurrence(before, PARIS, "weekly")  # 29 March: CEST, UTC+2
    assert before == datetime(2027, 3, 22, 9, 0, tzinfo=UTC)
    assert after == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)
    assert after.astimezone(PARIS).time() == time(10, 0)


def test_biweekly_across_fall_back_keeps_nine_thirty_in_new_york() -> None:
    before = to_utc(datetime(2026, 10, 26, 9, 30), NEW_YORK)  # EDT, UTC-4
    after = next_occurrence(before, NEW_YORK, "biweekly")  # 9 November: EST, UTC-5
    assert after == datetime(2026, 11, 9, 14, 30, tzinfo=UTC)
    assert after.astimezone(NEW_YORK).time() == time(9, 30)


def test_monthly_clamps_to_the_months_end_without_drifting() -> None:
    start = to_utc(datetime(2027, 1, 31, 18, 0), PARIS)
    feb = next_occurrence(start, PARIS, "monthly")
    mar = next_occurrence(start, PARIS, "monthly", after=feb)
    assert feb.astimezone(PARIS).replace(tzinfo=None) == datetime(2027, 2, 28, 18, 0)
    assert mar.astimezone(PARIS).replace(tzinfo=None) == datetime(2027, 3, 31, 18, 0)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_a_late_completion_skips_to_the_next_future_occurrence() -> None:
    start = to_utc(datetime(2027, 1, 4, 10, 0), PARIS)
    now = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)
    assert next_occurrence(start, PARIS, "weekly", after=now).astimezone(PARIS).date() == date(
        2027, 1, 25
    )


def test_an_aware_time_is_taken_as_given_and_a_naive_one_is_local() -> None:
    aware = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
    assert to_utc(aware, PARIS) == aware
    assert to_utc(datetime(2027, 6, 1, 10, 0), PARIS) == aware


def test_the_first_checkin_is_on_the_start_day_or_tomorrow_at_the_local_time() -> None:
    today = date(2027, 3, 1)
    future = first_checkin(date(2027, 3, 10), today, time(10, 0), NEW_YORK)
    past = first_checkin(date(2027, 2, 1), today, time(10, 0), NEW_YORK)
    assert future == datetime(2027, 3, 10, 15, 0, tzinfo=UTC)
    assert past == datetime(2027, 3, 2, 15, 0, tzinfo=UTC)
