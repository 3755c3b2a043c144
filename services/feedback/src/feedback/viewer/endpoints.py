from typing import Annotated

from fastapi import APIRouter, Query

from feedback.viewer import service as viewer_service
from feedback.viewer.schemas import ViewerFeedback
from kit.app import SessionDep
from kit.auth import CurrentUser

router = APIRouter(prefix="/v1", tags=["viewer"])


@router.get("/me", response_model=ViewerFeedback)
async def me(
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=100, description="The most items of each kind.")] = 50,
) -> ViewerFeedback:
    """The feedback the signed-in person owes and the surveys they have not answered: always
    the token's user, never another."""
    return await viewer_service.viewer(session, user, limit)
