from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.pagination import Page, PageParams, page_of, page_params
from notifications.inbox import service as inbox_service
from notifications.inbox.schemas import MarkedRead, Notification, UnreadCount

router = APIRouter(prefix="/v1/notifications", tags=["inbox"])


@router.get("", response_model=Page[Notification])
async def list_notifications(
    session: SessionDep, user: CurrentUser, page: Annotated[PageParams, Depends(page_params)]
) -> Page[Notification]:
    """The caller's in-app inbox, oldest first."""
    rows = await inbox_service.list_own(session, user, page)
    return page_of(rows, page, Notification)


@router.get("/unread-count", response_model=UnreadCount)
async def unread_count(session: SessionDep, user: CurrentUser) -> UnreadCount:
    """How many of the caller's notifications are unread."""
    return UnreadCount(unread=await inbox_service.unread_count(session, user))


@router.post("/read-all", response_model=MarkedRead)
async def mark_all_read(session: SessionDep, user: CurrentUser) -> MarkedRead:
    """Mark every unread notification of the caller read."""
    return MarkedRead(marked=await inbox_service.mark_all_read(session, user))


@router.post("/{notification_id}/read", response_model=Notification)
async def mark_read(notification_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """Mark one of the caller's notifications read."""
    return await inbox_service.mark_read(session, user, notification_id)
