"""Check-ins over the REST API: times in each participant's zone, DST-proof recurrence, notes,
and who may see them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.goals.conftest import Embedded, World

PARIS = ZoneInfo("Europe/Paris")


def next_dst_change(zone: ZoneInfo) -> date:
    """The first day from today whose UTC offset differs from the day before (at noon)."""
    day = date.today()
    noon = datetime.combine(day, time(12), tzinfo=zone).utcoffset()
    while True:
        day += timedelta(days=1)
        offset = datetime.combine(day, time(12), tzinfo=zone).utcoffset()
        if offset != noon:
            return day


async def test_a_weekly_checkin_across_a_dst_change_keeps_its_local_time(goals: Embedded) -> None:
    world = await goals.start(World(ends_on=date.today() + timedelta(days=400)))
    mentor = goals.as_user(world.mentor)
    change = next_dst_change(PARIS)
    local_start = datetime.combine(change - timedelta(days=3), time(10, 0))
    created = await goals.client.post(
        f"/v1/matches/{world.match_id}/checkins",
        json={"starts_at": local_start.isoformat(), "meeting_url": "https://meet.google.com/abc"},
        headers=mentor,  # Maria's zone, Europe/Paris, is the default
    )
    assert created.status_code == 201, created.text
    first = created.json()
    assert first["timezone"] == "Europe/Paris"
    local = {t["role"]: t for t in first["local_times"]}
    assert datetime.fromisoformat(local["mentor"]["starts_at"]).time() == time(10, 0)
    assert local["mentee"]["timezone"] == "America/New_York"

    done = await goals.client.post(f"/v1/checkins/{first['id']}/complete", json={}, headers=mentor)
    assert done.status_code == 200, done.text
    listed = await goals.client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentor)
    following = [
        c for c in listed.json()["items"] if c["status"] == "scheduled" and c["id"] != first["id"]
    ]
    nxt = max(following, key=lambda c: c["starts_at"])
    before_utc = datetime.fromisoformat(first["starts_at"])
    after_utc = datetime.fromisoformat(nxt["starts_at"])
    assert after_utc.astimezone(PARIS).replace(tzinfo=None) == local_start + timedelta(weeks=1)
    assert after_utc - before_utc != timedelta(weeks=1), "the UTC time moves with the clocks"


async def test_match_accepted_schedules_the_first_checkin_at_ten_in_the_mentees_zone(
    goals: Embedded,
) -> None:
    world = await goals.start(World(starts_on=date.today() + timedelta(days=7)))
    listed = await goals.client.get(
        f"/v1/matches/{world.match_id}/checkins", headers=goals.as_user(world.mentee)
    )
    [first] = listed.json()["items"]
    starts = datetime.fromisoformat(first["starts_at"]).astimezone(ZoneInfo(world.mentee_tz))
    assert (starts.date(), starts.time()) == (world.starts_on, time(10, 0))


async def test_private_notes_are_visible_to_their_author_only(goals: Embedded) -> None:
    world = await goals.start(World())
    mentee, mentor = goals.as_user(world.mentee), goals.as_user(world.mentor)
    admin = goals.as_user(world.admin)
    [checkin] = (
        await goals.client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentee)
    ).json()["items"]
    url = f"/v1/checkins/{checkin['id']}/notes"
    await goals.client.post(url, json={"body": "Shared plan"}, headers=mentee)
    await goals.client.post(url, json={"body": "I feel stuck", "private": True}, headers=mentee)
    seen = {}
    for who, headers in (("mentee", mentee), ("mentor", mentor), ("admin", admin)):
        response = await goals.client.get(f"/v1/checkins/{checkin['id']}", headers=headers)
        seen[who] = [note["body"] for note in response.json()["notes"]]
    assert seen == {
        "mentee": ["Shared plan", "I feel stuck"],
        "mentor": ["Shared plan"],
        "admin": ["Shared plan"],
    }


async def test_meeting_links_must_be_https_and_past_times_are_refused(goals: Embedded) -> None:
    world = await goals.start(World())
    url = f"/v1/matches/{world.match_id}/checkins"
    mentor = goals.as_user(world.mentor)
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    insecure = await goals.client.post(
        url, json={"starts_at": future, "meeting_url": "http://zoom.us/j/1"}, headers=mentor
    )
    past = await goals.client.post(
        url,
        json={"starts_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()},
        headers=mentor,
    )
    bad_zone = await goals.client.post(
        url, json={"starts_at": future, "timezone": "Mars/Olympus"}, headers=mentor
    )
    assert [r.status_code for r in (insecure, past, bad_zone)] == [422, 422, 422]
    teams = await goals.client.post(
        url,
        json={"starts_at": future, "meeting_url": "https://teams.microsoft.com/l/meetup-join/x"},
        headers=mentor,
    )
    assert teams.status_code == 201, teams.text


async def test_a_stranger_and_another_tenant_get_404_like_a_missing_match(goals: Embedded) -> None:
    world = await goals.start(World())
    missing = "00000000-0000-4000-8000-000000000000"
    [checkin] = (
        await goals.client.get(
            f"/v1/matches/{world.match_id}/checkins", headers=goals.as_user(world.mentee)
        )
    ).json()["items"]
    for headers in (
        goals.as_user("eve"),
        goals.as_user(world.mentee, "globex"),
        goals.as_user("root", "globex", "org_admin"),
    ):
        for path in (
            f"/v1/matches/{world.match_id}",
            f"/v1/matches/{world.match_id}/goals",
            f"/v1/matches/{world.match_id}/checkins",
            f"/v1/matches/{world.match_id}/calendar.ics",
            f"/v1/checkins/{checkin['id']}",
            f"/v1/matches/{missing}",
        ):
            response = await goals.client.get(path, headers=headers)
            assert (response.status_code, response.json()["code"]) == (404, "not-found"), path
    org_admin = await goals.client.get(
        f"/v1/matches/{world.match_id}", headers=goals.as_user("root", "acme", "org_admin")
    )
    assert org_admin.status_code == 200
    listed = await goals.client.get("/v1/matches", headers=goals.as_user("eve"))
    assert listed.json()["items"] == []


async def test_admins_see_but_do_not_act_and_the_pair_changes_the_cadence(
    goals: Embedded,
) -> None:
    world = await goals.start(World())
    admin = goals.as_user(world.admin)
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    refused = await goals.client.post(
        f"/v1/matches/{world.match_id}/checkins", json={"starts_at": future}, headers=admin
    )
    assert refused.status_code == 403
    changed = await goals.client.patch(
        f"/v1/matches/{world.match_id}",
        json={"cadence": "monthly"},
        headers=goals.as_user(world.mentee),
    )
    assert changed.json()["cadence"] == "monthly"
    assert [
        m["id"] for m in (await goals.client.get("/v1/matches", headers=admin)).json()["items"]
    ] == [str(world.match_id)]
