from collections.abc import Sequence
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import select

from feedback.insights.compute import ProgramFacts
from feedback.models import Checkin, Enrolment, FeedbackSubmission, Goal, HealthTransition, Match
from kit.repository import Repository

T = TypeVar("T", Enrolment, Match, Checkin, Goal, FeedbackSubmission, HealthTransition)


class InsightsRepository(Repository):
    async def _of_program(self, model: type[T], org_id: str, program_id: UUID) -> Sequence[T]:
        table: Any = model
        query = select(model).where(table.org_id == org_id, table.program_id == program_id)
        return list(await self._session.scalars(query))

    async def facts(self, org_id: str, program_id: UUID) -> ProgramFacts:
        """Everything a program's insights are computed from (a program is hundreds of rows)."""
        return ProgramFacts(
            enrolments=await self._of_program(Enrolment, org_id, program_id),
            matches=await self._of_program(Match, org_id, program_id),
            checkins=await self._of_program(Checkin, org_id, program_id),
            goals=await self._of_program(Goal, org_id, program_id),
            submissions=await self._of_program(FeedbackSubmission, org_id, program_id),
            transitions=await self._of_program(HealthTransition, org_id, program_id),
        )
