from typing import Annotated

from fastapi import APIRouter, Query

from kit.app import SessionDep
from kit.auth import CurrentUser
from matching.viewer import service as viewer_service
from matching.viewer.schemas import ViewerMatching

router = APIRouter(prefix="/v1", tags=["viewer"])


@router.get("/me", response_model=ViewerMatching)
async def me(
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200, description="The most matches returned.")] = 100,
) -> ViewerMatching:
    """The signed-in person's own enrolments and matches (with each partner as they may see
    them), and the programs they administer: always the token's user, never another."""
    return await viewer_service.viewer(session, user, limit)
