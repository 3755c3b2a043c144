from collections.abc import Sequence
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.models import Enrolment, FeedbackSubmission, Goal, Match, SurveyResponse

T = TypeVar("T", Enrolment, Match, Goal, FeedbackSubmission, SurveyResponse)


class OutcomesRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def of_program(self, model: type[T], org_id: str, program_id: UUID) -> Sequence[T]:
        table: Any = model
        query = select(model).where(table.org_id == org_id, table.program_id == program_id)
        return list(await self._session.scalars(query))
