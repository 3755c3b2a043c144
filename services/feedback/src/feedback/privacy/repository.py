"""Where feedback keeps a person (see `kit.privacy`)."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from feedback.models import Base
from kit import privacy

PERSON = privacy.PersonData(
    user_columns={
        "programs": ("admin_user_ids",),
        "enrolments": ("user_id",),
        "matches": ("mentor_user_id", "mentee_user_id"),
        "feedback_requests": ("from_user_id", "about_user_id"),
        "feedback_submissions": ("from_user_id", "about_user_id"),
        "surveys": ("user_id",),
        "survey_rounds": ("requested_by",),
        "survey_responses": ("user_id",),
        "idempotency_keys": ("user_id",),
    },
    identity_columns={},
    withheld_columns={"idempotency_keys": ("request_hash", "response")},
    # Ratings stay (insights' means); the comments the person wrote go. Feedback about them
    # stays their counterpart's, naming them by the pseudonym only.
    own_words={"feedback_submissions": ("from_user_id", {"comment": None})},
)


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def export(self, org_id: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
        return await privacy.export(self._session, Base.metadata, PERSON, org_id, user_id)

    async def erase(self, org_id: str, user_id: str, pseudonym: str) -> None:
        await privacy.erase(self._session, Base.metadata, PERSON, org_id, user_id, pseudonym)
