"""Where goals keeps a person (see `kit.privacy`)."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from goals.models import Base
from kit import privacy

PERSON = privacy.PersonData(
    user_columns={
        "programs": ("admin_user_ids",),
        "participants": ("user_id",),
        "matches": ("mentor_user_id", "mentee_user_id"),
        "goals": ("owner_user_id",),
        "progress_updates": ("author_user_id",),
        "checkin_notes": ("author_user_id",),
        "calendar_feeds": ("user_id",),
        "resources": ("created_by",),
        "shared_resources": ("shared_by",),
        "training_completions": ("user_id",),
        "idempotency_keys": ("user_id",),
    },
    identity_columns={"participants": ("display_name",)},
    withheld_columns={
        "calendar_feeds": ("token_hash",),
        "idempotency_keys": ("request_hash", "response"),
    },
    deleted=("calendar_feeds",),
    # The person's own words go; the rows stay, for the counterpart and the program's counts.
    own_words={
        "goals": ("owner_user_id", {"title": privacy.ERASED, "description": "", "relevance": None}),
        "progress_updates": ("author_user_id", {"note": None}),
        "checkin_notes": ("author_user_id", {"body": privacy.ERASED}),
        "shared_resources": ("shared_by", {"note": None}),
    },
)


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def export(self, org_id: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
        return await privacy.export(self._session, Base.metadata, PERSON, org_id, user_id)

    async def erase(self, org_id: str, user_id: str, pseudonym: str) -> None:
        await privacy.erase(self._session, Base.metadata, PERSON, org_id, user_id, pseudonym)
