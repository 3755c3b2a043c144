"""iCalendar exports, checked by parsing what is served: stable UIDs, SEQUENCE, cancellations,
meeting links; and the per-user feed at a secret, revocable URL."""

from datetime import UTC, datetime, timedelta
from typing import TypedDict
from urllib.parse import urlsplit

from icalendar import Calendar

from tests.goals.conftest import Embedded, World


class Parsed(TypedDict):
    start: datetime
    end: datetime
    sequence: int
    status: str
    url: str
    summary: str


def events(body: bytes) -> dict[str, Parsed]:
    calendar = Calendar.from_ical(body)
    return {
        str(event["UID"]): Parsed(
            start=event.decoded("DTSTART"),
            end=event.decoded("DTEND"),
            sequence=int(event.get("SEQUENCE", 0)),
            status=str(event.get("STATUS")),
            url=str(event.get("URL", "")),
            summary=str(event.get("SUMMARY")),
        )
        for event in calendar.walk("VEVENT")
    }


async def test_the_ics_parses_and_a_reschedule_keeps_the_uid(goals: Embedded) -> None:
    world = await goals.start(World())
    mentor = goals.as_user(world.mentor)
    start = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    created = await goals.client.post(
        f"/v1/matches/{world.match_id}/checkins",
        json={"starts_at": start.isoformat(), "meeting_url": "https://zoom.us/j/123"},
        headers=mentor,
    )
    checkin = created.json()
    url = f"/v1/matches/{world.match_id}/calendar.ics"
    first = await goals.client.get(url, headers=mentor)
    assert first.headers["content-type"].startswith("text/calendar")
    before = events(first.content)
    [uid] = [uid for uid in before if uid.startswith(checkin["id"])]
    assert before[uid]["start"] == start
    assert before[uid]["url"] == "https://zoom.us/j/123"
    assert before[uid]["summary"] == "Mentorship check-in: Maria & Tom"

    moved = start + timedelta(days=1, hours=2)
    await goals.client.post(
        f"/v1/checkins/{checkin['id']}/reschedule",
        json={"starts_at": moved.isoformat()},
        headers=mentor,
    )
    after = events((await goals.client.get(url, headers=mentor)).content)
    assert set(after) == set(before), "a reschedule updates the event, it adds none"
    assert after[uid]["start"] == moved
    assert after[uid]["sequence"] > before[uid]["sequence"]

    await goals.client.post(
        f"/v1/checkins/{checkin['id']}/cancel", json={"reason": "sick"}, headers=mentor
    )
    cancelled = events((await goals.client.get(url, headers=mentor)).content)
    assert cancelled[uid]["status"] == "CANCELLED"
    assert cancelled[uid]["sequence"] > after[uid]["sequence"]


async def test_a_personal_feed_needs_only_its_secret_url_until_revoked(goals: Embedded) -> None:
    world = await goals.start(World())
    mentee = goals.as_user(world.mentee)
    created = await goals.client.post("/v1/calendar-feeds", headers=mentee)
    assert created.status_code == 201, created.text
    feed = created.json()
    # The URL is public (`GOALS_PUBLIC_URL` + `/goals`, test_public_links.py); this client
    # calls the service itself, which serves the path without the prefix. No token: the URL
    # is the credential.
    path = urlsplit(feed["url"]).path.removeprefix("/goals")
    served = await goals.client.get(path)
    assert served.status_code == 200, served.text
    assert len(events(served.content)) == 1  # the first check-in match.accepted scheduled
    listed = await goals.client.get("/v1/calendar-feeds", headers=mentee)
    assert [f["id"] for f in listed.json()] == [feed["id"]]
    assert "url" not in listed.json()[0]

    other = await goals.client.delete(
        f"/v1/calendar-feeds/{feed['id']}", headers=goals.as_user(world.mentor)
    )
    assert other.status_code == 404
    revoked = await goals.client.delete(f"/v1/calendar-feeds/{feed['id']}", headers=mentee)
    assert revoked.status_code == 204
    assert (await goals.client.get(path)).status_code == 404
    guessed = await goals.client.get("/v1/calendar/not-a-token.ics")
    assert guessed.status_code == 404
