"""Check-ins as iCalendar (RFC 5545), built with the `icalendar` library.

One VEVENT per check-in with a UID derived from its id, so a rescheduled check-in updates the
event calendars already hold instead of adding one; SEQUENCE grows with each change, and a
cancelled check-in stays in the feed with STATUS:CANCELLED so that subscribers remove it.
"""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from uuid import UUID

from icalendar import Calendar, Event

from goals.models import Checkin, Match

PRODID = "-//mentorship//goals check-ins//EN"
UID_DOMAIN = "checkins.mentorship.dev"


def uid_of(checkin_id: UUID) -> str:
    return f"{checkin_id}@{UID_DOMAIN}"


def calendar(
    name: str,
    checkins: Iterable[Checkin],
    matches: Mapping[UUID, Match],
    names: Mapping[str, str],
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    # Subscribers (Outlook, Google) poll; ask for hourly refreshes.
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for checkin in checkins:
        cal.add_component(_event(checkin, matches[checkin.match_id], names))
    return bytes(cal.to_ical())


def _event(checkin: Checkin, match: Match, names: Mapping[str, str]) -> Event:
    mentor = names.get(match.mentor_user_id, match.mentor_user_id)
    mentee = names.get(match.mentee_user_id, match.mentee_user_id)
    event = Event()
    event.add("uid", uid_of(checkin.id))
    event.add("dtstamp", checkin.updated_at)
    event.add("created", checkin.created_at)
    event.add("last-modified", checkin.updated_at)
    event.add("sequence", checkin.sequence)
    event.add("dtstart", checkin.starts_at)
    event.add("dtend", checkin.starts_at + timedelta(minutes=checkin.duration_minutes))
    event.add("summary", f"Mentorship check-in: {mentor} & {mentee}")
    event.add("status", "CANCELLED" if checkin.status == "cancelled" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    lines = []
    if checkin.agenda:
        lines.append(f"Agenda:\n{checkin.agenda}")
    if checkin.meeting_url:
        event.add("url", checkin.meeting_url)
        event.add("location", checkin.meeting_url)
        lines.append(f"Join: {checkin.meeting_url}")
    if checkin.status == "cancelled" and checkin.cancel_reason:
        lines.append(f"Cancelled: {checkin.cancel_reason}")
    if lines:
        event.add("description", "\n\n".join(lines))
    return event
