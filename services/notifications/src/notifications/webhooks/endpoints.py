from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_of, page_params
from notifications.deps import DepsDep
from notifications.webhooks import service as webhook_service
from notifications.webhooks.schemas import (
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointCreate,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["webhooks"])
Paging = Annotated[PageParams, Depends(page_params)]


@router.post("", response_model=WebhookEndpointWithSecret, status_code=status.HTTP_201_CREATED)
async def create_endpoint(
    data: WebhookEndpointCreate,
    session: SessionDep,
    user: CurrentUser,
    deps: DepsDep,
    idempotency: IdempotencyKey,
) -> object:
    """Register a webhook endpoint of the caller's organisation (org admins); the answer shows
    its signing secret, once."""
    return await idempotency.run(
        session,
        user,
        data,
        lambda: webhook_service.create(session, deps, user, data),
        WebhookEndpointWithSecret,
    )


@router.get("", response_model=Page[WebhookEndpoint])
async def list_endpoints(
    session: SessionDep, user: CurrentUser, page: Paging
) -> Page[WebhookEndpoint]:
    """The organisation's webhook endpoints (org admins)."""
    return page_of(await webhook_service.list_all(session, user, page), page, WebhookEndpoint)


@router.get("/{endpoint_id}", response_model=WebhookEndpoint)
async def get_endpoint(endpoint_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    return await webhook_service.get(session, user, endpoint_id)


@router.patch("/{endpoint_id}", response_model=WebhookEndpoint)
async def update_endpoint(
    endpoint_id: UUID,
    data: WebhookEndpointUpdate,
    session: SessionDep,
    user: CurrentUser,
    deps: DepsDep,
) -> object:
    """Change the URL, event types or description; `enabled: true` re-enables it."""
    return await webhook_service.update(session, deps, user, endpoint_id, data)


@router.delete("/{endpoint_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_endpoint(endpoint_id: UUID, session: SessionDep, user: CurrentUser) -> Response:
    await webhook_service.delete(session, user, endpoint_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{endpoint_id}/rotate-secret", response_model=WebhookEndpointWithSecret)
async def rotate_secret(
    endpoint_id: UUID, session: SessionDep, user: CurrentUser, deps: DepsDep
) -> object:
    """A new signing secret; the previous one keeps co-signing for the grace period."""
    return await webhook_service.rotate_secret(session, deps, user, endpoint_id)


@router.post(
    "/{endpoint_id}/test", response_model=WebhookDelivery, status_code=status.HTTP_202_ACCEPTED
)
async def send_test(
    endpoint_id: UUID, session: SessionDep, user: CurrentUser, deps: DepsDep
) -> object:
    """Queue a signed test event to the endpoint; follow it in the delivery log."""
    return await webhook_service.send_test(session, deps, user, endpoint_id)


@router.get("/{endpoint_id}/deliveries", response_model=Page[WebhookDelivery])
async def list_deliveries(
    endpoint_id: UUID, session: SessionDep, user: CurrentUser, page: Paging
) -> Page[WebhookDelivery]:
    """The endpoint's delivery log, oldest first: status, attempts, last error."""
    rows = await webhook_service.deliveries(session, user, endpoint_id, page)
    return page_of(rows, page, WebhookDelivery)
