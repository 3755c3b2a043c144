"""goals' admin actions (the program's library, resources on goal templates, a match's cadence
changed by an admin) each leave one audit entry; what the pair does in their match, none."""

from typing import Any

from tests.goals.conftest import GoalsService, World
from tests.goals.test_resources import TEMPLATE, add, resource


async def audited(goals: GoalsService, action: str) -> list[dict[str, Any]]:
    response = await goals.client.get(
        "/v1/audit-log",
        params={"action": action},
        headers=goals.as_user("boss", "acme", "org_admin"),
    )
    assert response.status_code == 200, response.text
    return [e for e in response.json()["items"] if e["action"] == action]


async def test_library_changes_are_audited(goals: GoalsService) -> None:
    world = await goals.start(World(templates=[TEMPLATE]))
    created = await add(goals, world, resource("Guide", "guide", "both"))
    [entry] = await audited(goals, "resource.created")
    assert (entry["actor_id"], entry["target_id"]) == (world.admin, created["id"])
    assert entry["after"]["title"] == "Guide"
    attached = await goals.client.post(
        f"/v1/resources/{created['id']}/attachments",
        json={"goal_template": TEMPLATE.title},
        headers=goals.as_user(world.admin),
    )
    assert attached.status_code == 201, attached.text
    [attachment] = await audited(goals, "resource.attached_to_goal_template")
    assert attachment["after"] == {"goal_template": TEMPLATE.title}


async def test_a_cadence_changed_by_an_admin_is_audited_by_the_pair_not(
    goals: GoalsService,
) -> None:
    world = await goals.start(World(cadence="weekly"))
    url = f"/v1/matches/{world.match_id}"
    by_pair = await goals.client.patch(
        url, json={"cadence": "biweekly"}, headers=goals.as_user(world.mentee)
    )
    assert by_pair.status_code == 200, by_pair.text
    assert await audited(goals, "match.cadence_changed_by_admin") == []
    by_admin = await goals.client.patch(
        url, json={"cadence": "monthly"}, headers=goals.as_user(world.admin)
    )
    assert by_admin.status_code == 200, by_admin.text
    [entry] = await audited(goals, "match.cadence_changed_by_admin")
    assert (entry["before"], entry["after"]) == ({"cadence": "biweekly"}, {"cadence": "monthly"})
    member = await goals.client.get("/v1/audit-log", headers=goals.as_user(world.admin))
    assert member.status_code == 403  # a program admin, not an org admin
