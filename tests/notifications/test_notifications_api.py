"""The REST API's edges: validation as problem+json, admin-only webhooks,
tenant scoping, refused targets, and a delivery that fails after its last attempt."""

from collections.abc import AsyncIterator

import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.backends import Backend
from tests.notifications import notify_events as ev
from tests.notifications.notify_harness import (
    Clock,
    Harness,
    free_port,
    running,
    service_overrides,
)


@pytest.fixture
async def strict_service(
    backend: Backend, verifier: TokenVerifier, issuer: DevIssuer, clock: Clock
) -> AsyncIterator[Harness]:
    """Production target rules (no private targets, https only) and an SMTP port nobody serves."""
    overrides = service_overrides(
        webhook_allow_private_targets=False,
        webhook_require_https=True,
        smtp_host="127.0.0.1",
        smtp_port=free_port(),
        delivery_max_attempts=2,
    )
    async with running(backend, clock, verifier, issuer, overrides) as harness:
        yield harness


@pytest.mark.parametrize(
    "url",
    [
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://127.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://localhost/hook",
        "http://hooks.example.com/plain-http",
        "ftp://example.com/x",
    ],
)
async def test_private_loopback_link_local_and_plain_http_targets_are_refused(
    strict_service: Harness, url: str
) -> None:
    h = strict_service
    response = await h.client.post(
        "/v1/webhook-endpoints", json={"url": url}, headers=h.token("ada", admin=True)
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    slack = await h.client.put(
        "/v1/preferences", json={"slack_webhook_url": url}, headers=h.token("tom")
    )
    assert slack.status_code == 422


async def test_webhook_endpoints_are_for_tenant_admins_and_scoped_to_the_tenant(
    service: Harness, receiver_url: str
) -> None:
    h = service
    member = await h.client.post(
        "/v1/webhook-endpoints", json={"url": receiver_url}, headers=h.token("tom")
    )
    assert member.status_code == 403
    created = await h.client.post(
        "/v1/webhook-endpoints", json={"url": receiver_url}, headers=h.token("ada", admin=True)
    )
    assert created.status_code == 201
    other = h.token("boss", org="globex", admin=True)
    endpoint = created.json()["id"]
    for method, path in (
        ("GET", f"/v1/webhook-endpoints/{endpoint}"),
        ("PATCH", f"/v1/webhook-endpoints/{endpoint}"),
        ("DELETE", f"/v1/webhook-endpoints/{endpoint}"),
        ("POST", f"/v1/webhook-endpoints/{endpoint}/test"),
        ("GET", f"/v1/webhook-endpoints/{endpoint}/deliveries"),
    ):
        response = await h.client.request(method, path, headers=other, json={})
        assert response.status_code == 404, (method, path)
    listed = await h.client.get("/v1/webhook-endpoints", headers=other)
    assert listed.json()["items"] == []
    unknown = await h.client.post(
        "/v1/webhook-endpoints",
        json={"url": receiver_url, "event_types": ["mentorship.nothing.happened.v1"]},
        headers=h.token("ada", admin=True),
    )
    assert unknown.status_code == 422


@pytest.fixture
def receiver_url() -> str:
    return "http://127.0.0.1:9/hook"  # never called: these tests do not fire deliveries


@pytest.mark.parametrize(
    "body",
    [
        {"channels": {"gossip": ["email"]}},
        {"channels": {"matches": ["pigeon"]}},
        {"timezone": "Mars/Olympus"},
        {"quiet_start": "22:00"},
        {"quiet_start": "25:00", "quiet_end": "07:00"},
        {"digest": "hourly"},
        {"locale": "not a locale"},
    ],
)
async def test_bad_preferences_are_422_and_change_nothing(
    service: Harness, body: dict[str, object]
) -> None:
    h = service
    response = await h.client.put("/v1/preferences", json=body, headers=h.token("tom"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    current = await h.client.get("/v1/preferences", headers=h.token("tom"))
    assert current.json()["digest"] == "immediate"
    assert current.json()["effective_timezone"] == "UTC"


async def test_an_email_that_keeps_failing_is_failed_after_its_last_attempt(
    strict_service: Harness,
) -> None:
    h = strict_service
    await h.send(ev.enrolled(ev.MENTEE, email="tom@acme.io"))
    await h.inbox_of_size(ev.MENTEE, 1)

    await h.fire()
    (delivery,) = await h.deliveries()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error is not None
    assert delivery.next_attempt_at is not None
    # Equal jitter: between half and all of the 60 s base for the first retry.
    assert 30 <= (delivery.next_attempt_at - h.clock.now).total_seconds() <= 60
    h.clock.advance(minutes=5)
    await h.fire()

    (delivery,) = await h.deliveries()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    (failed,) = await h.emitted("mentorship.notifications.notification.failed.v1")
    assert (failed["channel"], failed["attempts"], failed["user_id"]) == ("email", 2, "tom")
    own = await h.client.get("/v1/deliveries", headers=h.token(ev.MENTEE))
    assert [(d["status"], d["attempts"]) for d in own.json()["items"]] == [("failed", 2)]
