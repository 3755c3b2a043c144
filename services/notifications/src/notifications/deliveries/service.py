"""Deliveries: one row per channel message, each attempt a durable job (`kit.scheduler`).

A job fires once across replicas and restarts, so an attempt is neither lost nor repeated by a
crash; each attempt has a job of its own (`<delivery id>:<seq>`), because a handler cannot re-arm
the job it runs in. Quiet hours move an attempt without spending it; digests gather deliveries
until the person's digest time, then send them as one message.
"""

from datetime import datetime, timedelta
from typing import cast
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.notifications import NotificationDeliveredV1, NotificationFailedV1
from kit.backoff import backoff_delay
from kit.events.outbox import emit
from kit.scheduler import Job, schedule
from notifications.deliveries.channels import DeliveryError, send_email, send_slack
from notifications.deliveries.repository import DeliveryRepository
from notifications.deps import Deps
from notifications.metrics import count_delivery
from notifications.models import Delivery, Notification
from notifications.preferences.policy import (
    Digest,
    next_digest_at,
    quiet_release,
)
from notifications.preferences.service import Recipient, recipient
from notifications.templating import Rendered, render
from notifications.unsubscribe.service import ALL, link_for

log = structlog.get_logger(__name__)
DELIVER_JOB = "notifications.deliver"
DIGEST_JOB = "notifications.digest"
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
WAITING_DIGEST, DIGESTED = "waiting_digest", "digested"
OUTBOUND_CHANNELS = ("email", "slack")


async def plan(
    session: AsyncSession,
    deps: Deps,
    notification: Notification,
    person: Recipient,
    *,
    urgent: bool = False,
    slack_url: str | None = None,
) -> list[Delivery]:
    """Create the email and Slack deliveries the person's preferences ask for."""
    deliveries = DeliveryRepository(session)
    now = deps.clock()
    planned = []
    for channel in OUTBOUND_CHANNELS:
        if not person.wants(notification.category, channel):
            continue
        if channel == "email" and not (person.email and deps.settings.smtp_host):
            continue
        if channel == "slack" and not (slack_url or person.slack_webhook_url):
            continue
        delivery = Delivery(
            org_id=notification.org_id,
            user_id=notification.user_id,
            notification_id=notification.id,
            channel=channel,
            target=slack_url if channel == "slack" and not person.slack_webhook_url else None,
            attempts=0,
            schedule_seq=0,
        )
        if person.digest != "immediate" and not urgent:
            delivery.status = WAITING_DIGEST
            await deliveries.add(delivery)
            digest = cast(Digest, person.digest)
            due = next_digest_at(now, person.tz, digest, deps.settings.digest_hour)
            await schedule(
                session,
                DIGEST_JOB,
                f"{person.org_id}:{person.user_id}:{channel}",
                due,
                org_id=person.org_id,
                payload={"user_id": person.user_id, "channel": channel},
            )
        else:
            delivery.status = PENDING
            await deliveries.add(delivery)
            release = quiet_release(now, person.tz, person.quiet_start, person.quiet_end)
            await arm(session, delivery, release)
        planned.append(delivery)
    return planned


async def arm(session: AsyncSession, delivery: Delivery, at: datetime) -> None:
    """Schedule the delivery's next attempt (a job of its own)."""
    delivery.schedule_seq += 1
    delivery.next_attempt_at = at
    await session.flush()
    await schedule(
        session,
        DELIVER_JOB,
        f"{delivery.id}:{delivery.schedule_seq}",
        at,
        org_id=delivery.org_id,
        payload={"delivery_id": str(delivery.id)},
    )


async def gather_digest(session: AsyncSession, deps: Deps, job: Job) -> None:
    """The digest time came: one delivery carries everything that waited for it."""
    user_id, channel = str(job.payload["user_id"]), str(job.payload["channel"])
    deliveries = DeliveryRepository(session)
    waiting = await deliveries.waiting(job.org_id, user_id, channel, WAITING_DIGEST)
    if not waiting:
        return
    digest = Delivery(
        org_id=job.org_id,
        user_id=user_id,
        notification_id=None,
        channel=channel,
        status=PENDING,
        attempts=0,
        schedule_seq=0,
    )
    await deliveries.add(digest)
    for item in waiting:
        item.status = DIGESTED
        item.digest_id = digest.id
    person = await recipient(session, job.org_id, user_id)
    now = deps.clock()
    await arm(session, digest, quiet_release(now, person.tz, person.quiet_start, person.quiet_end))


