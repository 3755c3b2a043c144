from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.access import administered_program, administers
from feedback.health.schemas import RelationshipHealth, SignalView
from feedback.models import Match
from feedback.readmodels.repository import ReadModelRepository
from kit.app import SessionDep
from kit.auth import CurrentUser, Principal
from kit.batch import Items, ids_query
from kit.errors import NotFoundError
from kit.pagination import Page, PageParams, encode_cursor, page_params

router = APIRouter(prefix="/v1", tags=["relationship health"])


async def _visible_match(session: AsyncSession, user: Principal, match_id: UUID) -> Match:
    """Health is for the program's admins: it is built from both people's feedback."""
    repository = ReadModelRepository(session)
    match = await repository.match(user.org_id, match_id)
    if match is not None:
        program = await repository.program(user.org_id, match.program_id)
        if administers(user, program):
            return match
    raise NotFoundError(f"Match {match_id} does not exist.")


async def _visible_matches(
    session: AsyncSession, user: Principal, match_ids: list[UUID]
) -> list[Match]:
    """`_visible_match` for many at once, in the order asked; the invisible are left out."""
    repository = ReadModelRepository(session)
    matches = {match.id: match for match in await repository.matches(user.org_id, match_ids)}
    programs = await repository.programs(
        user.org_id, list({match.program_id for match in matches.values()})
    )

    return [
        matches[i]
        for i in match_ids
        if i in matches and administers(user, programs.get(matches[i].program_id))
    ]


def _view(match: Match) -> RelationshipHealth:
    return RelationshipHealth(
        match_id=match.id,
        program_id=match.program_id,
        status=match.status,
        score=match.health_score,
        at_risk=match.at_risk,
        signals=[SignalView.model_validate(signal) for signal in match.health_signals or []],
        computed_at=match.health_updated_at,
    )


@router.get("/programs/{program_id}/at-risk-matches", response_model=Page[RelationshipHealth])
async def list_at_risk(
    program_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[RelationshipHealth]:
    """The program's active matches flagged at risk, oldest match first (program admins)."""
    await administered_program(session, user, program_id)
    rows = await ReadModelRepository(session).at_risk(user.org_id, program_id, page)
    shown, last = rows[: page.limit], rows[page.limit - 1] if len(rows) > page.limit else None
    return Page[RelationshipHealth](
        items=[_view(match) for match in shown],
        next_cursor=encode_cursor(last.created_at, last.id) if last else None,
    )


@router.get("/health", response_model=Items[RelationshipHealth])
async def read_health(
    session: SessionDep,
    user: CurrentUser,
    match_ids: Annotated[list[UUID], ids_query("match_ids", "match")],
) -> Items[RelationshipHealth]:
    """The health of many matches at once, in the order asked; matches the caller may not see
    (as in the single read: program admins and org admins) are left out."""
    matches = await _visible_matches(session, user, match_ids)
    return Items[RelationshipHealth](items=[_view(match) for match in matches])


@router.get("/matches/{match_id}/health", response_model=RelationshipHealth)
async def get_health(match_id: UUID, session: SessionDep, user: CurrentUser) -> RelationshipHealth:
    """The match's last computed score, at-risk flag and each signal's contribution."""
    return _view(await _visible_match(session, user, match_id))
