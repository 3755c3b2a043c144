"""Webhook and Slack deliveries check their target on every attempt (a scripted resolver): a
name that now resolves to a private address is refused and recorded as a permanent failure, and
with `webhook_allow_private_targets` a local receiver is reached by name."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.backends import Backend
from tests.infra.apps import eventually
from tests.notifications import notify_events as ev
from tests.notifications.notify_harness import (
    Clock,
    Harness,
    Receiver,
    ScriptedResolver,
    running,
    service_overrides,
)

PUBLIC = "93.184.216.34"
HOOKS, SLACK = "hooks.example.test", "hooks.slack.test"


@pytest.fixture
def resolver() -> ScriptedResolver:
    return ScriptedResolver()


@contextlib.asynccontextmanager
async def start(
    backend: Backend,
    verifier: TokenVerifier,
    issuer: DevIssuer,
    clock: Clock,
    resolver: ScriptedResolver,
    **overrides: Any,
) -> AsyncIterator[Harness]:
    settings = service_overrides(**overrides)
    async with running(backend, clock, verifier, issuer, settings, resolve=resolver) as harness:
        yield harness


@pytest.fixture
async def strict_service(
    backend: Backend,
    verifier: TokenVerifier,
    issuer: DevIssuer,
    clock: Clock,
    resolver: ScriptedResolver,
) -> AsyncIterator[Harness]:
    """Production target rules: no private targets, https only."""
    strict = {"webhook_allow_private_targets": False, "webhook_require_https": True}
    async with start(backend, verifier, issuer, clock, resolver, **strict) as harness:
        yield harness


@pytest.fixture
async def local_service(
    backend: Backend,
    verifier: TokenVerifier,
    issuer: DevIssuer,
    clock: Clock,
    resolver: ScriptedResolver,
) -> AsyncIterator[Harness]:
    """Development rules: private targets and plain http allowed."""
    async with start(backend, verifier, issuer, clock, resolver) as harness:
        yield harness


async def create_endpoint(h: Harness, url: str) -> dict[str, Any]:
    response = await h.client.post(
        "/v1/webhook-endpoints", json={"url": url}, headers=h.token("ada", admin=True)
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def test_a_webhook_whose_name_now_also_resolves_to_a_private_address_fails_without_retry(
    strict_service: Harness, resolver: ScriptedResolver
) -> None:
    h = strict_service
    resolver.answers[HOOKS] = [[PUBLIC], [PUBLIC, "10.0.0.7"]]  # registration, then delivery
    endpoint = await create_endpoint(h, f"https://{HOOKS}/hook")
    await h.send(ev.goal_completed(), subject=str(ev.MATCH))
    await eventually(h.webhook_deliveries, lambda rows: len(rows) >= 1)

    await h.fire()
    h.clock.advance(hours=1)
    await h.fire()  # nothing was re-armed

    admin = h.token("ada", admin=True)
    log = await h.client.get(f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", headers=admin)
    (entry,) = log.json()["items"]
    assert (entry["status"], entry["attempts"], entry["response_status"]) == ("failed", 1, -1)
    assert entry["last_error"] == f"refused: {HOOKS} resolves to 10.0.0.7, a non-public address."
    current = await h.client.get(f"/v1/webhook-endpoints/{endpoint['id']}", headers=admin)
    assert current.json()["consecutive_failures"] == 1
    assert resolver.calls == [HOOKS, HOOKS]  # once to register, once for the one attempt


async def test_a_slack_url_resolving_to_the_metadata_service_fails_permanently(
    strict_service: Harness, resolver: ScriptedResolver
) -> None:
    h = strict_service
    resolver.answers[SLACK] = [[PUBLIC], ["169.254.169.254"]]  # registration, then delivery
    url = f"https://{SLACK}/services/T/B/x"
    preferences = {"slack_webhook_url": url, "channels": {"matches": ["slack"]}}
    response = await h.client.put("/v1/preferences", json=preferences, headers=h.token(ev.MENTEE))
    assert response.status_code == 200, response.text
    await h.send(ev.match_accepted(), subject=str(ev.MATCH))
    await eventually(h.deliveries, lambda rows: any(d.user_id == ev.MENTEE for d in rows))

    await h.fire()

    (delivery,) = [d for d in await h.deliveries() if d.user_id == ev.MENTEE]
    assert (delivery.channel, delivery.status, delivery.attempts) == ("slack", "failed", 1)
    reason = f"The Slack URL is refused: {SLACK} resolves to 169.254.169.254, a non-public address."
    assert delivery.last_error == reason
    (failed,) = await h.emitted("mentorship.notifications.notification.failed.v1")
    assert (failed["channel"], failed["attempts"], failed["error"]) == ("slack", 1, reason)


async def test_with_private_targets_allowed_a_local_receiver_is_reached_by_name(
    local_service: Harness, resolver: ScriptedResolver, receiver: Receiver
) -> None:
    h = local_service
    resolver.answers["receiver.test"] = [["127.0.0.1"]]
    endpoint = await create_endpoint(h, receiver.url_for("receiver.test"))
    event = await h.send(ev.goal_completed("Speak"), subject=str(ev.MATCH))
    await eventually(h.webhook_deliveries, lambda rows: len(rows) >= 1)

    await h.fire()

    (request,) = receiver.requests
    assert request.headers["host"] == f"receiver.test:{receiver.port}"
    assert Webhook(endpoint["secret"]).verify(request.body, request.headers)["id"] == str(event.id)
    (delivery,) = await h.webhook_deliveries()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)
    assert resolver.calls == ["receiver.test"]  # registration does not resolve when allowed
