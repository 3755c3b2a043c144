"""A resource's audience holds wherever it is shown: listed on a goal, or shared into a match
(issue 12, item 11). A resource meant for mentors stays out of the mentee's sight even when a
mentor or an admin attached it to a milestone of the mentee's goal, and it cannot be shared
into a match, where both people would see it."""

from typing import Any

import pytest

from contracts.matching import GoalTemplate
from tests.goals.conftest import Embedded, World

pytestmark = pytest.mark.embedded
TEMPLATE = GoalTemplate(
    title="Build a learning plan",
    description="Write down what you will learn in the next three months and how.",
    due_after_days=30,
    milestones=["Pick three skills", "Find a course for each"],
)


async def add(goals: Embedded, world: World, title: str, audience: str) -> dict[str, Any]:
    response = await goals.client.post(
        f"/v1/programs/{world.program_id}/resources",
        json={"title": title, "kind": "guide", "audience": audience, "body": "text"},
        headers=goals.as_user(world.admin),
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_a_mentors_resource_on_a_mentees_milestone_is_listed_to_the_mentor_only(
    goals: Embedded,
) -> None:
    world = await goals.start(World(templates=[TEMPLATE]))
    for_mentors = await add(goals, world, "How to coach a plan", "mentors")
    for_mentees = await add(goals, world, "Your first plan", "mentees")
    for_both = await add(goals, world, "Course catalogue", "both")
    mentor, mentee = goals.as_user(world.mentor), goals.as_user(world.mentee)
    [goal] = (await goals.client.get(f"/v1/matches/{world.match_id}/goals", headers=mentee)).json()[
        "items"
    ]
    milestone = goal["milestones"][0]["id"]
    for resource, who in (
        (for_mentors, mentor),
        (for_mentees, mentee),
        (for_both, mentee),
    ):
        attached = await goals.client.post(
            f"/v1/resources/{resource['id']}/attachments",
            json={"milestone_id": milestone},
            headers=who,
        )
        assert attached.status_code == 201, attached.text

    async def titles(headers: dict[str, str]) -> list[str]:
        response = await goals.client.get(f"/v1/goals/{goal['id']}/resources", headers=headers)
        assert response.status_code == 200, response.text
        return sorted(r["title"] for r in response.json())

    assert await titles(mentee) == ["Course catalogue", "Your first plan"]
    assert await titles(mentor) == ["Course catalogue", "How to coach a plan"]
    assert await titles(goals.as_user(world.admin)) == [
        "Course catalogue",
        "How to coach a plan",
        "Your first plan",
    ]


async def test_only_a_resource_for_both_sides_is_shared_into_a_match(goals: Embedded) -> None:
    world = await goals.start(World())
    for_mentors = await add(goals, world, "Feedback models", "mentors")
    for_mentees = await add(goals, world, "Asking for feedback", "mentees")
    for_both = await add(goals, world, "Meeting template", "both")
    url = f"/v1/matches/{world.match_id}/shared-resources"
    mentor, mentee = goals.as_user(world.mentor), goals.as_user(world.mentee)

    async def share(resource: dict[str, Any], headers: dict[str, str]) -> Any:
        return await goals.client.post(url, json={"resource_id": resource["id"]}, headers=headers)

    by_mentor = await share(for_mentors, mentor)
    assert by_mentor.status_code == 403, by_mentor.text
    assert by_mentor.json()["code"] == "resource-audience"
    by_mentee = await share(for_mentees, mentee)
    assert by_mentee.status_code == 403, by_mentee.text
    # A resource the sharer may not see is missing to them, as anywhere else.
    unseen = await share(for_mentors, mentee)
    assert unseen.status_code == 404, unseen.text
    shared = await share(for_both, mentor)
    assert shared.status_code == 201, shared.text

    for who in (mentor, mentee):
        seen = (await goals.client.get(url, headers=who)).json()
        assert [s["resource"]["title"] for s in seen] == ["Meeting template"]
