"""Check-in times: stored in UTC, set and repeated in a participant's local time.

A weekly 10:00 check-in in Paris stays at 10:00 Paris time when the clocks change, so its UTC
time moves by an hour: recurrence is wall-clock arithmetic in the zone, then a conversion.
"""

import calendar
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Cadence = Literal["weekly", "biweekly", "monthly"]


def to_utc(moment: datetime, zone: ZoneInfo) -> datetime:
    """A naive time is local to `zone`; an aware one is taken as it is."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """Same day of the month, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def step(local: datetime, cadence: Cadence, times: int = 1) -> datetime:
    if cadence == "weekly":
        return local + timedelta(weeks=times)
    if cadence == "biweekly":
        return local + timedelta(weeks=2 * times)
    return datetime.combine(add_months(local.date(), times), local.timetz())


def next_occurrence(
    starts_at: datetime, zone: ZoneInfo, cadence: Cadence, *, after: datetime | None = None
) -> datetime:
    """The next check-in after `starts_at` (and after `after`, if given), in UTC.

    Steps are counted from the original local time, so a monthly series on the 31st goes
    31 Jan, 28 Feb, 31 Mar rather than drifting to the 28th.
    """
    local = starts_at.astimezone(zone).replace(tzinfo=None)
    times = 1
    while True:
        candidate = step(local, cadence, times).replace(tzinfo=zone).astimezone(UTC)
        if after is None or candidate > after:
            return candidate
        times += 1


def first_checkin(starts_on: date, today: date, at: time, zone: ZoneInfo) -> datetime:
    """The first check-in of a match: its first day at `at` local time, or tomorrow if that
    day has passed."""
    day = max(starts_on, today + timedelta(days=1))
    return datetime.combine(day, at).replace(tzinfo=zone).astimezone(UTC)


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)