async def attempt(session: AsyncSession, deps: Deps, job: Job) -> None:
    """One attempt of one delivery; failures are recorded and retried, never raised."""
    deliveries = DeliveryRepository(session)
    delivery = await deliveries.get(UUID(str(job.payload["delivery_id"])))
    if delivery is None or delivery.status != PENDING:
        return
    now = deps.clock()
    person = await recipient(session, delivery.org_id, delivery.user_id)
    if person.deactivated:  # planned before the identity provider deactivated them
        delivery.status = FAILED
        delivery.last_error = "The person was deactivated by the organisation."
        return
    release = quiet_release(now, person.tz, person.quiet_start, person.quiet_end)
    if release > now:  # quiet hours began after it was planned: wait, without spending a try
        await arm(session, delivery, release)
        return
    notifications = await deliveries.notifications_of(delivery)
    if not notifications:
        delivery.status = FAILED
        delivery.last_error = "Nothing left to deliver."
        return
    unsubscribe = None
    if delivery.channel == "email":
        category = ALL if delivery.notification_id is None else notifications[0].category
        unsubscribe = await link_for(
            session, deps.settings, delivery.org_id, delivery.user_id, category
        )
    delivery.attempts += 1
    try:
        message = compose(delivery, notifications, person)
    except Exception as exc:
        # Rendering is deterministic: what fails now fails on every retry. Raising here would
        # roll the attempt back and leave the delivery `pending` with 0 attempts, for ever.
        log.exception("delivery_unrenderable", delivery_id=str(delivery.id))
        await _fail(session, delivery, notifications, f"The message cannot be rendered: {exc!r}")
        count_delivery(delivery.channel, "unrenderable")
        return
    try:
        await _send(deps, delivery, person, message, unsubscribe)
    except DeliveryError as exc:
        if exc.permanent or delivery.attempts >= deps.settings.delivery_max_attempts:
            await _fail(session, delivery, notifications, str(exc))
            count_delivery(delivery.channel, "failed")
            return
        delivery.last_error = str(exc)[:2000]
        delay = backoff_delay(
            delivery.attempts,
            base=deps.settings.delivery_backoff_seconds,
            cap=deps.settings.delivery_backoff_max_seconds,
            rng=deps.rng,
        )
        await arm(session, delivery, now + timedelta(seconds=delay))
        count_delivery(delivery.channel, "retried")
        return
    delivery.status = DELIVERED
    delivery.delivered_at = now
    delivery.last_error = None
    await _announce(session, delivery, notifications, error=None)
    count_delivery(delivery.channel, "delivered")


async def _send(
    deps: Deps, delivery: Delivery, person: Recipient, message: Rendered, unsubscribe: str | None
) -> None:
    """Send on the delivery's channel; every failure is a `DeliveryError`."""
    try:
        if delivery.channel == "email":
            await send_email(deps.settings, person.email, message, unsubscribe=unsubscribe)
        else:
            url = delivery.target or person.slack_webhook_url
            await send_slack(deps.settings, url, message, resolve=deps.resolve)
    except DeliveryError:
        raise
    except Exception as exc:  # a transport's surprise: recorded and retried, never lost
        log.exception("delivery_send_failed", delivery_id=str(delivery.id))
        raise DeliveryError(f"Sending failed unexpectedly: {exc!r}") from exc


async def _fail(
    session: AsyncSession, delivery: Delivery, notifications: list[Notification], error: str
) -> None:
    delivery.status = FAILED
    delivery.last_error = error[:2000]
    await _announce(session, delivery, notifications, error=error)


def compose(delivery: Delivery, notifications: list[Notification], person: Recipient) -> Rendered:
    if delivery.notification_id is None:
        items = [{"title": n.title, "body": n.body} for n in notifications]
        period = "weekly" if person.digest == "weekly" else "daily"
        context = {"recipient_name": person.name, "period": period, "items": items, "link": None}
        return render("digest", person.locale, context)
    notification = notifications[0]
    if notification.kind is None:
        context = {"title": notification.title, "body": notification.body}
        return render(
            "plain", person.locale, {"recipient_name": person.name, "link": None, **context}
        )
    return render(
        notification.kind,
        person.locale,
        {**(notification.context or {}), "recipient_name": person.name},
    )


async def _announce(
    session: AsyncSession, delivery: Delivery, notifications: list[Notification], error: str | None
) -> None:
    for notification in notifications:
        common = {
            "notification_id": notification.id,
            "delivery_id": delivery.id,
            "user_id": delivery.user_id,
            "channel": delivery.channel,
            "attempts": delivery.attempts,
        }
        payload = (
            NotificationDeliveredV1(**common)
            if error is None
            else NotificationFailedV1(**common, error=error[:500])
        )
        await emit(session, payload, subject=str(notification.id), org_id=delivery.org_id)
