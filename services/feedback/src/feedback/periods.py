"""Reporting periods: calendar months in UTC, named `YYYY-MM`."""

import re
from datetime import MAXYEAR, MINYEAR, UTC, datetime

from kit.errors import UnprocessableError

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
PERIOD_PATTERN = PERIOD.pattern


def period_of(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m}"


# Both instants of a month must be datetimes: year 0 has none, and 9999-12 ends in year 10000.
FIRST_YEAR, LAST_YEAR = MINYEAR, MAXYEAR - 1


def bounds(period: str, field: str = "period") -> tuple[datetime, datetime]:
    """The [start, end) instants of a month."""
    found = PERIOD.match(period)
    if found is None:
        raise UnprocessableError("A period is a month written YYYY-MM.", field=field)
    year, month = int(found[1]), int(found[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UnprocessableError(
            f"A period's year is from {FIRST_YEAR:04d} to {LAST_YEAR:04d}.", field=field
        )
    start = datetime(year, month, 1, tzinfo=UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def shift(period: str, months: int) -> str:
    start, _ = bounds(period)
    index = start.year * 12 + start.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def span(first: str, last: str, limit: int = 24) -> list[str]:
    """Every month from `first` to `last`, both included."""
    start, stop = bounds(first, "from")[0], bounds(last, "to")[0]
    count = (stop.year - start.year) * 12 + stop.month - start.month + 1
    if count < 1:
        raise UnprocessableError("`from` comes after `to`.", field="from")
    if count > limit:
        raise UnprocessableError(f"At most {limit} months at once.", field="to")
    return [shift(first, index) for index in range(count)]
