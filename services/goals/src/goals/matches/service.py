"""Matches as this service sees them: listing the visible ones and the per-match cadence."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from goals.access import visible_match
from goals.matches import schemas
from goals.matches.repository import ReadModelRepository
from goals.models import Match
from kit import audit
from kit.auth import Principal
from kit.pagination import PageParams


async def list_matches(session: AsyncSession, user: Principal, page: PageParams) -> list[Match]:
    repository = ReadModelRepository(session)
    admin_of = None
    if not user.is_org_admin:
        programs = await repository.programs(user.org_id)
        admin_of = [p.id for p in programs if user.user_id in p.admin_user_ids]
    return await repository.visible_matches(user.org_id, user.user_id, admin_of, page)


async def get(session: AsyncSession, user: Principal, match_id: UUID) -> Match:
    return (await visible_match(session, user, match_id)).match


async def update(
    session: AsyncSession, user: Principal, match_id: UUID, data: schemas.MatchUpdate
) -> Match:
    """The cadence starts as the program's default; the pair or an admin may change it."""
    access = await visible_match(session, user, match_id)
    access.require_active()
    before = access.match.cadence
    access.match.cadence = data.cadence
    await session.flush()
    if not access.is_party and before != data.cadence:
        await audit.record(
            session,
            user,
            "match.cadence_changed_by_admin",
            "match",
            match_id,
            before={"cadence": before},
            after={"cadence": data.cadence},
        )
    return access.match
