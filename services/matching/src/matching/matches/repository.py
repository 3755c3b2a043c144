from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import and_, func, or_, select

from kit.pagination import PageParams, paginate
from kit.repository import Repository
from matching.models import Match

OPEN = ("proposed", "accepted", "active")
HOLDING_A_PLACE = ("accepted", "active")


class MatchRepository(Repository):
    async def get(self, org_id: str, match_id: UUID, *, for_update: bool = False) -> Match | None:
        return await self._of_tenant(Match, org_id, match_id, for_update=for_update)

    async def count(self, participant_id: UUID, statuses: Sequence[str], *, mentor: bool) -> int:
        column = Match.mentor_participant_id if mentor else Match.mentee_participant_id
        return int(
            await self._session.scalar(
                select(func.count()).where(column == participant_id, Match.status.in_(statuses))
            )
            or 0
        )

    async def partners_among(
        self, org_id: str, user_id: str, participant_ids: Sequence[UUID]
    ) -> set[UUID]:
        """Which of these participants are matched with the user (any match not declined or
        withdrawn)."""
        if not participant_ids:
            return set()
        rows = await self._session.execute(
            select(
                Match.mentor_participant_id, Match.mentee_participant_id, Match.mentee_user_id
            ).where(
                Match.org_id == org_id,
                Match.status.notin_(("declined", "withdrawn")),
                or_(
                    and_(
                        Match.mentee_user_id == user_id,
                        Match.mentor_participant_id.in_(participant_ids),
                    ),
                    and_(
                        Match.mentor_user_id == user_id,
                        Match.mentee_participant_id.in_(participant_ids),
                    ),
                ),
            )
        )
        return {
            row.mentor_participant_id
            if row.mentee_user_id == user_id
            else row.mentee_participant_id
            for row in rows
        }

    async def open_for(self, participant_id: UUID) -> list[Match]:
        return list(
            await self._session.scalars(
                select(Match).where(
                    or_(
                        Match.mentor_participant_id == participant_id,
                        Match.mentee_participant_id == participant_id,
                    ),
                    Match.status.in_(OPEN),
                )
            )
        )

    async def list(
        self, org_id: str, program_id: UUID, page: PageParams, user_id: str | None = None
    ) -> list[Match]:
        query = select(Match).where(Match.org_id == org_id, Match.program_id == program_id)
        if user_id is not None:
            query = query.where(
                or_(Match.mentor_user_id == user_id, Match.mentee_user_id == user_id)
            )
        return list(await self._session.scalars(paginate(query, Match.created_at, Match.id, page)))
