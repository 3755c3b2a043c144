"""Where feedback keeps a person (see `kit.privacy`)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.models import Base, Enrolment, PopulationMember
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
    identity_columns={"enrolments": ("hr_id",)},
    withheld_columns={"idempotency_keys": ("request_hash", "response")},
    # Ratings stay (insights' means); the comments the person wrote go. Feedback about them
    # stays their counterpart's, naming them by the pseudonym only.
    own_words={"feedback_submissions": ("from_user_id", {"comment": None})},
)


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def export(self, org_id: str, user_id: str) -> dict[str, list[dict[str, Any]]]:
        rows = await privacy.export(self._session, Base.metadata, PERSON, org_id, user_id)
        members = await self._population_of(org_id, user_id)
        rows["population_members"] = [
            {column.key: getattr(member, column.key) for column in PopulationMember.__table__.c}
            for member in members
        ]
        return rows

    async def erase(self, org_id: str, user_id: str, pseudonym: str) -> None:
        # HR's record of the person is theirs alone (keyed by an HR id, not a user id): it goes,
        # and the comparison group of the outcomes report is one person smaller.
        for member in await self._population_of(org_id, user_id):
            await self._session.delete(member)
        await privacy.erase(self._session, Base.metadata, PERSON, org_id, user_id, pseudonym)

    async def _population_of(self, org_id: str, user_id: str) -> list[PopulationMember]:
        hr_ids = select(Enrolment.hr_id).where(
            Enrolment.org_id == org_id, Enrolment.user_id == user_id, Enrolment.hr_id.is_not(None)
        )
        return list(
            await self._session.scalars(
                select(PopulationMember).where(
                    PopulationMember.org_id == org_id, PopulationMember.hr_id.in_(hr_ids)
                )
            )
        )
