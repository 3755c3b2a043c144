"""SQL of the read models kept from matching's events (programs, participants, matches)."""

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import or_, select

from goals.models import Match, Participant, Program
from kit.pagination import PageParams, paginate
from kit.repository import Repository


class ReadModelRepository(Repository):
    async def program(self, org_id: str, program_id: UUID) -> Program | None:
        return await self._of_tenant(Program, org_id, program_id)

    async def programs(self, org_id: str) -> Sequence[Program]:
        return (await self._session.scalars(select(Program).where(Program.org_id == org_id))).all()

    async def participant(self, org_id: str, participant_id: UUID) -> Participant | None:
        return await self._session.scalar(
            select(Participant).where(
                Participant.org_id == org_id, Participant.id == participant_id
            )
        )

    async def participant_by_user(
        self, org_id: str, program_id: UUID, user_id: str
    ) -> Participant | None:
        return await self._session.scalar(
            select(Participant).where(
                Participant.org_id == org_id,
                Participant.program_id == program_id,
                Participant.user_id == user_id,
            )
        )

    async def match(self, org_id: str, match_id: UUID) -> Match | None:
        return await self._of_tenant(Match, org_id, match_id)

    async def matches(self, org_id: str, match_ids: Sequence[UUID]) -> Sequence[Match]:
        return (
            await self._session.scalars(
                select(Match).where(Match.org_id == org_id, Match.id.in_(match_ids))
            )
        ).all()

    async def programs_by_id(self, org_id: str, program_ids: Sequence[UUID]) -> dict[UUID, Program]:
        rows = await self._session.scalars(
            select(Program).where(Program.org_id == org_id, Program.id.in_(program_ids))
        )
        return {row.id: row for row in rows}

    async def matches_of_program(self, org_id: str, program_id: UUID) -> Sequence[Match]:
        return (
            await self._session.scalars(
                select(Match).where(Match.org_id == org_id, Match.program_id == program_id)
            )
        ).all()

    async def matches_of_user(
        self, org_id: str, user_id: str, *, status: str | None = None
    ) -> Sequence[Match]:
        query = select(Match).where(
            Match.org_id == org_id,
            or_(Match.mentor_user_id == user_id, Match.mentee_user_id == user_id),
        )
        if status is not None:
            query = query.where(Match.status == status)
        return (await self._session.scalars(query)).all()

    async def visible_matches(
        self,
        org_id: str,
        user_id: str,
        admin_of: Sequence[UUID] | None,
        page: PageParams,
    ) -> list[Match]:
        """A page of matches the user takes part in or administers (`None`: the whole org)."""
        query = select(Match).where(Match.org_id == org_id)
        if admin_of is not None:
            query = query.where(
                or_(
                    Match.mentor_user_id == user_id,
                    Match.mentee_user_id == user_id,
                    Match.program_id.in_(admin_of),
                )
            )
        return list(await self._session.scalars(paginate(query, Match.created_at, Match.id, page)))
