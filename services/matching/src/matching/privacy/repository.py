"""Where matching keeps a person (see `kit.privacy`), erasure requests and privacy settings."""

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kit import privacy
from matching.models import Base, ErasureRequest, Match, Participant, PrivacySettings, Program

PERSON = privacy.PersonData(
    user_columns={
        "programs": ("admin_user_ids",),
        "participants": ("user_id",),
        "matches": ("mentor_user_id", "mentee_user_id", "proposed_by", "awaiting", "accepted_by"),
        "matching_runs": ("created_by",),
        "erasure_requests": ("requested_by",),
        "idempotency_keys": ("user_id",),
        "people": ("user_id",),
        "scim_credentials": ("created_by",),
    },
    identity_columns={
        "participants": ("display_name", "email", "external_id"),
        "people": ("user_name", "external_id", "display_name"),
    },
    withheld_columns={
        "idempotency_keys": ("request_hash", "response"),
        "scim_credentials": ("secret_sha256",),
    },
    # The directory entry the identity provider keeps is the person's alone.
    deleted=("people",),
    # The profile is the person's own words (skills, goals, manager, motivators); a
    # counterpart's match keeps its score and explanation, which name only participant ids.
    own_words={"participants": ("user_id", {"profile": {}, "email": None, "external_id": None})},
)


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def export(self, org_id: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
        return await privacy.export(self._session, Base.metadata, PERSON, org_id, user_id)

    async def erase(self, org_id: str, user_id: str, pseudonym: str) -> None:
        await privacy.erase(self._session, Base.metadata, PERSON, org_id, user_id, pseudonym)

    async def involvement(
        self, org_id: str
    ) -> tuple[list[tuple[Participant, Program]], list[Match]]:
        """Every enrolment (with its program) and every match of the organisation."""
        enrolments = await self._session.execute(
            select(Participant, Program)
            .join(Program, Program.id == Participant.program_id)
            .where(Participant.org_id == org_id)
        )
        matches = await self._session.scalars(select(Match).where(Match.org_id == org_id))
        return [(p, program) for p, program in enrolments], list(matches)

    async def enrolled(self, org_id: str, user_id: str) -> bool:
        found = await self._session.scalar(
            select(Participant.id)
            .where(Participant.org_id == org_id, Participant.user_id == user_id)
            .limit(1)
        )
        return found is not None

    async def add_request(self, request: ErasureRequest) -> ErasureRequest:
        self._session.add(request)
        await self._session.flush()
        return request

    async def request_for_update(self, org_id: str, request_id: UUID) -> ErasureRequest | None:
        """Locked: the services' confirmations may arrive at once (PostgreSQL row lock)."""
        found: ErasureRequest | None = await self._session.scalar(
            select(ErasureRequest)
            .where(ErasureRequest.org_id == org_id, ErasureRequest.id == request_id)
            .with_for_update()
        )
        return found

    async def requests(self, org_id: str, limit: int) -> list[ErasureRequest]:
        return list(
            await self._session.scalars(
                select(ErasureRequest)
                .where(ErasureRequest.org_id == org_id)
                .order_by(ErasureRequest.created_at.desc(), ErasureRequest.id)
                .limit(limit)
            )
        )

    async def settings(self, org_id: str) -> PrivacySettings | None:
        return await self._session.get(PrivacySettings, org_id)

    async def save_settings(self, settings: PrivacySettings) -> PrivacySettings:
        merged = await self._session.merge(settings)
        await self._session.flush()
        return merged
