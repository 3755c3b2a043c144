"""Pure rules about when and where a person is told: channels, quiet hours, digests, retries.

Times are computed on the person's wall clock (their IANA timezone), so that "07:00" and "the
day before" stay right across daylight-saving changes.
"""

from datetime import UTC, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Channel = Literal["in_app", "email", "slack"]
Digest = Literal["immediate", "daily", "weekly"]
CHANNELS: tuple[Channel, ...] = ("in_app", "email", "slack")
Category = Literal[
    "enrolment",
    "matches",
    "checkins",
    "feedback",
    "surveys",
    "goals",
    "celebrations",
    "admin",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
DEFAULT_CHANNELS: tuple[Channel, ...] = ("in_app", "email")
MutableKind = Literal[
    "admin_match_declined",
    "admin_request_withdrawn",
    "admin_participant_withdrawn",
    "admin_match_ended",
    "relationship_at_risk",
]
"""What program admins are told about their programs, each of which they may mute on its own
(the `admin` category's channels still apply to the rest)."""
MUTABLE_KINDS: tuple[MutableKind, ...] = (
    "admin_match_declined",
    "admin_request_withdrawn",
    "admin_participant_withdrawn",
    "admin_match_ended",
    "relationship_at_risk",
)
WEEKLY_DIGEST_WEEKDAY = 0  # Monday


def zone(name: str | None) -> ZoneInfo:
    """The named zone; an unknown or missing name is UTC rather than an error in a handler."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def channels_for(configured: dict[str, list[str]] | None, category: str) -> set[str]:
    chosen = (configured or {}).get(category)
    return set(DEFAULT_CHANNELS if chosen is None else chosen)


def in_quiet_hours(now: datetime, tz: ZoneInfo, start: time | None, end: time | None) -> bool:
    if start is None or end is None or start == end:
        return False
    local = now.astimezone(tz).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the quiet period spans midnight


def quiet_release(now: datetime, tz: ZoneInfo, start: time | None, end: time | None) -> datetime:
    """`now` when outside quiet hours, else the UTC instant they end."""
    if not in_quiet_hours(now, tz, start, end):
        return now
    assert end is not None
    local = now.astimezone(tz)
    release = datetime.combine(local.date(), end, tzinfo=tz)
    if release <= local:
        release = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=tz)
    return release.astimezone(UTC)


def next_digest_at(now: datetime, tz: ZoneInfo, digest: Digest, hour: int) -> datetime:
    """The next local `hour:00` after `now` (on a Monday for weekly digests), in UTC."""
    local = now.astimezone(tz)
    day = local.date()
    while True:
        candidate = datetime.combine(day, time(hour), tzinfo=tz)
        weekday_ok = digest != "weekly" or candidate.weekday() == WEEKLY_DIGEST_WEEKDAY
        if candidate > local and weekday_ok:
            return candidate.astimezone(UTC)
        day += timedelta(days=1)


def reminder_at(starts_at: datetime, tz: ZoneInfo, hours: int) -> datetime:
    """`hours` before `starts_at` on the person's wall clock ("same time tomorrow" over DST)."""
    local = starts_at.astimezone(tz)
    # Aware arithmetic on one zone shifts the wall clock, not the instant: DST is respected.
    return (local - timedelta(hours=hours)).astimezone(UTC)


def local_text(moment: datetime, tz: ZoneInfo) -> str:
    """A time as the person reads it, with their zone's abbreviation."""
    return moment.astimezone(tz).strftime("%a %d %b %Y, %H:%M %Z")
