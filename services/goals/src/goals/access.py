"""Who sees a match: its two participants and the program's admins (org admins too).

Everyone else, in this tenant or another, gets 404, the same as for a missing match.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypedDict
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from goals.matches.repository import ReadModelRepository
from goals.models import Match, Program
from kit.auth import Principal
from kit.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError

Role = Literal["mentor", "mentee", "admin"]


@dataclass(frozen=True)
class MatchAccess:
    match: Match
    role: Role

    @property
    def is_party(self) -> bool:
        return self.role != "admin"

    def require_party(self) -> None:
        """Admins see a relationship; only its two people act in it."""
        if not self.is_party:
            raise ForbiddenError("Only the match's mentor and mentee can do this.")

    def require_active(self) -> None:
        if self.match.status != "active":
            raise ConflictError("This match has ended.")


def is_program_admin(user: Principal, program: Program | None) -> bool:
    return user.administers(program.admin_user_ids if program else ())


async def visible_match(session: AsyncSession, user: Principal, match_id: UUID) -> MatchAccess:
    repository = ReadModelRepository(session)
    match = await repository.match(user.org_id, match_id)
    if match is None:
        raise NotFoundError("No such match.")
    if user.user_id == match.mentee_user_id:
        return MatchAccess(match, "mentee")
    if user.user_id == match.mentor_user_id:
        return MatchAccess(match, "mentor")
    if is_program_admin(user, await repository.program(user.org_id, match.program_id)):
        return MatchAccess(match, "admin")
    raise NotFoundError("No such match.")


async def visible_matches(
    session: AsyncSession, user: Principal, match_ids: Sequence[UUID]
) -> list[MatchAccess]:
    """`visible_match` for many at once, in the order asked; the invisible are left out."""
    repository = ReadModelRepository(session)
    matches = {match.id: match for match in await repository.matches(user.org_id, match_ids)}
    programs = await repository.programs_by_id(
        user.org_id, list({match.program_id for match in matches.values()})
    )
    found = []
    for match_id in match_ids:
        match = matches.get(match_id)
        if match is None:
            continue
        if user.user_id == match.mentee_user_id:
            found.append(MatchAccess(match, "mentee"))
        elif user.user_id == match.mentor_user_id:
            found.append(MatchAccess(match, "mentor"))
        elif is_program_admin(user, programs.get(match.program_id)):
            found.append(MatchAccess(match, "admin"))
    return found


def zone(name: str, field: str = "timezone") -> ZoneInfo:
    """An IANA zone, or a 422 naming the field."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnprocessableError(f"{name!r} is not an IANA timezone.", field=field) from exc


async def timezone_of(session: AsyncSession, match: Match, user_id: str) -> str:
    """The user's IANA timezone in the match's program (from matching's events), else UTC."""
    if user_id == match.mentor_user_id:
        participant_id = match.mentor_participant_id
    elif user_id == match.mentee_user_id:
        participant_id = match.mentee_participant_id
    else:
        return "UTC"
    participant = await ReadModelRepository(session).participant(match.org_id, participant_id)
    if participant is None or not participant.timezone:
        return "UTC"
    try:
        ZoneInfo(participant.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return participant.timezone


class Scope(TypedDict):
    match_id: UUID
    program_id: UUID
    mentor_user_id: str
    mentee_user_id: str


def scope(match: Match) -> Scope:
    """The fields every goals event carries about its match."""
    return Scope(
        match_id=match.id,
        program_id=match.program_id,
        mentor_user_id=match.mentor_user_id,
        mentee_user_id=match.mentee_user_id,
    )
