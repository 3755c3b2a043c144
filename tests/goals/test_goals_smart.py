"""SMART goals over the REST API: each letter is checked and named when it fails."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.goals.conftest import Embedded, World


def mentee_today() -> date:
    """ "After today" is the mentee's today (the World's mentee lives in New York)."""
    return datetime.now(ZoneInfo(World().mentee_tz)).date()


def smart_goal(**overrides: Any) -> dict[str, Any]:
    goal: dict[str, Any] = {
        "title": "Give a conference talk",
        "description": "Prepare and deliver a 20 minute talk at the internal tech conference.",
        "metric": "talks given",
        "target": 1,
        "unit": "talks",
        "relevance_kind": "career_milestone",
        "relevance": "Becoming a senior engineer needs visible technical leadership.",
        "due_on": (date.today() + timedelta(days=60)).isoformat(),
    }
    goal.update(overrides)
    return goal


async def test_a_smart_goal_is_created_as_a_draft_and_activated_after_the_mentor_acknowledges(
    goals: Embedded,
) -> None:
    world = await goals.start(World())
    mentee, mentor = goals.as_user(world.mentee), goals.as_user(world.mentor)
    url = f"/v1/matches/{world.match_id}/goals"
    created = await goals.client.post(url, json=smart_goal(), headers=mentee)
    assert created.status_code == 201, created.text
    goal = created.json()
    assert (goal["status"], goal["owner_user_id"]) == ("draft", world.mentee)

    early = await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentee)
    assert early.status_code == 422
    assert [e["letter"] for e in early.json()["errors"]] == ["A"]

    ack = await goals.client.post(f"/v1/goals/{goal['id']}/acknowledge", headers=mentor)
    assert ack.status_code == 200, ack.text
    active = await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentee)
    assert active.status_code == 200, active.text
    assert active.json()["status"] == "active"


@pytest.mark.parametrize(
    ("overrides", "letter", "words"),
    [
        ({"description": "Talk"}, "S", "words"),
        ({"title": "x"}, "S", "title"),
        ({"metric": None, "target": None, "unit": None}, "M", "milestone"),
        ({"target": None}, "M", "target"),
        ({"relevance": None, "relevance_kind": None}, "R", "career milestone"),
        ({"due_on": mentee_today().isoformat()}, "T", "after today"),
        ({"due_on": None}, "T", "due date"),
        ({"due_on": (date.today() + timedelta(days=400)).isoformat()}, "T", "match ends"),
    ],
)
async def test_each_smart_rule_is_rejected_with_its_own_message(
    goals: Embedded, overrides: dict[str, Any], letter: str, words: str
) -> None:
    world = await goals.start(World())
    response = await goals.client.post(
        f"/v1/matches/{world.match_id}/goals",
        json=smart_goal(**overrides),
        headers=goals.as_user(world.mentee),
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "goal-not-smart"
    assert {error["letter"] for error in body["errors"]} == {letter}
    assert words in body["errors"][0]["message"]


async def test_every_failing_letter_is_named_at_once_and_nothing_is_written(
    goals: Embedded,
) -> None:
    world = await goals.start(World())
    mentee = goals.as_user(world.mentee)
    url = f"/v1/matches/{world.match_id}/goals"
    response = await goals.client.post(
        url,
        json={"title": "Grow", "description": "grow", "due_on": mentee_today().isoformat()},
        headers=mentee,
    )
    assert response.status_code == 422
    named = [(e["letter"], e["criterion"]) for e in response.json()["errors"]]
    assert list(dict.fromkeys(named)) == [
        ("S", "specific"),
        ("M", "measurable"),
        ("R", "relevant"),
        ("T", "time-bound"),
    ]
    listed = await goals.client.get(url, headers=mentee)
    assert listed.json()["items"] == []


async def test_milestones_make_a_goal_measurable_and_drive_its_progress(goals: Embedded) -> None:
    world = await goals.start(World())
    mentee, mentor = goals.as_user(world.mentee), goals.as_user(world.mentor)
    goal = (
        await goals.client.post(
            f"/v1/matches/{world.match_id}/goals",
            json=smart_goal(
                metric=None,
                target=None,
                unit=None,
                milestones=["Outline", "Draft", "Rehearse", "Deliver"],
            ),
            headers=mentee,
        )
    ).json()
    await goals.client.post(f"/v1/goals/{goal['id']}/acknowledge", headers=mentor)
    await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentee)
    for milestone in goal["milestones"][:3]:
        done = await goals.client.post(
            f"/v1/goals/{goal['id']}/milestones/{milestone['id']}/complete", headers=mentee
        )
        assert done.status_code == 200, done.text
    assert done.json()["progress"] == pytest.approx(0.75)
    history = await goals.client.get(f"/v1/goals/{goal['id']}/progress", headers=mentor)
    assert [round(u["progress"], 2) for u in history.json()["items"]] == [0.25, 0.5, 0.75]
    assert {u["source"] for u in history.json()["items"]} == {"milestone"}
    again = await goals.client.post(
        f"/v1/goals/{goal['id']}/milestones/{goal['milestones'][0]['id']}/complete", headers=mentee
    )
    assert again.status_code == 409


async def test_numeric_updates_move_progress_between_baseline_and_target(goals: Embedded) -> None:
    world = await goals.start(World())
    mentee, mentor = goals.as_user(world.mentee), goals.as_user(world.mentor)
    goal = (
        await goals.client.post(
            f"/v1/matches/{world.match_id}/goals",
            json=smart_goal(metric="weekly reviews", baseline=2, target=10, unit="reviews"),
            headers=mentee,
        )
    ).json()
    await goals.client.post(f"/v1/goals/{goal['id']}/acknowledge", headers=mentor)
    await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentee)
    updated = await goals.client.post(
        f"/v1/goals/{goal['id']}/progress", json={"value": 6, "note": "halfway"}, headers=mentee
    )
    assert updated.json()["progress"] == pytest.approx(0.5)
    by_mentor = await goals.client.post(
        f"/v1/goals/{goal['id']}/progress", json={"value": 8}, headers=mentor
    )
    assert by_mentor.status_code == 403
    completed = await goals.client.post(f"/v1/goals/{goal['id']}/complete", headers=mentee)
    assert completed.json()["status"] == "completed"


async def test_an_edit_cannot_break_a_letter_that_held(goals: Embedded) -> None:
    world = await goals.start(World())
    mentee = goals.as_user(world.mentee)
    goal = (
        await goals.client.post(
            f"/v1/matches/{world.match_id}/goals", json=smart_goal(), headers=mentee
        )
    ).json()
    broken = await goals.client.patch(
        f"/v1/goals/{goal['id']}", json={"description": "Talk"}, headers=mentee
    )
    assert broken.status_code == 422
    assert [e["letter"] for e in broken.json()["errors"]] == ["S"]
    fine = await goals.client.patch(
        f"/v1/goals/{goal['id']}", json={"title": "Give two talks", "target": 2}, headers=mentee
    )
    assert fine.status_code == 200, fine.text
    assert fine.json()["target"] == 2
