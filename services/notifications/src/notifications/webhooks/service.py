"""Enterprise webhook endpoints of a tenant: administration, rotation and test sends."""

from datetime import timedelta
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from kit import audit
from kit.auth import Principal
from kit.errors import ConflictError, NotFoundError, UnprocessableError
from kit.pagination import PageParams
from notifications.deps import Deps
from notifications.directory.service import remember_org_admin
from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.webhooks import delivery as webhook_delivery
from notifications.webhooks.repository import WebhookRepository
from notifications.webhooks.schemas import WebhookEndpointCreate, WebhookEndpointUpdate
from notifications.webhooks.signing import new_secret
from notifications.webhooks.targets import TargetRefusedError, check_target

TEST_EVENT_TYPE = "mentorship.notifications.webhook.tested.v1"


async def _admin_writing(session: AsyncSession, user: Principal) -> None:
    """An org admin changing webhooks is remembered, to hear about them later. Only writes
    remember: a GET runs without a transaction and must not write (`kit.db.read_only`)."""
    user.require_org_admin()
    await remember_org_admin(session, user)


def audited(endpoint: WebhookEndpoint) -> dict[str, object]:
    """An endpoint as the audit log shows it: never its secrets."""
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": list(endpoint.event_types),
        "enabled": endpoint.enabled,
    }


async def _checked_url(url: str, deps: Deps) -> str:
    try:
        await check_target(url, deps.settings, deps.resolve)
    except TargetRefusedError as exc:
        raise UnprocessableError(f"The URL is refused: {exc}", field="url") from exc
    return url


async def get(session: AsyncSession, user: Principal, endpoint_id: UUID) -> WebhookEndpoint:
    user.require_org_admin()
    endpoint = await WebhookRepository(session).endpoint(user.org_id, endpoint_id)
    if endpoint is None:
        raise NotFoundError(f"Webhook endpoint {endpoint_id} does not exist.")
    return endpoint


async def create(
    session: AsyncSession, deps: Deps, user: Principal, data: WebhookEndpointCreate
) -> WebhookEndpoint:
    await _admin_writing(session, user)
    endpoint = WebhookEndpoint(
        org_id=user.org_id,
        url=await _checked_url(data.url, deps),
        description=data.description,
        event_types=data.event_types,
        secret=new_secret(),
        enabled=True,
        consecutive_failures=0,
        created_by=user.user_id,
        created_at=deps.clock(),
    )
    await WebhookRepository(session).add(endpoint)
    await audit.record(
        session,
        user,
        "webhook_endpoint.created",
        "webhook_endpoint",
        endpoint.id,
        after=audited(endpoint),
    )
    return endpoint


async def list_all(
    session: AsyncSession, user: Principal, page: PageParams
) -> list[WebhookEndpoint]:
    user.require_org_admin()
    return await WebhookRepository(session).endpoints(user.org_id, page)


async def update(
    session: AsyncSession,
    deps: Deps,
    user: Principal,
    endpoint_id: UUID,
    data: WebhookEndpointUpdate,
) -> WebhookEndpoint:
    await _admin_writing(session, user)
    endpoint = await get(session, user, endpoint_id)
    before = audited(endpoint)
    if data.url is not None:
        endpoint.url = await _checked_url(data.url, deps)
    if data.description is not None:
        endpoint.description = data.description
    if data.event_types is not None:
        endpoint.event_types = data.event_types
    if data.enabled is not None:
        endpoint.enabled = data.enabled
        endpoint.disabled_reason = None if data.enabled else "Disabled by an admin."
        endpoint.consecutive_failures = 0
    await session.flush()
    old, new = audit.changes(before, audited(endpoint))
    if new:
        await audit.record(
            session,
            user,
            "webhook_endpoint.updated",
            "webhook_endpoint",
            endpoint.id,
            before=old,
            after=new,
        )
    return endpoint


async def delete(session: AsyncSession, user: Principal, endpoint_id: UUID) -> None:
    await _admin_writing(session, user)
    endpoint = await get(session, user, endpoint_id)
    await audit.record(
        session,
        user,
        "webhook_endpoint.deleted",
        "webhook_endpoint",
        endpoint.id,
        before=audited(endpoint),
    )
    await WebhookRepository(session).delete(endpoint)


async def rotate_secret(
    session: AsyncSession, deps: Deps, user: Principal, endpoint_id: UUID
) -> WebhookEndpoint:
    """A new secret signs from now on; the old one co-signs for the grace period."""
    await _admin_writing(session, user)
    endpoint = await get(session, user, endpoint_id)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = deps.clock() + timedelta(
        hours=deps.settings.webhook_secret_grace_hours
    )
    endpoint.secret = new_secret()
    await session.flush()
    await audit.record(
        session,
        user,
        "webhook_endpoint.secret_rotated",
        "webhook_endpoint",
        endpoint.id,
        after={"previous_secret_expires_at": endpoint.previous_secret_expires_at},
    )
    return endpoint


async def send_test(
    session: AsyncSession, deps: Deps, user: Principal, endpoint_id: UUID
) -> WebhookDelivery:
    await _admin_writing(session, user)
    endpoint = await get(session, user, endpoint_id)
    if not endpoint.enabled:
        raise ConflictError("The endpoint is disabled; enable it before testing it.")
    event_id = str(uuid4())
    return await webhook_delivery.enqueue(
        session,
        deps,
        endpoint,
        event_id=event_id,
        event_type=TEST_EVENT_TYPE,
        body={
            "id": event_id,
            "type": TEST_EVENT_TYPE,
            "timestamp": deps.clock().isoformat(),
            "data": {"endpoint_id": str(endpoint.id), "requested_by": user.user_id},
        },
    )


async def deliveries(
    session: AsyncSession, user: Principal, endpoint_id: UUID, page: PageParams
) -> list[WebhookDelivery]:
    endpoint = await get(session, user, endpoint_id)
    return await WebhookRepository(session).deliveries(user.org_id, endpoint.id, page)
