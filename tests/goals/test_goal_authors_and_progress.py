"""Issue 14's goals gaps: either participant proposes a goal (the mentee's, acknowledged by a
mentor who writes it), milestones move the progress of a goal with a metric, and SMART
refusals name the goal's own fields."""

from datetime import date, timedelta
from typing import Any

import pytest

from tests.goals.conftest import GoalsService, World
from tests.goals.test_goals_smart import mentee_today, smart_goal


async def test_a_mentor_proposes_a_goal_that_the_mentee_owns_and_activates(
    goals: GoalsService,
) -> None:
    world = await goals.start(World())
    mentee, mentor = goals.as_user(world.mentee), goals.as_user(world.mentor)
    created = await goals.client.post(
        f"/v1/matches/{world.match_id}/goals", json=smart_goal(), headers=mentor
    )
    assert created.status_code == 201, created.text
    goal = created.json()
    assert (goal["status"], goal["owner_user_id"]) == ("draft", world.mentee)
    assert goal["acknowledged_at"] is not None, "the mentor's own goal is achievable to her"

    by_mentor = await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentor)
    assert by_mentor.status_code == 403, "the mentee decides to take it on"
    active = await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentee)
    assert active.status_code == 200, active.text
    assert active.json()["status"] == "active"


async def test_a_mentees_goal_waits_for_the_mentors_acknowledgement(goals: GoalsService) -> None:
    world = await goals.start(World())
    mentee = goals.as_user(world.mentee)
    goal = (
        await goals.client.post(
            f"/v1/matches/{world.match_id}/goals", json=smart_goal(), headers=mentee
        )
    ).json()
    assert (goal["owner_user_id"], goal["acknowledged_at"]) == (world.mentee, None)
    early = await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentee)
    assert early.status_code == 422
    [error] = early.json()["errors"]
    assert (error["code"], error["letter"], "field" in error) == (
        "goal-not-acknowledged",
        "A",
        False,
    )


async def test_an_admin_sees_goals_but_does_not_write_them(goals: GoalsService) -> None:
    world = await goals.start(World())
    refused = await goals.client.post(
        f"/v1/matches/{world.match_id}/goals", json=smart_goal(), headers=goals.as_user(world.admin)
    )
    assert refused.status_code == 403, refused.text


async def active_goal(goals: GoalsService, world: World, **overrides: Any) -> dict[str, Any]:
    mentee, mentor = goals.as_user(world.mentee), goals.as_user(world.mentor)
    created = await goals.client.post(
        f"/v1/matches/{world.match_id}/goals", json=smart_goal(**overrides), headers=mentor
    )
    assert created.status_code == 201, created.text
    goal: dict[str, Any] = created.json()
    active = await goals.client.post(f"/v1/goals/{goal['id']}/activate", headers=mentee)
    assert active.status_code == 200, active.text
    return goal


async def test_completing_a_milestone_moves_the_progress_of_a_goal_with_a_metric(
    goals: GoalsService,
) -> None:
    world = await goals.start(World())
    mentee = goals.as_user(world.mentee)
    goal = await active_goal(
        goals,
        world,
        metric="talks given",
        target=4,
        unit="talks",
        milestones=["Outline", "Draft", "Rehearse", "Deliver"],
    )
    url = f"/v1/goals/{goal['id']}"
    outline, draft = goal["milestones"][0]["id"], goal["milestones"][1]["id"]

    first = await goals.client.post(f"{url}/milestones/{outline}/complete", headers=mentee)
    assert first.status_code == 200, first.text
    assert first.json()["progress"] == pytest.approx(0.25), "no value reported: milestones count"

    value = await goals.client.post(f"{url}/progress", json={"value": 3}, headers=mentee)
    assert value.json()["progress"] == pytest.approx(0.75), "the metric shows more"
    second = await goals.client.post(f"{url}/milestones/{draft}/complete", headers=mentee)
    assert second.json()["progress"] == pytest.approx(0.75), "2 of 4 milestones is less"

    added = await goals.client.post(f"{url}/milestones", json={"title": "Q&A"}, headers=mentee)
    assert added.json()["progress"] == pytest.approx(0.75)
    history = (await goals.client.get(f"{url}/progress", headers=mentee)).json()["items"]
    assert [(u["source"], round(u["progress"], 2)) for u in history] == [
        ("milestone", 0.25),
        ("value", 0.75),
        ("milestone", 0.75),
    ]


async def test_a_goal_measured_by_milestones_alone_still_follows_them(
    goals: GoalsService,
) -> None:
    world = await goals.start(World())
    mentee = goals.as_user(world.mentee)
    goal = await active_goal(
        goals, world, metric=None, target=None, unit=None, milestones=["One", "Two"]
    )
    url = f"/v1/goals/{goal['id']}"
    done = await goals.client.post(
        f"{url}/milestones/{goal['milestones'][0]['id']}/complete", headers=mentee
    )
    assert done.json()["progress"] == pytest.approx(0.5)
    added = await goals.client.post(f"{url}/milestones", json={"title": "Three"}, headers=mentee)
    assert added.json()["progress"] == pytest.approx(1 / 3), "one more to do lowers the share"


async def test_smart_refusals_name_the_goals_fields_and_what_is_missing(
    goals: GoalsService,
) -> None:
    world = await goals.start(World())
    response = await goals.client.post(
        f"/v1/matches/{world.match_id}/goals",
        json={"title": "Grow", "description": "grow", "due_on": mentee_today().isoformat()},
        headers=goals.as_user(world.mentee),
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "goal-not-smart"
    found = [(e["field"], e["code"], e["letter"]) for e in body["errors"]]
    assert found == [
        ("description", "description-too-short", "S"),
        ("metric", "metric-missing", "M"),
        ("target", "target-missing", "M"),
        ("unit", "unit-missing", "M"),
        ("relevance", "relevance-missing", "R"),
        ("due_on", "due-date-not-in-future", "T"),
    ]
    assert "4 words" in body["errors"][0]["message"]
    assert "has 1 word" in body["errors"][0]["message"]
    for field in ("description", "metric", "target", "unit", "relevance", "due_on"):
        assert field in body["detail"]


async def test_a_goal_without_a_description_is_refused_by_the_schema_naming_it(
    goals: GoalsService,
) -> None:
    world = await goals.start(World())
    goal = smart_goal()
    del goal["description"]
    response = await goals.client.post(
        f"/v1/matches/{world.match_id}/goals", json=goal, headers=goals.as_user(world.mentee)
    )
    assert response.status_code == 422, response.text
    assert [e["location"] for e in response.json()["errors"]] == [["body", "description"]]


async def test_only_the_metric_parts_that_are_missing_are_named(goals: GoalsService) -> None:
    world = await goals.start(World())
    response = await goals.client.post(
        f"/v1/matches/{world.match_id}/goals",
        json=smart_goal(unit=None, due_on=(date.today() + timedelta(days=400)).isoformat()),
        headers=goals.as_user(world.mentee),
    )
    assert response.status_code == 422, response.text
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("unit", "unit-missing"),
        ("due_on", "due-date-after-match-end"),
    ]
