from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from feedback.periods import PERIOD_PATTERN
from feedback.programs import service as program_service
from feedback.programs.schemas import (
    FeedbackSummary,
    ProgramFeedbackSettings,
    ProgramFeedbackSettingsUpdate,
)
from kit.app import SessionDep
from kit.auth import CurrentUser

router = APIRouter(prefix="/v1/programs/{program_id}", tags=["programs"])


@router.get("/feedback-settings", response_model=ProgramFeedbackSettings)
async def get_settings(program_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """Due days and rating dimensions of the program's feedback (program admins)."""
    return await program_service.settings_of(session, user, program_id)


@router.put("/feedback-settings", response_model=ProgramFeedbackSettings)
async def put_settings(
    program_id: UUID, data: ProgramFeedbackSettingsUpdate, session: SessionDep, user: CurrentUser
) -> object:
    """Change the program's feedback settings (program admins)."""
    return await program_service.update_settings(session, user, program_id, data)


@router.get("/feedback-summary", response_model=FeedbackSummary)
async def get_summary(
    program_id: UUID,
    period: Annotated[str, Query(pattern=PERIOD_PATTERN, description="YYYY-MM")],
    session: SessionDep,
    user: CurrentUser,
) -> FeedbackSummary:
    """A month's feedback as aggregates; never a comment, never over fewer than five raters."""
    return await program_service.summary(session, user, program_id, period)
