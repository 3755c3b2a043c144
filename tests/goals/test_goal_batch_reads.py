"""Batch reads for the gateway's loaders: the goals and the next check-in of many matches in one
call, with the single reads' visibility (a foreign or invisible match is simply left out)."""

from typing import Any
from uuid import uuid4

import httpx
import pytest

from contracts.matching import GoalTemplate
from tests.goals.conftest import Embedded, World
from tests.infra.apps import eventually

TEMPLATE = GoalTemplate(
    title="Map your strengths",
    description="Complete the strengths survey and discuss it with your mentor.",
    due_after_days=30,
    milestones=["Take the survey", "Discuss the results"],
)


async def three_matches(goals: Embedded) -> tuple[World, World, World]:
    """Two matches of acme (one of them Tom's, one Zoe's), and one of globex."""
    ours = await goals.start(World(templates=[TEMPLATE]))
    other = await goals.start(World(templates=[TEMPLATE], mentee="zoe", mentor="max"))
    foreign = await goals.start(World(org="globex", templates=[TEMPLATE]))
    return ours, other, foreign


def ids(*worlds: World) -> str:
    return ",".join(str(world.match_id) for world in worlds)


async def items(goals: Embedded, path: str, params: dict[str, str], user: str) -> Any:
    response = await goals.client.get(path, params=params, headers=goals.as_user(user))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_goals_of_many_matches_come_with_milestones_and_only_visible_matches(
    goals: Embedded,
) -> None:
    ours, other, foreign = await three_matches(goals)
    asked = {"match_ids": ids(ours, other, foreign) + f",{uuid4()}"}

    async def admin_sees_both() -> Any:
        return await items(goals, "/v1/goals", asked, ours.admin)

    found = await eventually(admin_sees_both, lambda found: len(found) == 2)
    assert {goal["match_id"] for goal in found} == {str(ours.match_id), str(other.match_id)}
    assert all([m["title"] for m in g["milestones"]] == TEMPLATE.milestones for g in found)
    # Tom is a party to his match only; the globex match is never shown to acme.
    [own] = await items(goals, "/v1/goals", asked, ours.mentee)
    assert own["match_id"] == str(ours.match_id)
    assert await items(goals, "/v1/goals", asked, "stranger") == []


async def test_the_next_checkin_of_many_matches_is_the_earliest_scheduled_one(
    goals: Embedded,
) -> None:
    ours, other, foreign = await three_matches(goals)
    asked = {"match_ids": ids(other, foreign, ours)}
    found = await items(goals, "/v1/checkins/next", asked, ours.admin)
    assert [c["match_id"] for c in found] == [str(other.match_id), str(ours.match_id)]
    listed = await items(goals, f"/v1/matches/{ours.match_id}/checkins", {}, ours.mentee)
    earliest = min((c for c in listed if c["status"] == "scheduled"), key=lambda c: c["starts_at"])
    assert found[1]["id"] == earliest["id"]
    assert [c["match_id"] for c in await items(goals, "/v1/checkins/next", asked, "maria")] == [
        str(ours.match_id)
    ]


@pytest.mark.parametrize("path", ["/v1/goals", "/v1/checkins/next"])
@pytest.mark.parametrize(
    "value", [",".join(str(uuid4()) for _ in range(101)), "not-a-uuid", "", " , "]
)
async def test_more_than_100_or_malformed_match_ids_are_refused(
    goals: Embedded, path: str, value: str
) -> None:
    response: httpx.Response = await goals.client.get(
        path, params={"match_ids": value}, headers=goals.as_user("ada")
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == "match_ids"


async def test_without_match_ids_the_request_is_refused(goals: Embedded) -> None:
    response = await goals.client.get("/v1/goals", headers=goals.as_user("ada"))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
