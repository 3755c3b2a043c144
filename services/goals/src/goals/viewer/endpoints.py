from fastapi import APIRouter

from goals.viewer import service as viewer_service
from goals.viewer.schemas import ViewerGoals
from kit.app import SessionDep
from kit.auth import CurrentUser

router = APIRouter(prefix="/v1", tags=["viewer"])


@router.get("/me", response_model=ViewerGoals)
async def me(session: SessionDep, user: CurrentUser) -> ViewerGoals:
    """The signed-in person's active matches with their goals, next check-ins and the goals
    awaiting their acknowledgement as mentor: always the token's user, never another."""
    return await viewer_service.viewer(session, user)
