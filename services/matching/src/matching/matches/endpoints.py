from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Query, status

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_of, page_params
from matching.matches import service as match_service
from matching.matches.schemas import Decline, End, Match, MatchCreate, RequestWithdrawal
from matching.scoring import service as scoring_service
from matching.scoring.schemas import Recommendation

router = APIRouter(prefix="/v1", tags=["matches"])


@router.post(
    "/programs/{program_id}/matches", response_model=Match, status_code=status.HTTP_201_CREATED
)
async def create_match(
    program_id: UUID,
    data: MatchCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyKey,
) -> object:
    """Propose a pair: an admin proposes (awaiting whom the program's approval mode names), or
    one of the two asks for the other (awaiting the other person); 422 `pair-not-allowed`
    names the field a hard constraint is about."""
    return await idempotency.run(
        session,
        user,
        data,
        lambda: match_service.create(session, user, program_id, data),
        Match,
    )


@router.get("/programs/{program_id}/matches", response_model=Page[Match])
async def list_matches(
    program_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[Match]:
    """A program's matches (admins); a participant sees their own."""
    return page_of(await match_service.list_matches(session, user, program_id, page), page, Match)


@router.get("/matches/{match_id}", response_model=Match)
async def get_match(match_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    _, match = await match_service.get_visible(session, user, match_id)
    return match


@router.post("/matches/{match_id}/accept", response_model=Match)
async def accept_match(match_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """Accept a proposal that awaits you (or, as an admin, for everyone): each acceptance is
    kept in `accepted_by`; the last one accepts the match (409 if no place is left)."""
    return await match_service.accept(session, user, match_id)


@router.post("/matches/{match_id}/decline", response_model=Match)
async def decline_match(
    match_id: UUID, data: Decline, session: SessionDep, user: CurrentUser
) -> object:
    """Decline a proposal whose consent asks for yours (or, as an admin, any proposal)."""
    return await match_service.decline(session, user, match_id, data)


@router.post("/matches/{match_id}/withdraw", response_model=Match)
async def withdraw_match_request(
    match_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    data: Annotated[RequestWithdrawal | None, Body()] = None,
) -> object:
    """Take back your own request (as the mentee who asked, or the mentor who offered) while
    it is proposed."""
    return await match_service.withdraw_request(
        session, user, match_id, data or RequestWithdrawal()
    )


@router.post("/matches/{match_id}/end", response_model=Match)
async def end_match(match_id: UUID, data: End, session: SessionDep, user: CurrentUser) -> object:
    """End an active relationship: completed, or ended early with a reason."""
    return await match_service.end(session, user, match_id, data)


@router.post("/matches/{match_id}/review/clear", response_model=Match)
async def clear_review_flag(match_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """An admin has looked at a match flagged at risk."""
    return await match_service.clear_flag(session, user, match_id)


@router.get("/matches/{match_id}/rematch-suggestions", response_model=list[Recommendation])
async def rematch_suggestions(
    match_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[Recommendation]:
    """Other mentors for this match's mentee (e.g. when the match is flagged at risk)."""
    _, match = await match_service.get_visible(session, user, match_id)
    return await scoring_service.recommendations(
        session,
        user,
        match.mentee_participant_id,
        limit,
        exclude_mentor=match.mentor_participant_id,
    )
