from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import func, select

from goals.models import Goal, Milestone, ProgressUpdate
from kit.pagination import PageParams, paginate
from kit.repository import Repository


class GoalRepository(Repository):
    async def get(self, org_id: str, goal_id: UUID) -> Goal | None:
        return await self._of_tenant(Goal, org_id, goal_id)

    async def of_match(self, org_id: str, match_id: UUID, page: PageParams) -> list[Goal]:
        query = select(Goal).where(Goal.org_id == org_id, Goal.match_id == match_id)
        return list(await self._session.scalars(paginate(query, Goal.created_at, Goal.id, page)))

    async def of_matches(self, org_id: str, match_ids: Sequence[UUID]) -> Sequence[Goal]:
        return (
            await self._session.scalars(
                select(Goal)
                .where(Goal.org_id == org_id, Goal.match_id.in_(match_ids))
                .order_by(Goal.created_at, Goal.id)
            )
        ).all()

    async def open_of_match(self, org_id: str, match_id: UUID) -> Sequence[Goal]:
        return (
            await self._session.scalars(
                select(Goal).where(
                    Goal.org_id == org_id,
                    Goal.match_id == match_id,
                    Goal.status.in_(("draft", "active")),
                )
            )
        ).all()

    async def milestones(self, goal_ids: Sequence[UUID]) -> dict[UUID, list[Milestone]]:
        found: dict[UUID, list[Milestone]] = {goal_id: [] for goal_id in goal_ids}
        if goal_ids:
            rows = await self._session.scalars(
                select(Milestone)
                .where(Milestone.goal_id.in_(goal_ids))
                .order_by(Milestone.position, Milestone.id)
            )
            for row in rows:
                found[row.goal_id].append(row)
        return found

    async def milestone(self, goal_id: UUID, milestone_id: UUID) -> Milestone | None:
        return await self._session.scalar(
            select(Milestone).where(Milestone.goal_id == goal_id, Milestone.id == milestone_id)
        )

    async def next_position(self, goal_id: UUID) -> int:
        highest = await self._session.scalar(
            select(func.max(Milestone.position)).where(Milestone.goal_id == goal_id)
        )
        return 0 if highest is None else highest + 1

    async def history(self, goal_id: UUID, page: PageParams) -> list[ProgressUpdate]:
        query = select(ProgressUpdate).where(ProgressUpdate.goal_id == goal_id)
        return list(
            await self._session.scalars(
                paginate(query, ProgressUpdate.created_at, ProgressUpdate.id, page)
            )
        )

    async def milestone_by_id(self, org_id: str, milestone_id: UUID) -> Milestone | None:
        return await self._of_tenant(Milestone, org_id, milestone_id)
