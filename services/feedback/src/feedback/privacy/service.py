from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import FeedbackPersonErasedV1
from contracts.matching import PersonErasureRequestedV1
from feedback.privacy.repository import PrivacyRepository
from feedback.privacy.schemas import FeedbackTables, PersonalData
from kit.auth import Principal
from kit.db import utcnow
from kit.errors import NotFoundError
from kit.events.outbox import emit
from kit.privacy import require_self_or_org_admin


async def export(session: AsyncSession, principal: Principal, user_id: str) -> PersonalData:
    require_self_or_org_admin(principal, user_id)
    rows = await PrivacyRepository(session).export(principal.org_id, user_id)
    if not any(rows.values()):
        # Nobody of that id here (or in the caller's org): as for anyone not allowed to ask.
        raise NotFoundError("No such person.")
    return PersonalData(
        org_id=principal.org_id,
        user_id=user_id,
        exported_at=utcnow(),
        tables=FeedbackTables.model_validate(rows),
    )


async def erase(session: AsyncSession, org_id: str, payload: PersonErasureRequestedV1) -> None:
    """Erase the person here and confirm to matching, which follows the request."""
    await PrivacyRepository(session).erase(org_id, payload.user_id, payload.pseudonym)
    confirmed = FeedbackPersonErasedV1(request_id=payload.request_id, service="feedback")
    await emit(session, confirmed, subject=str(payload.request_id), org_id=org_id)
