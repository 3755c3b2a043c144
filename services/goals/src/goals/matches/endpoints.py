from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from goals.matches import service as match_service
from goals.matches.schemas import Match, MatchUpdate
from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.pagination import Page, PageParams, page_of, page_params

router = APIRouter(prefix="/v1/matches", tags=["matches"])


@router.get("", response_model=Page[Match])
async def list_matches(
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[Match]:
    """The matches the caller takes part in or administers."""
    rows = await match_service.list_matches(session, user, page)
    return page_of(rows, page, Match)


@router.get("/{match_id}", response_model=Match)
async def get_match(match_id: UUID, session: SessionDep, user: CurrentUser) -> Match:
    return Match.model_validate(await match_service.get(session, user, match_id))


@router.patch("/{match_id}", response_model=Match)
async def update_match(
    match_id: UUID, data: MatchUpdate, session: SessionDep, user: CurrentUser
) -> Match:
    """Change the match's check-in cadence (the next check-in follows it)."""
    return Match.model_validate(await match_service.update(session, user, match_id, data))
