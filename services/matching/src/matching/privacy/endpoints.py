from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status

from kit import privacy
from kit.app import SessionDep
from kit.auth import CurrentUser
from matching.privacy import service as privacy_service
from matching.privacy.schemas import (
    ErasureRequest,
    PersonalData,
    PrivacySettings,
    PrivacySettingsUpdate,
)

router = APIRouter(prefix="/v1", tags=["privacy"])

UserId = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/people/{user_id}/export", response_model=PersonalData)
async def export_person(
    request: Request, session: SessionDep, user: CurrentUser, user_id: UserId
) -> PersonalData:
    """Every row matching holds about the person (GDPR articles 15 and 20): for the person
    themself or an org admin of their organisation; anyone else, or a person of whom nothing is
    held here, gets 404."""
    exported = await privacy_service.export(session, user, user_id)
    await privacy.audit_export(request, session, user, user_id)
    return exported


@router.post(
    "/people/{user_id}/erasure",
    response_model=ErasureRequest,
    status_code=status.HTTP_202_ACCEPTED,
)
async def request_erasure(
    session: SessionDep, user: CurrentUser, user_id: UserId
) -> ErasureRequest:
    """Erase a person's data in every service (GDPR article 17): by an org admin, or by the
    person where the organisation allows self-erasure (403 otherwise). Every service erases or
    anonymises what it holds and confirms; the request shows their progress."""
    return await privacy_service.request_erasure(session, user, user_id)


@router.get("/erasure-requests", response_model=list[ErasureRequest])
async def erasure_requests(
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=100, description="The most requests returned.")] = 50,
) -> list[ErasureRequest]:
    """The organisation's erasure requests, newest first, with each service's confirmation
    (org admins)."""
    return await privacy_service.erasure_requests(session, user, limit)


@router.get("/privacy/settings", response_model=PrivacySettings)
async def privacy_settings(session: SessionDep, user: CurrentUser) -> PrivacySettings:
    """The organisation's privacy rules (any member may read them)."""
    return await privacy_service.settings(session, user)


@router.put("/privacy/settings", response_model=PrivacySettings)
async def update_privacy_settings(
    session: SessionDep, user: CurrentUser, update: PrivacySettingsUpdate
) -> PrivacySettings:
    """Set whether people may request their own erasure and how long personal data of ended
    relationships and closed programs is kept (org admins)."""
    return await privacy_service.update_settings(session, user, update)
