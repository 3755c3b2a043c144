"""The signed-in person's own rows: their enrolments with the programs, their matches, and what
awaits them in the programs they administer."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import case, or_, select

from kit.repository import Repository
from matching.models import Match, MatchingRun, Participant, Program


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

    async def draft_runs(
        self, org_id: str, program_ids: Sequence[UUID], limit: int
    ) -> list[dict[str, Any]]:
        """The programs' draft runs, oldest first, without their pairs (a cohort's can be
        large): id, program, mode, author, time and the report's count of pairs."""
        rows = await self._session.execute(
            select(
                MatchingRun.id,
                MatchingRun.program_id,
                MatchingRun.mode,
                MatchingRun.created_by,
                MatchingRun.created_at,
                MatchingRun.report,
            )
            .where(
                MatchingRun.org_id == org_id,
                MatchingRun.program_id.in_(program_ids),
                MatchingRun.status == "draft",
            )
            .order_by(MatchingRun.created_at, MatchingRun.id)
            .limit(limit)
        )
        return [{**row._asdict(), "matched": row.report.get("matched", 0)} for row in rows]

    async def flagged_matches(
        self, org_id: str, program_ids: Sequence[UUID], limit: int
    ) -> list[Match]:
        """The programs' active matches flagged for review, oldest first."""
        return list(
            await self._session.scalars(
                select(Match)
                .where(
                    Match.org_id == org_id,
                    Match.program_id.in_(program_ids),
                    Match.status == "active",
                    Match.flagged_for_review.is_(True),
                )
                .order_by(Match.created_at, Match.id)
                .limit(limit)
            )
        )
