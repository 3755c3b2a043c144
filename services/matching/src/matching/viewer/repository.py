"""The signed-in person's own rows: their enrolments with the programs, their matches."""

from sqlalchemy import case, or_, select

from kit.repository import Repository
from matching.models import Match, Participant, Program


class ViewerRepository(Repository):
    async def enrolments(self, org_id: str, user_id: str) -> list[tuple[Participant, Program]]:
        """Every enrolment of the user with its program, oldest first."""
        rows = await self._session.execute(
            select(Participant, Program)
            .join(Program, Program.id == Participant.program_id)
            .where(Participant.org_id == org_id, Participant.user_id == user_id)
            .order_by(Participant.created_at, Participant.id)
        )
        return [(participant, program) for participant, program in rows]

    async def matches(self, org_id: str, user_id: str, limit: int) -> list[Match]:
        """The user's matches on either side: open ones (proposed, accepted, active) first, then
        the newest, so a long history never pushes out what still awaits an answer."""
        still_open = case((Match.status.in_(("proposed", "accepted", "active")), 0), else_=1)
        return list(
            await self._session.scalars(
                select(Match)
                .where(
                    Match.org_id == org_id,
                    or_(Match.mentor_user_id == user_id, Match.mentee_user_id == user_id),
                )
                .order_by(still_open, Match.created_at.desc(), Match.id)
                .limit(limit)
            )
        )

    async def programs(self, org_id: str) -> list[Program]:
        """The org's programs, oldest first (the caller keeps those they administer)."""
        return list(
            await self._session.scalars(
                select(Program)
                .where(Program.org_id == org_id)
                .order_by(Program.created_at, Program.id)
            )
        )
