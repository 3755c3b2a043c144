"""Enterprise webhooks over real Kafka, PostgreSQL and HTTP: Standard Webhooks signatures
checked with the `standardwebhooks` library, retries, 410, rotation, test sends."""

import json
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.infra.apps import eventually
from tests.notifications.notify_events import MATCH, goal_completed, match_accepted, program
from tests.notifications.notify_harness import Harness, Receiver


async def create_endpoint(h: Harness, url: str, **body: Any) -> dict[str, Any]:
    response = await h.client.post(
        "/v1/webhook-endpoints", json={"url": url, **body}, headers=h.token("ada", admin=True)
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    assert created["secret"].startswith("whsec_")
    return created


async def queued(h: Harness, count: int) -> None:
    await eventually(h.webhook_deliveries, lambda rows: len(rows) >= count)


async def log_of(h: Harness, endpoint_id: str) -> list[dict[str, Any]]:
    response = await h.client.get(
        f"/v1/webhook-endpoints/{endpoint_id}/deliveries", headers=h.token("ada", admin=True)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_deliveries_are_signed_and_a_tampered_body_fails_verification(
    service: Harness, receiver: Receiver
) -> None:
    h = service
    endpoint = await create_endpoint(h, receiver.url, event_types=["mentorship.goals.*"])
    await h.send(match_accepted(), subject=str(MATCH))  # not subscribed: never sent
    event = await h.send(goal_completed("Speak"), subject=str(MATCH))
    await queued(h, 1)

    await h.fire()

    (request,) = receiver.requests
    verified = Webhook(endpoint["secret"]).verify(request.body, request.headers)
    assert verified["type"] == "mentorship.goals.goal.completed.v1"
    assert verified["id"] == str(event.id)
    assert verified["data"]["title"] == "Speak"
    assert request.headers["webhook-id"] == str(event.id)
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(
            request.body.replace(b"Speak", b"Sneak"), request.headers
        )
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 44).verify(request.body, request.headers)
    (entry,) = await log_of(h, endpoint["id"])
    assert (entry["status"], entry["attempts"], entry["response_status"]) == ("delivered", 1, 200)


async def test_a_500_is_retried_with_backoff_and_then_succeeds(
    service: Harness, receiver: Receiver
) -> None:
    h = service
    endpoint = await create_endpoint(h, receiver.url)
    receiver.statuses = [500]
    await h.send(goal_completed(), subject=str(MATCH))
    await queued(h, 1)

    await h.fire()
    (entry,) = await log_of(h, endpoint["id"])
    assert (entry["status"], entry["attempts"], entry["response_status"]) == ("pending", 1, 500)
    assert "500" in entry["last_error"]
    await h.fire()  # the retry waits for its backoff
    assert len(receiver.requests) == 1

    h.clock.advance(minutes=2)
    await h.fire()
    (entry,) = await log_of(h, endpoint["id"])
    assert (entry["status"], entry["attempts"]) == ("delivered", 2)
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]


async def test_a_410_disables_the_endpoint_and_tells_the_tenants_admins(
    service: Harness, receiver: Receiver
) -> None:
    h = service
    await h.send(program(admins=["zoe"]), subject="program")
    await eventually(h.programs, lambda names: len(names) == 1)
    endpoint = await create_endpoint(h, receiver.url, event_types=["mentorship.goals.*"])
    receiver.statuses = [410]
    await h.send(goal_completed(), subject=str(MATCH))
    await queued(h, 1)

    await h.fire()

    response = await h.client.get(
        f"/v1/webhook-endpoints/{endpoint['id']}", headers=h.token("ada", admin=True)
    )
    assert response.json()["enabled"] is False
    assert "410" in response.json()["disabled_reason"]
    for admin in ("ada", "zoe"):
        (alert,) = await h.inbox_of_size(admin, 1)
        assert (alert["category"], alert["title"]) == ("admin", "Webhook endpoint disabled")
    await h.send(goal_completed("Later"), subject=str(MATCH))
    await h.inbox_of_size("tom", 2)  # handled, and not queued for the disabled endpoint
    assert len(await h.webhook_deliveries()) == 1


async def test_rotation_signs_with_both_secrets_and_test_send_reaches_the_receiver(
    service: Harness, receiver: Receiver
) -> None:
    h = service
    admin = h.token("ada", admin=True)
    endpoint = await create_endpoint(h, receiver.url)
    rotated = await h.client.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/rotate-secret", headers=admin
    )
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["secret"] != endpoint["secret"]

    sent = await h.client.post(f"/v1/webhook-endpoints/{endpoint['id']}/test", headers=admin)
    assert sent.status_code == 202, sent.text
    await h.fire()

    (request,) = receiver.requests
    for secret in (endpoint["secret"], rotated.json()["secret"]):
        assert Webhook(secret).verify(request.body, request.headers)["type"].endswith("tested.v1")
    h.clock.advance(hours=25)  # the old secret's grace is over
    await h.client.post(f"/v1/webhook-endpoints/{endpoint['id']}/test", headers=admin)
    await h.fire()
    latest = receiver.requests[-1]
    Webhook(rotated.json()["secret"]).verify(latest.body, latest.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(latest.body, latest.headers)


async def test_slack_messages_go_to_the_persons_incoming_webhook(
    service: Harness, receiver: Receiver
) -> None:
    h = service
    response = await h.client.put(
        "/v1/preferences",
        json={"slack_webhook_url": receiver.url, "channels": {"matches": ["slack"]}},
        headers=h.token("tom"),
    )
    assert response.status_code == 200, response.text
    receiver.statuses = [503]
    await h.send(match_accepted(), subject=str(MATCH))
    await eventually(h.deliveries, lambda rows: len(rows) >= 1)

    await h.fire()
    h.clock.advance(minutes=2)
    await h.fire()

    first, second = receiver.requests
    assert first.body == second.body
    message = json.loads(second.body)
    assert message["text"].startswith("*Your match with maria is confirmed*\n")
    (delivery,) = [d for d in await h.deliveries() if d.user_id == "tom"]
    assert (delivery.channel, delivery.status, delivery.attempts) == ("slack", "delivered", 2)
    assert await h.inbox("tom") == []  # in-app is off for matches now
