"""A check-in time without an offset is local to a zone the caller can see: the `timezone`
given, else (scheduling) the caller's own, else (rescheduling) the check-in's own zone."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.goals.conftest import GoalsService, World

KOLKATA = ZoneInfo("Asia/Kolkata")


def naive_in_days(days: int, at: time = time(10, 0)) -> datetime:
    return datetime.combine(date.today() + timedelta(days=days), at)


async def test_a_naive_time_given_with_a_timezone_is_read_in_that_zone(
    goals: GoalsService,
) -> None:
    world = await goals.start(World())
    local = naive_in_days(5)
    created = await goals.client.post(
        f"/v1/matches/{world.match_id}/checkins",
        json={"starts_at": local.isoformat(), "timezone": "Asia/Kolkata"},
        headers=goals.as_user(world.mentor),  # Maria lives in Paris
    )
    assert created.status_code == 201, created.text
    starts = datetime.fromisoformat(created.json()["starts_at"])
    assert starts == local.replace(tzinfo=KOLKATA).astimezone(UTC)
    assert starts.astimezone(UTC).time() == time(4, 30)


async def test_a_naive_reschedule_is_read_in_the_checkins_own_zone_not_the_callers(
    goals: GoalsService,
) -> None:
    world = await goals.start(World(mentee_tz="Asia/Kolkata"))
    mentor = goals.as_user(world.mentor)  # in Paris, 4.5 hours behind Kolkata in winter
    [first] = (
        await goals.client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentor)
    ).json()["items"]
    assert first["timezone"] == "Asia/Kolkata", "match.accepted plans it in the mentee's zone"

    local = naive_in_days(6, time(18, 0))
    moved = await goals.client.post(
        f"/v1/checkins/{first['id']}/reschedule",
        json={"starts_at": local.isoformat()},
        headers=mentor,
    )
    assert moved.status_code == 200, moved.text
    checkin = moved.json()
    assert checkin["timezone"] == "Asia/Kolkata"
    assert datetime.fromisoformat(checkin["starts_at"]) == local.replace(tzinfo=KOLKATA).astimezone(
        UTC
    )
    mentee_view = {t["role"]: t for t in checkin["local_times"]}["mentee"]
    assert datetime.fromisoformat(mentee_view["starts_at"]).time() == time(18, 0)


async def test_an_offset_is_taken_as_given_and_a_timezone_moves_the_series(
    goals: GoalsService,
) -> None:
    world = await goals.start(World(mentee_tz="Asia/Kolkata"))
    mentee = goals.as_user(world.mentee)
    [first] = (
        await goals.client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentee)
    ).json()["items"]
    url = f"/v1/checkins/{first['id']}/reschedule"
    aware = naive_in_days(7).replace(tzinfo=UTC)
    with_offset = await goals.client.post(
        url, json={"starts_at": aware.isoformat()}, headers=mentee
    )
    assert datetime.fromisoformat(with_offset.json()["starts_at"]) == aware
    assert with_offset.json()["timezone"] == "Asia/Kolkata"

    local = naive_in_days(8)
    in_london = await goals.client.post(
        url,
        json={"starts_at": local.isoformat(), "timezone": "Europe/London"},
        headers=mentee,
    )
    assert in_london.status_code == 200, in_london.text
    assert in_london.json()["timezone"] == "Europe/London"
    assert datetime.fromisoformat(in_london.json()["starts_at"]) == local.replace(
        tzinfo=ZoneInfo("Europe/London")
    ).astimezone(UTC)
    bad = await goals.client.post(
        url, json={"starts_at": local.isoformat(), "timezone": "Mars/Olympus"}, headers=mentee
    )
    assert (bad.status_code, bad.json().get("field")) == (422, "timezone")
