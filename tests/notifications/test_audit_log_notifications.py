"""Webhook endpoints and a program's Slack channel: each admin change leaves one audit entry,
with before/after and never a secret (an endpoint's signing secret, a Slack webhook URL)."""

from typing import Any

from tests.infra.apps import eventually
from tests.notifications.notify_events import PROGRAM, program
from tests.notifications.notify_harness import Harness, Receiver

ENDPOINTS = "/v1/webhook-endpoints"


async def audited(h: Harness, action: str) -> list[dict[str, Any]]:
    response = await h.client.get(
        "/v1/audit-log", params={"action": action}, headers=h.token("ada", admin=True)
    )
    assert response.status_code == 200, response.text
    return [e for e in response.json()["items"] if e["action"] == action]


async def test_webhook_endpoint_changes_are_audited_without_secrets(
    service: Harness, receiver: Receiver
) -> None:
    h = service
    admin = h.token("ada", admin=True)
    created = await h.client.post(
        ENDPOINTS, json={"url": receiver.url, "event_types": ["mentorship.goals.*"]}, headers=admin
    )
    assert created.status_code == 201, created.text
    endpoint = created.json()
    url = f"{ENDPOINTS}/{endpoint['id']}"
    [entry] = await audited(h, "webhook_endpoint.created")
    assert (entry["actor_id"], entry["target_id"]) == ("ada", endpoint["id"])
    assert entry["after"]["url"] == receiver.url

    assert (await h.client.patch(url, json={"enabled": False}, headers=admin)).status_code == 200
    [updated] = await audited(h, "webhook_endpoint.updated")
    assert (updated["before"], updated["after"]) == ({"enabled": True}, {"enabled": False})

    rotated = await h.client.post(f"{url}/rotate-secret", headers=admin)
    assert rotated.status_code == 200
    assert len(await audited(h, "webhook_endpoint.secret_rotated")) == 1

    assert (await h.client.delete(url, headers=admin)).status_code == 204
    [deleted] = await audited(h, "webhook_endpoint.deleted")
    assert deleted["before"]["event_types"] == ["mentorship.goals.*"]

    log = await h.client.get("/v1/audit-log.csv", headers=admin)
    for secret in (endpoint["secret"], rotated.json()["secret"]):
        assert secret not in log.text
    member = await h.client.get("/v1/audit-log", headers=h.token("tom"))
    assert member.status_code == 403
    other_org = await h.client.get("/v1/audit-log", headers=h.token("boss", "globex", True))
    assert other_org.json()["items"] == []


async def test_a_program_slack_channel_change_is_audited_by_its_host_only(
    service: Harness, receiver: Receiver
) -> None:
    h = service
    await h.send(program(admins=["pam"]))
    await eventually(h.programs, lambda known: len(known) == 1)
    url = f"/v1/programs/{PROGRAM}/slack"
    pam = h.token("pam")
    saved = await h.client.put(url, json={"slack_webhook_url": receiver.url}, headers=pam)
    assert saved.status_code == 200, saved.text
    again = await h.client.put(url, json={"slack_webhook_url": receiver.url}, headers=pam)
    assert again.status_code == 200
    [entry] = await audited(h, "program.slack_channel_set")
    assert (entry["actor_id"], entry["target_id"]) == ("pam", str(PROGRAM))
    assert entry["before"] == {"configured": False, "host": None}
    assert entry["after"] == {"configured": True, "host": "127.0.0.1"}
    log = await h.client.get("/v1/audit-log.csv", headers=h.token("ada", admin=True))
    assert receiver.url not in log.text
