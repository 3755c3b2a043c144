"""The program's resource library: audiences, attachments to templates and milestones,
sharing within a match, and the mentor's onboarding checklist."""

from typing import Any

from contracts.matching import GoalTemplate
from tests.goals.conftest import Embedded, World

TEMPLATE = GoalTemplate(
    title="Build a learning plan",
    description="Write down what you will learn in the next three months and how.",
    due_after_days=30,
    milestones=["Pick three skills", "Find a course for each"],
)


def resource(title: str, kind: str, audience: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "kind": kind, "audience": audience, "body": f"{title} text", **extra}


async def add(goals: Embedded, world: World, body: dict[str, Any]) -> dict[str, Any]:
    response = await goals.client.post(
        f"/v1/programs/{world.program_id}/resources", json=body, headers=goals.as_user(world.admin)
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_each_side_sees_the_resources_meant_for_it(goals: Embedded) -> None:
    world = await goals.start(World(templates=[TEMPLATE]))
    await add(goals, world, resource("Mentoring 101", "training", "mentors"))
    await add(goals, world, resource("Setting goals", "guide", "mentees"))
    await add(goals, world, resource("Meeting template", "template", "both"))
    url = f"/v1/programs/{world.program_id}/resources"

    async def titles(headers: dict[str, str]) -> list[str]:
        return [r["title"] for r in (await goals.client.get(url, headers=headers)).json()]

    assert await titles(goals.as_user(world.mentor)) == ["Mentoring 101", "Meeting template"]
    assert await titles(goals.as_user(world.mentee)) == ["Setting goals", "Meeting template"]
    assert len(await titles(goals.as_user(world.admin))) == 3
    stranger = await goals.client.get(url, headers=goals.as_user("eve"))
    assert stranger.status_code == 404
    by_mentee = await goals.client.post(
        url, json=resource("Mine", "guide", "both"), headers=goals.as_user(world.mentee)
    )
    assert by_mentee.status_code == 403
    empty = await goals.client.post(
        url, json={"title": "Nothing", "kind": "guide"}, headers=goals.as_user(world.admin)
    )
    assert empty.status_code == 422


async def test_resources_attach_to_templates_and_milestones_and_reach_the_goal(
    goals: Embedded,
) -> None:
    world = await goals.start(World(templates=[TEMPLATE]))
    on_template = await add(
        goals,
        world,
        resource("Learning plan example", "template", "mentees", goal_templates=[TEMPLATE.title]),
    )
    course_list = await add(
        goals, world, resource("Course catalogue", "guide", "both", url="https://learn.acme.io")
    )
    mentee = goals.as_user(world.mentee)
    [goal] = (await goals.client.get(f"/v1/matches/{world.match_id}/goals", headers=mentee)).json()[
        "items"
    ]
    attached = await goals.client.post(
        f"/v1/resources/{course_list['id']}/attachments",
        json={"milestone_id": goal["milestones"][1]["id"]},
        headers=mentee,
    )
    assert attached.status_code == 201, attached.text
    found = await goals.client.get(f"/v1/goals/{goal['id']}/resources", headers=mentee)
    assert sorted(r["title"] for r in found.json()) == ["Course catalogue", "Learning plan example"]
    assert on_template["goal_templates"] == [TEMPLATE.title]
    unknown = await goals.client.post(
        f"/v1/resources/{course_list['id']}/attachments",
        json={"goal_template": "No such template"},
        headers=goals.as_user(world.admin),
    )
    assert unknown.status_code == 422


async def test_a_participant_shares_a_resource_with_their_partner(goals: Embedded) -> None:
    world = await goals.start(World())
    guide = await add(goals, world, resource("Feedback models", "guide", "both"))
    url = f"/v1/matches/{world.match_id}/shared-resources"
    shared = await goals.client.post(
        url,
        json={"resource_id": guide["id"], "note": "Read before Thursday"},
        headers=goals.as_user(world.mentor),
    )
    assert shared.status_code == 201, shared.text
    seen = await goals.client.get(url, headers=goals.as_user(world.mentee))
    assert [(s["resource"]["title"], s["shared_by"]) for s in seen.json()] == [
        ("Feedback models", world.mentor)
    ]
    outsider = await goals.client.get(url, headers=goals.as_user("eve"))
    assert outsider.status_code == 404


async def test_mentors_work_through_their_onboarding_checklist(goals: Embedded) -> None:
    world = await goals.start(World())
    first = await add(goals, world, resource("Mentoring 101", "training", "mentors"))
    await add(goals, world, resource("Difficult conversations", "training", "both"))
    await add(goals, world, resource("Mentee basics", "training", "mentees"))
    await add(goals, world, resource("FAQ", "guide", "mentors"))
    mentor = goals.as_user(world.mentor)
    url = f"/v1/programs/{world.program_id}/onboarding"
    before = (await goals.client.get(url, headers=mentor)).json()
    assert (before["completed"], before["total"]) == (0, 2)
    for _ in range(2):  # completing twice counts once
        done = await goals.client.post(f"/v1/resources/{first['id']}/completion", headers=mentor)
        assert done.status_code == 200, done.text
    after = done.json()
    assert (after["completed"], after["total"]) == (1, 2)
    assert [i["resource"]["title"] for i in after["items"] if i["completed_at"]] == [
        "Mentoring 101"
    ]
    mentee = await goals.client.get(url, headers=goals.as_user(world.mentee))
    assert mentee.status_code == 403
