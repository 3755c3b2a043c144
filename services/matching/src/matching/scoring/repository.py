from collections.abc import Collection
from uuid import UUID

from sqlalchemy import select

from kit.repository import Repository
from matching.matches.repository import OPEN
from matching.models import Match


class ScoringRepository(Repository):
    async def open_pairs(self, org_id: str, mentee_ids: Collection[UUID]) -> set[tuple[UUID, UUID]]:
        """(mentee, mentor) pairs with an open match (proposed, accepted or active): a mentor
        a mentee has already asked, or is already with, is not one to suggest to her again."""
        if not mentee_ids:
            return set()
        rows = await self._session.execute(
            select(Match.mentee_participant_id, Match.mentor_participant_id).where(
                Match.org_id == org_id,
                Match.mentee_participant_id.in_(list(mentee_ids)),
                Match.status.in_(OPEN),
            )
        )
        return {(row.mentee_participant_id, row.mentor_participant_id) for row in rows}
