from collections.abc import Collection, Sequence
from datetime import date
from typing import NamedTuple
from uuid import UUID

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import aliased

from kit.pagination import PageParams
from kit.repository import Repository
from matching.matches.repository import HOLDING_A_PLACE, OPEN
from matching.matches.schemas import MatchStatus
from matching.models import Match, Participant


class Place(NamedTuple):
    """An open match of a circle's mentor, with its mentee's name."""

    match_id: UUID
    mentor_participant_id: UUID
    mentee_participant_id: UUID
    mentee_user_id: str
    status: MatchStatus
    starts_on: date | None
    display_name: str


class CircleRepository(Repository):
    """A circle is derived, not stored: a mentor with at least one match holding a place."""

    async def mentors(
        self,
        org_id: str,
        program_ids: Sequence[UUID],
        page: PageParams,
        *,
        viewer: str,
        all_in: Collection[UUID],
    ) -> list[Participant]:
        """The mentors leading a circle: a page per program, in one query, ordered by the
        mentor's enrolment (created_at, id) with one extra row per program to tell whether more
        follow. In the programs of `all_in` every circle; elsewhere only the viewer's, as its
        mentor or as a member."""
        holding = select(Match.id).where(
            Match.org_id == org_id,
            Match.mentor_participant_id == Participant.id,
            Match.status.in_(HOLDING_A_PLACE),
        )
        place = (
            func.row_number()
            .over(
                partition_by=Participant.program_id,
                order_by=(Participant.created_at, Participant.id),
            )
            .label("place")
        )
        query = select(Participant, place).where(
            Participant.org_id == org_id,
            Participant.program_id.in_(program_ids),
            Participant.role == "mentor",
            holding.exists(),
            or_(
                Participant.program_id.in_(all_in),
                Participant.user_id == viewer,
                holding.where(Match.mentee_user_id == viewer).exists(),
            ),
        )
        if page.after is not None:
            query = query.where(tuple_(Participant.created_at, Participant.id) > page.after)
        ranked = query.subquery()
        mentor = aliased(Participant, ranked)
        return list(
            await self._session.scalars(
                select(mentor)
                .where(ranked.c.place <= page.limit + 1)
                .order_by(ranked.c.program_id, ranked.c.created_at, ranked.c.id)
            )
        )

    async def places(self, org_id: str, mentor_ids: Sequence[UUID]) -> list[Place]:
        """Every open match (proposed, accepted, active) of these mentors, in the order their
        places were taken, in one query."""
        if not mentor_ids:
            return []
        rows = await self._session.execute(
            select(
                Match.id,
                Match.mentor_participant_id,
                Match.mentee_participant_id,
                Match.mentee_user_id,
                Match.status,
                Match.starts_on,
                Participant.display_name,
            )
            .join(Participant, Participant.id == Match.mentee_participant_id)
            .where(
                Match.org_id == org_id,
                Participant.org_id == org_id,
                Match.mentor_participant_id.in_(mentor_ids),
                Match.status.in_(OPEN),
            )
            .order_by(Match.accepted_at, Match.created_at, Match.id)
        )
        return [Place._make(row) for row in rows]
