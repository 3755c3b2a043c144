from typing import Annotated

from fastapi import APIRouter, Path, Request

from goals.privacy import service as privacy_service
from goals.privacy.schemas import PersonalData
from kit import privacy
from kit.app import SessionDep
from kit.auth import CurrentUser

router = APIRouter(prefix="/v1", tags=["privacy"])

UserId = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/people/{user_id}/export", response_model=PersonalData)
async def export_person(
    request: Request, session: SessionDep, user: CurrentUser, user_id: UserId
) -> PersonalData:
    """Every row goals holds about the person (GDPR articles 15 and 20): for the person
    themself or an org admin of their organisation; anyone else, or a person of whom nothing is
    held here, gets 404."""
    exported = await privacy_service.export(session, user, user_id)
    await privacy.audit_export(request, session, user, user_id)
    return exported
