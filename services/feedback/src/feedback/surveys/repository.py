from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import func, select

from feedback.models import Match, Survey, SurveyResponse, SurveyRound, SurveyTemplate
from kit.pagination import PageParams, paginate
from kit.repository import Repository


class SurveyRepository(Repository):
    async def template(self, org_id: str, program_id: UUID, kind: str) -> SurveyTemplate | None:
        return await self._session.scalar(
            select(SurveyTemplate).where(
                SurveyTemplate.org_id == org_id,
                SurveyTemplate.program_id == program_id,
                SurveyTemplate.kind == kind,
            )
        )

    async def find(
        self, org_id: str, match_id: UUID, user_id: str, kind: str, sequence: int
    ) -> Survey | None:
        return await self._session.scalar(
            select(Survey).where(
                Survey.org_id == org_id,
                Survey.match_id == match_id,
                Survey.user_id == user_id,
                Survey.kind == kind,
                Survey.sequence == sequence,
            )
        )

    async def own(self, org_id: str, user_id: str, survey_id: UUID) -> Survey | None:
        return await self._session.scalar(
            select(Survey).where(
                Survey.org_id == org_id, Survey.user_id == user_id, Survey.id == survey_id
            )
        )

    async def own_list(
        self, org_id: str, user_id: str, status: str | None, page: PageParams
    ) -> list[Survey]:
        query = select(Survey).where(Survey.org_id == org_id, Survey.user_id == user_id)
        if status is not None:
            query = query.where(Survey.status == status)
        return list(
            await self._session.scalars(paginate(query, Survey.created_at, Survey.id, page))
        )

    async def responses(
        self, org_id: str, program_id: UUID, kind: str, period: str
    ) -> Sequence[SurveyResponse]:
        query = select(SurveyResponse).where(
            SurveyResponse.org_id == org_id,
            SurveyResponse.program_id == program_id,
            SurveyResponse.kind == kind,
            SurveyResponse.period == period,
        )
        return list(await self._session.scalars(query))

    async def last_round_number(self, org_id: str, program_id: UUID) -> int:
        number = await self._session.scalar(
            select(func.max(SurveyRound.number)).where(
                SurveyRound.org_id == org_id, SurveyRound.program_id == program_id
            )
        )
        return int(number or 0)

    async def active_matches(
        self, org_id: str, program_id: UUID, match_ids: Sequence[UUID] | None
    ) -> list[Match]:
        query = select(Match).where(
            Match.org_id == org_id, Match.program_id == program_id, Match.status == "active"
        )
        if match_ids is not None:
            query = query.where(Match.id.in_(match_ids))
        return list(await self._session.scalars(query.order_by(Match.created_at, Match.id)))
