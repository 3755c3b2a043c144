"""Reads and writes of the read models kept from other services' events."""

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select

from feedback.models import Checkin, Enrolment, Goal, Match, Program
from kit.pagination import PageParams, paginate
from kit.repository import Repository


class ReadModelRepository(Repository):
    async def program(self, org_id: str, program_id: UUID) -> Program | None:
        return await self._of_tenant(Program, org_id, program_id)

    async def enrolment(self, org_id: str, participant_id: UUID) -> Enrolment | None:
        return await self._of_tenant(Enrolment, org_id, participant_id)

    async def match(self, org_id: str, match_id: UUID) -> Match | None:
        return await self._of_tenant(Match, org_id, match_id)

    async def matches(self, org_id: str, match_ids: Sequence[UUID]) -> Sequence[Match]:
        return (
            await self._session.scalars(
                select(Match).where(Match.org_id == org_id, Match.id.in_(match_ids))
            )
        ).all()

    async def programs(self, org_id: str, program_ids: Sequence[UUID]) -> dict[UUID, Program]:
        rows = await self._session.scalars(
            select(Program).where(Program.org_id == org_id, Program.id.in_(program_ids))
        )
        return {row.id: row for row in rows}

    async def checkin(self, org_id: str, checkin_id: UUID) -> Checkin | None:
        return await self._of_tenant(Checkin, org_id, checkin_id)

    async def goal(self, org_id: str, goal_id: UUID) -> Goal | None:
        return await self._of_tenant(Goal, org_id, goal_id)

    async def at_risk(self, org_id: str, program_id: UUID, page: PageParams) -> list[Match]:
        query = select(Match).where(
            Match.org_id == org_id,
            Match.program_id == program_id,
            Match.status == "active",
            Match.at_risk.is_(True),
        )
        return list(await self._session.scalars(paginate(query, Match.created_at, Match.id, page)))

    async def checkins_of(self, org_id: str, match_id: UUID) -> Sequence[Checkin]:
        query = (
            select(Checkin)
            .where(Checkin.org_id == org_id, Checkin.match_id == match_id)
            .order_by(Checkin.occurred_at, Checkin.id)
        )
        return list(await self._session.scalars(query))

    async def goals_of(self, org_id: str, match_id: UUID) -> Sequence[Goal]:
        query = select(Goal).where(Goal.org_id == org_id, Goal.match_id == match_id)
        return list(await self._session.scalars(query))
