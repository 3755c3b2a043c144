from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import func, select

from kit.pagination import PageParams, paginate
from kit.repository import Repository
from matching.matches.repository import OPEN
from matching.models import Match, Participant, Program

IN_CHUNK = 1000
"""Values per `IN (...)`: an import's 100,000 ids in one list pass the bind-parameter limits of
SQLite (32,766) and asyncpg (32,767)."""


def _chunks(values: Sequence[str]) -> list[list[str]]:
    unique = list(dict.fromkeys(values))
    return [unique[start : start + IN_CHUNK] for start in range(0, len(unique), IN_CHUNK)]


class ParticipantRepository(Repository):
    async def of_user(self, org_id: str, program_id: UUID, user_id: str) -> list[Participant]:
        """The person's participations in the program (two in a peer program: one per role)."""
        return list(
            await self._session.scalars(
                select(Participant)
                .where(
                    Participant.org_id == org_id,
                    Participant.program_id == program_id,
                    Participant.user_id == user_id,
                )
                .order_by(Participant.created_at, Participant.id)
            )
        )

    async def get(
        self, org_id: str, participant_id: UUID, *, for_update: bool = False
    ) -> Participant | None:
        return await self._of_tenant(Participant, org_id, participant_id, for_update=for_update)

    async def many(self, org_id: str, participant_ids: Sequence[UUID]) -> list[Participant]:
        return list(
            await self._session.scalars(
                select(Participant).where(
                    Participant.org_id == org_id, Participant.id.in_(participant_ids)
                )
            )
        )

    async def by_external_ids(
        self, org_id: str, program_id: UUID, external_ids: Sequence[str]
    ) -> dict[str, Participant]:
        found: dict[str, Participant] = {}
        for chunk in _chunks(external_ids):
            rows = await self._session.scalars(
                select(Participant).where(
                    Participant.org_id == org_id,
                    Participant.program_id == program_id,
                    Participant.external_id.in_(chunk),
                )
            )
            found.update({row.external_id: row for row in rows if row.external_id})
        return found

    async def by_user_ids(
        self, org_id: str, program_id: UUID, user_ids: Sequence[str]
    ) -> dict[str, list[Participant]]:
        """Each person's participations (one per role)."""
        found: dict[str, list[Participant]] = {}
        for chunk in _chunks(user_ids):
            rows = await self._session.scalars(
                select(Participant).where(
                    Participant.org_id == org_id,
                    Participant.program_id == program_id,
                    Participant.user_id.in_(chunk),
                )
            )
            for row in rows:
                found.setdefault(row.user_id, []).append(row)
        return found

    async def of_person(self, org_id: str, user_id: str, *, open_only: bool) -> list[Participant]:
        """The person's active participations in the org, in programs not closed if
        `open_only`, locked: withdrawing them must not race a match being accepted."""
        query = select(Participant).where(
            Participant.org_id == org_id,
            Participant.user_id == user_id,
            Participant.status == "active",
        )
        if open_only:
            query = query.join(Program, Program.id == Participant.program_id).where(
                Program.status != "closed"
            )
        return list(
            await self._session.scalars(
                query.order_by(Participant.created_at, Participant.id).with_for_update(
                    of=Participant
                )
            )
        )

    async def active(self, org_id: str, program_id: UUID) -> list[Participant]:
        return list(
            await self._session.scalars(
                select(Participant)
                .where(
                    Participant.org_id == org_id,
                    Participant.program_id == program_id,
                    Participant.status == "active",
                )
                .order_by(Participant.created_at, Participant.id)
            )
        )

    async def list(
        self, org_id: str, program_id: UUID, page: PageParams, user_id: str | None = None
    ) -> list[Participant]:
        query = select(Participant).where(
            Participant.org_id == org_id, Participant.program_id == program_id
        )
        if user_id is not None:
            query = query.where(Participant.user_id == user_id)
        return list(
            await self._session.scalars(
                paginate(query, Participant.created_at, Participant.id, page)
            )
        )

    async def open_loads(self, org_id: str, program_id: UUID) -> dict[UUID, int]:
        """Open matches (proposed, accepted, active) per participant, on either side."""
        loads: dict[UUID, int] = {}
        for column in (Match.mentor_participant_id, Match.mentee_participant_id):
            rows = await self._session.execute(
                select(column, func.count())
                .where(
                    Match.org_id == org_id,
                    Match.program_id == program_id,
                    Match.status.in_(OPEN),
                )
                .group_by(column)
            )
            for participant_id, count in rows.all():
                loads[participant_id] = loads.get(participant_id, 0) + count
        return loads
