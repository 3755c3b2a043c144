from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import PersonErasureRequestedV1
from contracts.notifications import NotificationsPersonErasedV1
from kit import privacy
from kit.auth import Principal
from kit.db import utcnow
from notifications.privacy.repository import PrivacyRepository
from notifications.privacy.schemas import NotificationsTables, PersonalData


async def export(session: AsyncSession, principal: Principal, user_id: str) -> PersonalData:
    rows = await privacy.rows_to_export(principal, user_id, PrivacyRepository(session).export)
    return PersonalData(
        org_id=principal.org_id,
        user_id=user_id,
        exported_at=utcnow(),
        tables=NotificationsTables.model_validate(rows),
    )


async def erase(session: AsyncSession, org_id: str, payload: PersonErasureRequestedV1) -> None:
    erase_here = PrivacyRepository(session).erase
    await privacy.erase_and_confirm(
        session, erase_here, org_id, payload, NotificationsPersonErasedV1, "notifications"
    )
