"""GET /v1/me: the signed-in person's active matches with their goals, next check-ins, and the
draft goals awaiting their acknowledgement as mentor, scoped by the token alone."""

from typing import Any

from contracts.matching import GoalTemplate
from tests.goals.conftest import Embedded, World

TEMPLATE = GoalTemplate(
    title="Map your strengths",
    description="Complete the strengths survey and discuss it with your mentor.",
    due_after_days=30,
    milestones=["Take the survey", "Discuss the results"],
)


async def me(goals: Embedded, user: str, org: str = "acme", **params: str) -> dict[str, Any]:
    response = await goals.client.get("/v1/me", headers=goals.as_user(user, org), params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_viewer_sees_their_goals_next_checkins_and_goals_to_acknowledge(
    goals: Embedded,
) -> None:
    ours = await goals.start(World(templates=[TEMPLATE]))
    other = await goals.start(World(templates=[TEMPLATE], mentee="zoe", mentor="max"))
    # Maria mentors both Tom and, in another match, Ann.
    second = await goals.start(World(templates=[TEMPLATE], mentee="ann"))
    await goals.start(World(org="globex", templates=[TEMPLATE]))

    tom = await me(goals, ours.mentee)
    assert tom["match_ids"] == [str(ours.match_id)]
    [goal] = tom["goals"]
    assert goal["title"] == TEMPLATE.title
    assert [m["title"] for m in goal["milestones"]] == TEMPLATE.milestones
    [checkin] = tom["next_checkins"]
    assert (checkin["match_id"], checkin["status"]) == (str(ours.match_id), "scheduled")
    assert tom["goals_to_acknowledge"] == []  # the mentee does not acknowledge

    maria = await me(goals, ours.mentor)
    assert sorted(maria["match_ids"]) == sorted([str(ours.match_id), str(second.match_id)])
    assert len(maria["next_checkins"]) == 2
    starts = [c["starts_at"] for c in maria["next_checkins"]]
    assert starts == sorted(starts)
    assert sorted(maria["goals_to_acknowledge"]) == sorted(g["id"] for g in maria["goals"])
    assert goal["id"] in maria["goals_to_acknowledge"]

    # Acknowledged, the goal leaves her to-do list; nothing else changes.
    ack = await goals.client.post(
        f"/v1/goals/{goal['id']}/acknowledge", headers=goals.as_user(ours.mentor)
    )
    assert ack.status_code == 200, ack.text
    maria = await me(goals, ours.mentor)
    assert goal["id"] not in maria["goals_to_acknowledge"]
    assert len(maria["goals_to_acknowledge"]) == 1

    # Strangers, admins of the program and the same name in another tenant see none of it:
    # "me" is the token's user, and a parameter does not change who that is.
    for user, org in (("stranger", "acme"), (ours.admin, "acme"), (ours.mentee, "globex")):
        view = await me(goals, user, org, user_id=ours.mentee)
        assert str(ours.match_id) not in view["match_ids"]
        assert all(g["match_id"] != str(ours.match_id) for g in view["goals"])
    assert str(other.match_id) not in maria["match_ids"]
    assert (await goals.client.get("/v1/me")).status_code == 401
