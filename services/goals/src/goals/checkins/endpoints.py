from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status

from goals.checkins import service as checkin_service
from goals.checkins.schemas import (
    Checkin,
    CheckinCancel,
    CheckinComplete,
    CheckinCreate,
    CheckinReschedule,
    CheckinUpdate,
    NoteCreate,
)
from goals.deps import SettingsDep
from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.batch import Items, ids_query
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_params

router = APIRouter(prefix="/v1", tags=["check-ins"])


@router.post(
    "/matches/{match_id}/checkins", response_model=Checkin, status_code=status.HTTP_201_CREATED
)
async def schedule_checkin(
    match_id: UUID,
    data: CheckinCreate,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    idempotency: IdempotencyKey,
) -> object:
    """Schedule a check-in (either participant)."""
    return await idempotency.run(
        session,
        user,
        data,
        lambda: checkin_service.create(session, user, settings, match_id, data),
        Checkin,
    )


@router.get("/matches/{match_id}/checkins", response_model=Page[Checkin])
async def list_checkins(
    match_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[Checkin]:
    return await checkin_service.list_checkins(session, user, match_id, page)


# Declared before /checkins/{checkin_id}, which would otherwise take "next" for an id.
@router.get("/checkins/next", response_model=Items[Checkin])
async def next_checkins(
    session: SessionDep,
    user: CurrentUser,
    match_ids: Annotated[list[UUID], ids_query("match_ids", "match")],
) -> Items[Checkin]:
    """The earliest scheduled check-in of each of many matches, in the order asked; matches
    without one, and those the caller may not see (as in the single read), are left out."""
    return Items[Checkin](items=await checkin_service.next_of_matches(session, user, match_ids))


@router.get("/checkins/{checkin_id}", response_model=Checkin)
async def get_checkin(checkin_id: UUID, session: SessionDep, user: CurrentUser) -> Checkin:
    return await checkin_service.get(session, user, checkin_id)


@router.patch("/checkins/{checkin_id}", response_model=Checkin)
async def update_checkin(
    checkin_id: UUID,
    data: CheckinUpdate,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
) -> Checkin:
    """Change the agenda, the meeting link or the duration."""
    return await checkin_service.update(session, user, settings, checkin_id, data)


@router.post("/checkins/{checkin_id}/reschedule", response_model=Checkin)
async def reschedule_checkin(
    checkin_id: UUID,
    data: CheckinReschedule,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
) -> Checkin:
    """Move a check-in; calendars update the same event (same UID, higher SEQUENCE)."""
    return await checkin_service.reschedule(session, user, settings, checkin_id, data)


@router.post("/checkins/{checkin_id}/cancel", response_model=Checkin)
async def cancel_checkin(
    checkin_id: UUID, data: CheckinCancel, session: SessionDep, user: CurrentUser
) -> Checkin:
    return await checkin_service.cancel_checkin(session, user, checkin_id, data)


@router.post("/checkins/{checkin_id}/complete", response_model=Checkin)
async def complete_checkin(
    checkin_id: UUID,
    data: CheckinComplete,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
) -> Checkin:
    """Mark a check-in done; the next one is scheduled from the match's cadence."""
    return await checkin_service.complete(session, user, settings, checkin_id, data)


@router.post("/checkins/{checkin_id}/notes", response_model=Checkin, status_code=201)
async def add_note(
    checkin_id: UUID, data: NoteCreate, session: SessionDep, user: CurrentUser
) -> Checkin:
    """A note on a check-in: shared with the partner, or private to its author."""
    return await checkin_service.add_note(session, user, checkin_id, data)
