"""Starting an erasure, whoever asks (an admin, the person, the retention rule)."""

from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import PersonErasureRequestedV1
from kit import audit, privacy
from kit.events.outbox import emit
from matching import models
from matching.privacy.repository import PrivacyRepository
from matching.privacy.schemas import ErasureReason


async def start(
    session: AsyncSession, org_id: str, user_id: str, requested_by: str, reason: ErasureReason
) -> models.ErasureRequest:
    """Store the request, erase matching's rows at once (so that the person is not found, nor
    erased, twice) and announce it; every service erases on the announcement (matching again,
    for its outbox row of the announcement itself, once published)."""
    repository = PrivacyRepository(session)
    request_id = uuid4()
    request = models.ErasureRequest(
        id=request_id,
        org_id=org_id,
        pseudonym=privacy.pseudonym(str(request_id)),
        requested_by=requested_by,
        reason=reason,
        status="requested",
        confirmations=[],
    )
    await repository.add_request(request)
    await repository.erase(org_id, user_id, request.pseudonym)
    # The person is named by the pseudonym only: the entry outlives their data.
    await audit.record(
        session,
        audit.Actor(org_id, requested_by, "system" if reason == "retention" else "user"),
        "person.erasure_requested",
        "person",
        request.pseudonym,
        after={"request_id": request.id, "reason": reason},
    )
    payload = PersonErasureRequestedV1(
        request_id=request.id, user_id=user_id, pseudonym=request.pseudonym
    )
    await emit(session, payload, subject=str(request.id), org_id=org_id)
    return request
