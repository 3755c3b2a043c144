"""A person's data in matching: their export, and their erasure, which matching owns: it
stores the request, announces it to every service, erases its own rows when the announcement
comes back (so that its own outbox row is scrubbed too) and follows the confirmations."""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.base import PersonErased
from contracts.matching import MatchingPersonErasedV1, PersonErasureRequestedV1
from kit import audit, privacy
from kit.auth import Principal
from kit.db import utcnow
from kit.errors import ForbiddenError, NotFoundError
from matching import models
from matching.privacy import erasure, retention
from matching.privacy.repository import PrivacyRepository
from matching.privacy.schemas import (
    ErasureReason,
    ErasureRequest,
    MatchingTables,
    PersonalData,
    PrivacySettings,
    PrivacySettingsUpdate,
)

SERVICES = ("matching", "goals", "feedback", "notifications")
"""Every service that holds personal data and must confirm an erasure."""


async def export(session: AsyncSession, principal: Principal, user_id: str) -> PersonalData:
    rows = await privacy.rows_to_export(principal, user_id, PrivacyRepository(session).export)
    return PersonalData(
        org_id=principal.org_id,
        user_id=user_id,
        exported_at=utcnow(),
        tables=MatchingTables.model_validate(rows),
    )


def _read(request: models.ErasureRequest) -> ErasureRequest:
    return ErasureRequest.model_validate(
        {
            "id": request.id,
            "pseudonym": request.pseudonym,
            "reason": request.reason,
            "status": request.status,
            "confirmed_by": request.confirmations,
            "pending": [s for s in SERVICES if s not in request.confirmations],
            "created_at": request.created_at,
            "completed_at": request.completed_at,
        }
    )


async def _settings(repository: PrivacyRepository, org_id: str) -> models.PrivacySettings:
    found = await repository.settings(org_id)
    return found or models.PrivacySettings(org_id=org_id, self_erasure=False, retention_days=None)


async def request_erasure(
    session: AsyncSession, principal: Principal, user_id: str
) -> ErasureRequest:
    """By an org admin, or by the person where the org allows self-erasure."""
    privacy.require_self_or_org_admin(principal, user_id)
    repository = PrivacyRepository(session)
    reason: ErasureReason = "admin"
    if not principal.is_org_admin:
        if not (await _settings(repository, principal.org_id)).self_erasure:
            raise ForbiddenError("This organisation has its admins erase people's data.")
        reason = "self"
    if not await repository.enrolled(principal.org_id, user_id):
        raise NotFoundError("No such person.")
    request = await erasure.start(session, principal.org_id, user_id, principal.user_id, reason)
    return _read(request)


async def erasure_requests(
    session: AsyncSession, principal: Principal, limit: int
) -> list[ErasureRequest]:
    principal.require_org_admin()
    return [_read(r) for r in await PrivacyRepository(session).requests(principal.org_id, limit)]


async def erase(session: AsyncSession, org_id: str, payload: PersonErasureRequestedV1) -> None:
    erase_here = PrivacyRepository(session).erase
    await privacy.erase_and_confirm(
        session, erase_here, org_id, payload, MatchingPersonErasedV1, "matching"
    )


async def confirm(session: AsyncSession, org_id: str, payload: PersonErased) -> None:
    """A service's confirmation; the request completes with the last one. Repeats and
    confirmations of unknown requests change nothing."""
    request = await PrivacyRepository(session).request_for_update(org_id, payload.request_id)
    if request is None or payload.service in request.confirmations:
        return
    request.confirmations = [*request.confirmations, payload.service]
    if set(SERVICES) <= set(request.confirmations):
        request.status, request.completed_at = "completed", utcnow()
        await audit.record(
            session,
            audit.Actor(org_id, "erasure", "system"),
            "person.erasure_completed",
            "person",
            request.pseudonym,
            after={"request_id": request.id, "confirmed_by": request.confirmations},
        )


async def settings(session: AsyncSession, principal: Principal) -> PrivacySettings:
    return PrivacySettings.model_validate(
        await _settings(PrivacyRepository(session), principal.org_id)
    )


async def update_settings(
    session: AsyncSession, principal: Principal, update: PrivacySettingsUpdate
) -> PrivacySettings:
    principal.require_org_admin()
    current = await _settings(PrivacyRepository(session), principal.org_id)
    before, after = audit.changes(
        {"self_erasure": current.self_erasure, "retention_days": current.retention_days},
        {"self_erasure": update.self_erasure, "retention_days": update.retention_days},
    )
    if after:
        await audit.record(
            session,
            principal,
            "privacy.settings_changed",
            "organisation",
            principal.org_id,
            before=before,
            after=after,
        )
    await retention.rule_changed(session, principal.org_id, update.retention_days, utcnow())
    saved = await PrivacyRepository(session).save_settings(
        models.PrivacySettings(
            org_id=principal.org_id,
            self_erasure=update.self_erasure,
            retention_days=update.retention_days,
            updated_at=utcnow(),
        )
    )
    return PrivacySettings.model_validate(saved)
