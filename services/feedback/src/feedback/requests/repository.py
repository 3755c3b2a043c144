from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import select

from feedback.models import FeedbackRequest, FeedbackSubmission
from kit.pagination import PageParams, paginate
from kit.repository import Repository


class FeedbackRepository(Repository):
    async def request_for_checkin(
        self, org_id: str, checkin_id: UUID, from_user_id: str
    ) -> FeedbackRequest | None:
        return await self._session.scalar(
            select(FeedbackRequest).where(
                FeedbackRequest.org_id == org_id,
                FeedbackRequest.checkin_id == checkin_id,
                FeedbackRequest.from_user_id == from_user_id,
            )
        )

    async def own_request(
        self, org_id: str, user_id: str, request_id: UUID
    ) -> FeedbackRequest | None:
        """A request only its addressee may see."""
        return await self._session.scalar(
            select(FeedbackRequest).where(
                FeedbackRequest.org_id == org_id,
                FeedbackRequest.id == request_id,
                FeedbackRequest.from_user_id == user_id,
            )
        )

    async def own_requests(
        self, org_id: str, user_id: str, status: str | None, page: PageParams
    ) -> list[FeedbackRequest]:
        query = select(FeedbackRequest).where(
            FeedbackRequest.org_id == org_id, FeedbackRequest.from_user_id == user_id
        )
        if status is not None:
            query = query.where(FeedbackRequest.status == status)
        return list(
            await self._session.scalars(
                paginate(query, FeedbackRequest.created_at, FeedbackRequest.id, page)
            )
        )

    async def submission_of(self, org_id: str, request_id: UUID) -> FeedbackSubmission | None:
        return await self._session.scalar(
            select(FeedbackSubmission).where(
                FeedbackSubmission.org_id == org_id, FeedbackSubmission.request_id == request_id
            )
        )

    async def received(
        self, org_id: str, user_id: str, page: PageParams
    ) -> list[FeedbackSubmission]:
        query = select(FeedbackSubmission).where(
            FeedbackSubmission.org_id == org_id, FeedbackSubmission.about_user_id == user_id
        )
        return list(
            await self._session.scalars(
                paginate(query, FeedbackSubmission.created_at, FeedbackSubmission.id, page)
            )
        )

    async def received_one(
        self, org_id: str, user_id: str, submission_id: UUID
    ) -> FeedbackSubmission | None:
        return await self._session.scalar(
            select(FeedbackSubmission).where(
                FeedbackSubmission.org_id == org_id,
                FeedbackSubmission.id == submission_id,
                FeedbackSubmission.about_user_id == user_id,
            )
        )

    async def of_match(self, org_id: str, match_id: UUID) -> Sequence[FeedbackSubmission]:
        query = (
            select(FeedbackSubmission)
            .where(FeedbackSubmission.org_id == org_id, FeedbackSubmission.match_id == match_id)
            .order_by(FeedbackSubmission.submitted_at, FeedbackSubmission.id)
        )
        return list(await self._session.scalars(query))

    async def of_program(
        self, org_id: str, program_id: UUID, start: datetime, end: datetime
    ) -> Sequence[FeedbackSubmission]:
        query = select(FeedbackSubmission).where(
            FeedbackSubmission.org_id == org_id,
            FeedbackSubmission.program_id == program_id,
            FeedbackSubmission.submitted_at >= start,
            FeedbackSubmission.submitted_at < end,
        )
        return list(await self._session.scalars(query))
