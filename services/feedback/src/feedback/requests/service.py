"""Two-way feedback: requests after each check-in, one submission per request.

Visibility by design: a submission is readable by its author (who may edit it until the due
date) and, without the fit check, by its recipient. Nobody else reads it: admins get aggregates
(see `insights`), and every other caller gets 404.
"""

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import FeedbackRequestedV1, FeedbackSubmittedV1
from contracts.goals import CheckinCompletedV1
from feedback.health import service as health_service
from feedback.models import (
    DEFAULT_DIMENSIONS,
    DEFAULT_DUE_DAYS,
    FeedbackRequest,
    FeedbackSubmission,
)
from feedback.readmodels.repository import ReadModelRepository
from feedback.requests.repository import FeedbackRepository
from feedback.requests.schemas import SubmissionCreate, SubmissionUpdate
from kit.auth import Principal
from kit.db import utcnow
from kit.errors import ConflictError, NotFoundError, UnprocessableError
from kit.events.outbox import emit
from kit.pagination import PageParams


async def request_both(session: AsyncSession, org_id: str, checkin: CheckinCompletedV1) -> int:
    """Ask each participant for feedback on the other; returns how many requests are new."""
    program = await ReadModelRepository(session).program(org_id, checkin.program_id)
    due_days = program.feedback_due_days if program else DEFAULT_DUE_DAYS
    dimensions = list(program.rating_dimensions) if program else list(DEFAULT_DIMENSIONS)
    feedback = FeedbackRepository(session)
    created = 0
    pairs = [
        (checkin.mentor_user_id, checkin.mentee_user_id),
        (checkin.mentee_user_id, checkin.mentor_user_id),
    ]
    for giver, receiver in pairs:
        if await feedback.request_for_checkin(org_id, checkin.checkin_id, giver) is not None:
            continue
        request = FeedbackRequest(
            org_id=org_id,
            program_id=checkin.program_id,
            match_id=checkin.match_id,
            checkin_id=checkin.checkin_id,
            from_user_id=giver,
            about_user_id=receiver,
            dimensions=dimensions,
            due_at=checkin.completed_at + timedelta(days=due_days),
            status="open",
        )
        await feedback.add(request)
        await emit(
            session,
            FeedbackRequestedV1(
                request_id=request.id,
                checkin_id=request.checkin_id,
                match_id=request.match_id,
                program_id=request.program_id,
                from_user_id=giver,
                about_user_id=receiver,
                due_at=request.due_at,
            ),
            subject=str(request.id),
            org_id=org_id,
        )
        created += 1
    return created


async def own_request(session: AsyncSession, user: Principal, request_id: UUID) -> FeedbackRequest:
    request = await FeedbackRepository(session).own_request(user.org_id, user.user_id, request_id)
    if request is None:
        raise NotFoundError(f"Feedback request {request_id} does not exist.")
    return request


async def list_own(
    session: AsyncSession, user: Principal, status: str | None, page: PageParams
) -> list[FeedbackRequest]:
    return await FeedbackRepository(session).own_requests(user.org_id, user.user_id, status, page)


class RatingDimensionsError(UnprocessableError):
    """The ratings do not name exactly the request's dimensions; says which are allowed."""

    code = "rating-dimensions"

    def __init__(self, allowed: list[str], missing: list[str], unexpected: list[str]) -> None:
        problems = []
        if unexpected:
            problems.append(f"{_listed(unexpected)} {_is(unexpected)} not asked for")
        if missing:
            problems.append(f"{_listed(missing)} {_is(missing)} missing")
        message = (
            f"Rate each of {_listed(allowed)} from 1 to 5, and nothing else: {'; '.join(problems)}."
        )
        super().__init__(
            message,
            field="ratings",
            allowed=allowed,
            missing=missing,
            unexpected=unexpected,
            errors=[{"location": ["body", "ratings"], "message": message, "type": self.code}],
        )


def _listed(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _is(names: list[str]) -> str:
    return "is" if len(names) == 1 else "are"


def _check_ratings(request: FeedbackRequest, data: SubmissionCreate) -> None:
    expected, given = set(request.dimensions), set(data.ratings)
    if given != expected:
        raise RatingDimensionsError(
            list(request.dimensions), sorted(expected - given), sorted(given - expected)
        )


async def submit(
    session: AsyncSession,
    user: Principal,
    request_id: UUID,
    data: SubmissionCreate,
    now: datetime | None = None,
) -> FeedbackSubmission:
    now = now or utcnow()
    request = await own_request(session, user, request_id)
    feedback = FeedbackRepository(session)
    if request.status != "open" or await feedback.submission_of(user.org_id, request.id):
        raise ConflictError("This feedback was already submitted; edit it instead.")
    _check_ratings(request, data)
    submission = FeedbackSubmission(
        org_id=user.org_id,
        request_id=request.id,
        program_id=request.program_id,
        match_id=request.match_id,
        from_user_id=request.from_user_id,
        about_user_id=request.about_user_id,
        ratings=dict(data.ratings),
        comment=data.comment,
        wants_to_continue=data.wants_to_continue,
        late=now > request.due_at,
        submitted_at=now,
        updated_at=now,
    )
    await feedback.add(submission)
    request.status = "submitted"
    await emit(
        session,
        FeedbackSubmittedV1(
            request_id=request.id,
            match_id=request.match_id,
            program_id=request.program_id,
            from_user_id=request.from_user_id,
            about_user_id=request.about_user_id,
            late=submission.late,
        ),
        subject=str(request.id),
        org_id=user.org_id,
    )
    await health_service.refresh(session, user.org_id, request.match_id, now)
    return submission


async def own_submission(
    session: AsyncSession, user: Principal, request_id: UUID
) -> FeedbackSubmission:
    request = await own_request(session, user, request_id)
    submission = await FeedbackRepository(session).submission_of(user.org_id, request.id)
    if submission is None:
        raise NotFoundError(f"Feedback request {request_id} has no submission yet.")
    return submission


async def edit(
    session: AsyncSession,
    user: Principal,
    request_id: UUID,
    data: SubmissionUpdate,
    now: datetime | None = None,
) -> FeedbackSubmission:
    now = now or utcnow()
    request = await own_request(session, user, request_id)
    submission = await own_submission(session, user, request_id)
    if now > request.due_at:
        raise ConflictError("The due date has passed: this feedback can no longer be edited.")
    _check_ratings(request, data)
    submission.ratings = dict(data.ratings)
    submission.comment = data.comment
    submission.wants_to_continue = data.wants_to_continue
    submission.updated_at = now
    await session.flush()
    await health_service.refresh(session, user.org_id, request.match_id, now)
    return submission


async def received(
    session: AsyncSession, user: Principal, page: PageParams
) -> list[FeedbackSubmission]:
    return await FeedbackRepository(session).received(user.org_id, user.user_id, page)


async def received_one(
    session: AsyncSession, user: Principal, submission_id: UUID
) -> FeedbackSubmission:
    submission = await FeedbackRepository(session).received_one(
        user.org_id, user.user_id, submission_id
    )
    if submission is None:
        raise NotFoundError(f"Feedback {submission_id} does not exist.")
    return submission
