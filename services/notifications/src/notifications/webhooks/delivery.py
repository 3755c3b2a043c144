"""Sending events to webhook endpoints: fan-out, signed attempts, retries, disabling.

Like person deliveries, each attempt is a durable job of its own, fired once across replicas.
A 410 disables the endpoint at once; so do `webhook_disable_after_failures` deliveries in a row
that failed after all their retries. Either way the tenant's admins are told.
"""

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from kit.backoff import backoff_delay
from kit.events.envelope import Event
from kit.scheduler import Job, schedule
from notifications.deps import Deps
from notifications.directory.service import tenant_admins
from notifications.dispatch import derived_event_id, notify
from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks.egress import UnreachableError, post
from notifications.webhooks.repository import WebhookRepository
from notifications.webhooks.schemas import WILDCARD
from notifications.webhooks.signing import signed_headers
from notifications.webhooks.targets import TargetRefusedError

log = structlog.get_logger(__name__)
WEBHOOK_JOB = "notifications.webhook"
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


def subscribed(endpoint: WebhookEndpoint, event_type: str) -> bool:
    if not endpoint.event_types:
        return True
    for pattern in endpoint.event_types:
        if pattern.endswith(WILDCARD):
            if event_type.startswith(pattern.removesuffix("*")):
                return True
        elif pattern == event_type:
            return True
    return False


async def fan_out(session: AsyncSession, deps: Deps, event: Event) -> int:
    """Queue the event for every enabled endpoint of its tenant that subscribes to it."""
    body = {
        "id": str(event.id),
        "type": event.type,
        "timestamp": event.time.isoformat(),
        "subject": event.subject,
        "data": event.data,
    }
    queued = 0
    for endpoint in await WebhookRepository(session).enabled_endpoints(event.org_id):
        if subscribed(endpoint, event.type):
            await enqueue(
                session, deps, endpoint, event_id=str(event.id), event_type=event.type, body=body
            )
            queued += 1
    return queued


async def enqueue(
    session: AsyncSession,
    deps: Deps,
    endpoint: WebhookEndpoint,
    *,
    event_id: str,
    event_type: str,
    body: dict[str, Any],
) -> WebhookDelivery:
    webhooks = WebhookRepository(session)
    existing = await webhooks.delivery_for_event(endpoint.id, event_id)
    if existing is not None:
        return existing
    delivery = WebhookDelivery(
        org_id=endpoint.org_id,
        endpoint_id=endpoint.id,
        event_id=event_id,
        event_type=event_type,
        payload=json.dumps(body, separators=(",", ":"), default=str),
        status=PENDING,
        attempts=0,
        schedule_seq=0,
        created_at=deps.clock(),
    )
    await webhooks.add(delivery)
    await _arm(session, delivery, deps.clock())
    return delivery


async def _arm(session: AsyncSession, delivery: WebhookDelivery, at: datetime) -> None:
    delivery.schedule_seq += 1
    delivery.next_attempt_at = at
    await session.flush()
    await schedule(
        session,
        WEBHOOK_JOB,
        f"{delivery.id}:{delivery.schedule_seq}",
        at,
        org_id=delivery.org_id,
        payload={"delivery_id": str(delivery.id)},
    )


def _secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    signing = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and expires > now:
        signing.append(endpoint.previous_secret)
    return signing


async def attempt(session: AsyncSession, deps: Deps, job: Job) -> None:
    webhooks = WebhookRepository(session)
    delivery = await webhooks.delivery(UUID(str(job.payload["delivery_id"])))
    if delivery is None or delivery.status != PENDING:
        return
    endpoint = await webhooks.endpoint(delivery.org_id, delivery.endpoint_id)
    if endpoint is None or not endpoint.enabled:
        delivery.status = FAILED
        delivery.last_error = "The endpoint is disabled."
        return
    now = deps.clock()
    delivery.attempts += 1
    status, error = await _post(deps, endpoint, delivery, now)
    delivery.response_status = status
    if status is not None and 200 <= status < 300:
        delivery.status = DELIVERED
        delivery.delivered_at = now
        delivery.last_error = None
        endpoint.consecutive_failures = 0
        return
    delivery.last_error = error
    if status == 410:
        delivery.status = FAILED
        await _disable(session, deps, endpoint, delivery, "the receiver answered 410 Gone")
        return
    if delivery.attempts < deps.settings.delivery_max_attempts and status != -1:
        delay = backoff_delay(
            delivery.attempts,
            base=deps.settings.delivery_backoff_seconds,
            cap=deps.settings.delivery_backoff_max_seconds,
            rng=deps.rng,
        )
        await _arm(session, delivery, now + timedelta(seconds=delay))
        return
    delivery.status = FAILED
    endpoint.consecutive_failures += 1
    if endpoint.consecutive_failures >= deps.settings.webhook_disable_after_failures:
        reason = f"{endpoint.consecutive_failures} deliveries in a row failed ({error})"
        await _disable(session, deps, endpoint, delivery, reason)


async def _post(
    deps: Deps, endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: datetime
) -> tuple[int | None, str | None]:
    """(status, error); status -1 means refused before sending (never worth a retry).

    The host is resolved and checked once, and the request goes to exactly the addresses that
    passed (`notifications.webhooks.egress`), so DNS rebinding cannot redirect it.
    """
    # The signature's timestamp is the real sending time: receivers check it against their clock.
    headers = signed_headers(
        delivery.event_id, delivery.payload, _secrets(endpoint, now), datetime.now(UTC)
    )
    headers.update({"content-type": "application/json", "user-agent": "mentorship-webhooks/1"})
    try:
        answer = await post(
            endpoint.url, delivery.payload.encode(), headers, deps.settings, resolve=deps.resolve
        )
    except TargetRefusedError as exc:
        return -1, f"refused: {exc}"
    except UnreachableError as exc:
        return None, f"unreachable: {exc}"[:2000]
    except Exception as exc:  # a transport's surprise: recorded and retried, never lost
        log.exception("webhook_send_failed", delivery_id=str(delivery.id))
        return None, f"failed unexpectedly: {exc!r}"[:2000]
    if answer.is_success:
        return answer.status, None
    return answer.status, f"HTTP {answer.status}: {answer.text[:200]}"


async def _disable(
    session: AsyncSession,
    deps: Deps,
    endpoint: WebhookEndpoint,
    delivery: WebhookDelivery,
    reason: str,
) -> None:
    endpoint.enabled = False
    endpoint.disabled_reason = reason[:500]
    await session.flush()
    for admin in sorted(set(await tenant_admins(session, endpoint.org_id)) | {endpoint.created_by}):
        await notify(
            session,
            deps,
            org_id=endpoint.org_id,
            user_id=admin,
            source_event_id=derived_event_id("webhook-disabled", delivery.id),
            kind="webhook_disabled",
            category="admin",
            context={"url": endpoint.url, "reason": reason},
            urgent=True,
        )
