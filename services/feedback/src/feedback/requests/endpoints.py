from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status

from feedback.requests import service as feedback_service
from feedback.requests.schemas import (
    FeedbackRequest,
    ReceivedFeedback,
    Submission,
    SubmissionCreate,
    SubmissionUpdate,
)
from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_of, page_params

router = APIRouter(prefix="/v1", tags=["feedback"])
Pages = Annotated[PageParams, Depends(page_params)]


@router.get("/feedback-requests", response_model=Page[FeedbackRequest])
async def list_requests(
    session: SessionDep,
    user: CurrentUser,
    page: Pages,
    request_status: Annotated[Literal["open", "submitted"] | None, Query(alias="status")] = None,
) -> Page[FeedbackRequest]:
    """The caller's feedback requests (what they are asked to give), oldest first."""
    rows = await feedback_service.list_own(session, user, request_status, page)
    return page_of(rows, page, FeedbackRequest)


@router.get("/feedback-requests/{request_id}", response_model=FeedbackRequest)
async def get_request(request_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """One of the caller's feedback requests."""
    return await feedback_service.own_request(session, user, request_id)


@router.post(
    "/feedback-requests/{request_id}/submission",
    response_model=Submission,
    status_code=status.HTTP_201_CREATED,
)
async def submit(
    request_id: UUID,
    data: SubmissionCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyKey,
) -> object:
    """Answer a request once; after the due date it is accepted and flagged `late`."""
    return await idempotency.run(
        session,
        user,
        data,
        lambda: feedback_service.submit(session, user, request_id, data),
        Submission,
    )


@router.get("/feedback-requests/{request_id}/submission", response_model=Submission)
async def get_submission(request_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """The caller's own submission for a request."""
    return await feedback_service.own_submission(session, user, request_id)


@router.put("/feedback-requests/{request_id}/submission", response_model=Submission)
async def edit_submission(
    request_id: UUID, data: SubmissionUpdate, session: SessionDep, user: CurrentUser
) -> object:
    """Replace the caller's submission; allowed until the request's due date (then 409)."""
    return await feedback_service.edit(session, user, request_id, data)


@router.get("/feedback/received", response_model=Page[ReceivedFeedback])
async def list_received(
    session: SessionDep, user: CurrentUser, page: Pages
) -> Page[ReceivedFeedback]:
    """Feedback others gave about the caller: the only place a comment can be read."""
    rows = await feedback_service.received(session, user, page)
    return page_of(rows, page, ReceivedFeedback)


@router.get("/feedback/received/{submission_id}", response_model=ReceivedFeedback)
async def get_received(submission_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """One piece of feedback about the caller."""
    return await feedback_service.received_one(session, user, submission_id)
