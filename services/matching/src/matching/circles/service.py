"""Circles: in a group program, a mentor with the mentees whose matches hold a place with them.

A circle is a read model derived from matches and participants (two queries for a whole page,
whatever its size), so it can never disagree with the match lifecycle: a match accepted or active
makes its mentee a member; declined, completed or ended, it drops them. Its id is the mentor's
participant id.

Admins of the program (and org admins) see every circle; a mentor sees their own; a member sees
theirs, other members included (that is what a group is for). Anything else is 404.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.errors import ConflictError, NotFoundError
from kit.pagination import PageParams
from matching.circles.repository import CircleRepository, Place
from matching.circles.schemas import CircleMember, CircleMentor
from matching.matches.repository import HOLDING_A_PLACE
from matching.models import Participant, Program
from matching.participants.repository import ParticipantRepository
from matching.programs import service as program_service

GROUP = "group"


@dataclass(frozen=True)
class CircleRow:
    """A circle, paged by its mentor's enrolment (`created_at`, `id`)."""

    id: UUID
    created_at: datetime
    program_id: UUID
    mentor: CircleMentor
    members: list[CircleMember]
    capacity: int
    open_places: int

    @property
    def size(self) -> int:
        return len(self.members)


def _circle(mentor: Participant, places: Sequence[Place]) -> CircleRow:
    members = [
        CircleMember(
            participant_id=place.mentee_participant_id,
            user_id=place.mentee_user_id,
            display_name=place.display_name,
            match_id=place.match_id,
            match_status=place.status,
            starts_on=place.starts_on,
        )
        for place in places
        if place.status in HOLDING_A_PLACE
    ]
    return CircleRow(
        id=mentor.id,
        created_at=mentor.created_at,
        program_id=mentor.program_id,
        mentor=CircleMentor(
            participant_id=mentor.id, user_id=mentor.user_id, display_name=mentor.display_name
        ),
        members=members,
        capacity=mentor.capacity,
        # proposals reserve a place too: acceptance would refuse them past the capacity
        open_places=max(0, mentor.capacity - len(places)),
    )


async def _circles(
    session: AsyncSession, user: Principal, programs: Sequence[Program], page: PageParams
) -> dict[UUID, list[CircleRow]]:
    """Each group program's page of circles the caller may see (limit + 1 rows, for the cursor)."""
    groups = [program for program in programs if program.format == GROUP]
    if not groups:
        return {}
    repository = CircleRepository(session)
    mentors = await repository.mentors(
        user.org_id,
        [program.id for program in groups],
        page,
        viewer=user.user_id,
        all_in=[program.id for program in groups if program_service.is_admin(user, program)],
    )
    places: dict[UUID, list[Place]] = {mentor.id: [] for mentor in mentors}
    for place in await repository.places(user.org_id, list(places)):
        places[place.mentor_participant_id].append(place)
    found: dict[UUID, list[CircleRow]] = {program.id: [] for program in groups}
    for mentor in mentors:
        found[mentor.program_id].append(_circle(mentor, places[mentor.id]))
    return found


async def list_circles(
    session: AsyncSession, user: Principal, program_id: UUID, page: PageParams
) -> list[CircleRow]:
    program = await program_service.get(session, user, program_id)
    if program.format != GROUP:
        raise ConflictError(
            f"Circles exist in group programs only; this program's format is {program.format}.",
            reason="not_a_group_program",
        )
    return (await _circles(session, user, [program], page))[program.id]


async def first_pages(
    session: AsyncSession, user: Principal, program_ids: list[UUID], limit: int
) -> list[tuple[UUID, list[CircleRow]]]:
    """The first page of each of these programs' circles, in the order asked; programs of other
    organisations, missing ones and those not in the group format are left out."""
    programs = await program_service.get_many(session, user, program_ids)
    found = await _circles(session, user, programs, PageParams(limit=limit, after=None))
    return [(program.id, found[program.id]) for program in programs if program.id in found]


async def get(session: AsyncSession, user: Principal, circle_id: UUID) -> CircleRow:
    missing = NotFoundError(f"Circle {circle_id} does not exist.")
    mentor = await ParticipantRepository(session).get(user.org_id, circle_id)
    if mentor is None or mentor.role != "mentor":
        raise missing
    program = await program_service.get(session, user, mentor.program_id)
    if program.format != GROUP:
        raise missing
    circle = _circle(mentor, await CircleRepository(session).places(user.org_id, [mentor.id]))
    members = {member.user_id for member in circle.members}
    if not members:
        raise missing
    if not (
        program_service.is_admin(user, program)
        or user.user_id == mentor.user_id
        or user.user_id in members
    ):
        raise missing
    return circle
