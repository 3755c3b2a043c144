"""Goals' events leave through the outbox with their contract payloads, and bad input is a
4xx problem that writes nothing."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kit.events.envelope import decode
from tests.goals.conftest import Embedded, World
from tests.goals.test_goals_smart import smart_goal
from tests.infra.apps import eventually


async def published(goals: Embedded, count: int) -> list[tuple[str, dict[str, Any]]]:
    async def read() -> list[tuple[str, dict[str, Any]]]:
        events = [decode(record) for record in await goals.backend.published("goals")]
        return [(e.type, e.payload().model_dump(mode="json")) for e in events]

    return await eventually(read, lambda found: len(found) >= count)


async def test_a_goals_life_is_announced_event_by_event(goals: Embedded) -> None:
    world = await goals.start(World())
    mentee, mentor = goals.as_user(world.mentee), goals.as_user(world.mentor)
    goal = (
        await goals.client.post(
            f"/v1/matches/{world.match_id}/goals",
            json=smart_goal(metric=None, target=None, unit=None, milestones=["One", "Two"]),
            headers=mentee,
        )
    ).json()
    await goals.client.post(f"/v1/goals/{goal['id']}/acknowledge", headers=mentor)
    await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentee)
    for milestone in goal["milestones"]:
        await goals.client.post(
            f"/v1/goals/{goal['id']}/milestones/{milestone['id']}/complete", headers=mentee
        )
    await goals.client.post(f"/v1/goals/{goal['id']}/complete", headers=mentee)

    events = await published(goals, 7)
    goal_events = [(t.split(".")[2:4], p) for t, p in events if "goal_id" in p]
    assert [kind for kind, _ in goal_events] == [
        ["goal", "created"],
        ["milestone", "completed"],
        ["goal", "progress_updated"],
        ["milestone", "completed"],
        ["goal", "progress_updated"],
        ["goal", "completed"],
    ]
    progress = [p for kind, p in goal_events if kind == ["goal", "progress_updated"]]
    assert [(p["previous_progress"], p["progress"]) for p in progress] == [(0, 0.5), (0.5, 1)]
    assert all(p["mentee_user_id"] == world.mentee for _, p in goal_events)


async def test_checkin_changes_are_announced_with_their_times(goals: Embedded) -> None:
    world = await goals.start(World())
    mentor = goals.as_user(world.mentor)
    start = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    checkin = (
        await goals.client.post(
            f"/v1/matches/{world.match_id}/checkins",
            json={"starts_at": start.isoformat()},
            headers=mentor,
        )
    ).json()
    moved = start + timedelta(hours=3)
    await goals.client.post(
        f"/v1/checkins/{checkin['id']}/reschedule",
        json={"starts_at": moved.isoformat()},
        headers=mentor,
    )
    await goals.client.post(f"/v1/checkins/{checkin['id']}/complete", json={}, headers=mentor)
    events = [(t, p) for t, p in await published(goals, 4) if p["checkin_id"] == checkin["id"]]
    assert [t.split(".")[3] for t, _ in events] == ["scheduled", "rescheduled", "completed"]
    rescheduled = events[1][1]
    assert datetime.fromisoformat(rescheduled["previous_starts_at"]) == start
    assert datetime.fromisoformat(rescheduled["starts_at"]) == moved


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("goals", smart_goal(target="NaN")),
        ("goals", smart_goal(due_on="9999-12-31")),
        ("goals", {"title": "x"} | {"extra": 1}),
        ("checkins", {"starts_at": "0001-01-01T00:00:00"}),
        ("checkins", {"starts_at": "9999-12-31T23:00:00"}),
        ("checkins", {"starts_at": "tomorrow"}),
        ("checkins", {"starts_at": "2099-01-01T10:00:00", "duration_minutes": 100000}),
    ],
)
async def test_bad_input_is_a_422_problem_and_writes_nothing(
    goals: Embedded, path: str, body: dict[str, Any]
) -> None:
    world = await goals.start(World(ends_on=None))
    mentee = goals.as_user(world.mentee)
    url = f"/v1/matches/{world.match_id}/{path}"
    before = (await goals.client.get(url, headers=mentee)).json()["items"]
    response = await goals.client.post(url, json=body, headers=mentee)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (await goals.client.get(url, headers=mentee)).json()["items"] == before


async def test_nulls_for_required_fields_are_refused(goals: Embedded) -> None:
    world = await goals.start(World())
    mentee = goals.as_user(world.mentee)
    goal = (
        await goals.client.post(
            f"/v1/matches/{world.match_id}/goals", json=smart_goal(), headers=mentee
        )
    ).json()
    nulled = await goals.client.patch(
        f"/v1/goals/{goal['id']}", json={"title": None}, headers=mentee
    )
    assert nulled.status_code == 422
    [checkin] = (
        await goals.client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentee)
    ).json()["items"]
    no_duration = await goals.client.patch(
        f"/v1/checkins/{checkin['id']}", json={"duration_minutes": None}, headers=mentee
    )
    assert no_duration.status_code == 422
