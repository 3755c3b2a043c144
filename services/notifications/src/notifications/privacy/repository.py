"""Where notifications keeps a person (see `kit.privacy`)."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kit import privacy
from notifications.models import Base

PERSON = privacy.PersonData(
    user_columns={
        "notifications": ("user_id",),
        "contacts": ("user_id",),
        "programs": ("admin_user_ids",),
        "org_admins": ("user_id",),
        "preferences": ("user_id",),
        "unsubscribe_tokens": ("user_id",),
        "deliveries": ("user_id",),
        "webhook_endpoints": ("created_by",),
        "idempotency_keys": ("user_id",),
    },
    identity_columns={"contacts": ("display_name", "email")},
    withheld_columns={
        "unsubscribe_tokens": ("token",),
        "webhook_endpoints": ("secret", "previous_secret"),
        "idempotency_keys": ("request_hash", "response"),
    },
    # Their inbox, contact data, preferences and deliveries are theirs alone: deleted.
    deleted=(
        "notifications",
        "deliveries",
        "contacts",
        "preferences",
        "unsubscribe_tokens",
        "org_admins",
    ),
)


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def export(self, org_id: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
        return await privacy.export(self._session, Base.metadata, PERSON, org_id, user_id)

    async def erase(self, org_id: str, user_id: str, pseudonym: str) -> None:
        await privacy.erase(self._session, Base.metadata, PERSON, org_id, user_id, pseudonym)
