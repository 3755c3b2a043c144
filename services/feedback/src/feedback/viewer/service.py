"""The viewer's own to-do in feedback: the token user's open requests and surveys (the same
reads as the paged lists, so the same rules), in one answer."""

from sqlalchemy.ext.asyncio import AsyncSession

from feedback.requests import service as feedback_service
from feedback.requests.schemas import FeedbackRequest
from feedback.surveys import service as survey_service
from feedback.surveys.schemas import Survey
from feedback.viewer.schemas import ViewerFeedback
from kit.auth import Principal
from kit.pagination import PageParams


async def viewer(session: AsyncSession, user: Principal, limit: int) -> ViewerFeedback:
    page = PageParams(limit=limit, after=None)
    requests = await feedback_service.list_own(session, user, "open", page)
    surveys = await survey_service.list_own(session, user, "open", page)
    return ViewerFeedback(
        feedback_due=[FeedbackRequest.model_validate(row) for row in requests[:limit]],
        surveys_open=[Survey.model_validate(row) for row in surveys[:limit]],
    )
