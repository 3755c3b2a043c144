"""Who may see what: program admins (and org admins) see a program's aggregates; nobody else
learns that the program exists here (404, like a missing one)."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from feedback.models import Program
from feedback.readmodels.repository import ReadModelRepository
from kit.auth import Principal
from kit.errors import NotFoundError


def administers(user: Principal, program: Program | None) -> bool:
    return user.administers(program.admin_user_ids if program else ())


async def administered_program(session: AsyncSession, user: Principal, program_id: UUID) -> Program:
    program = await ReadModelRepository(session).program(user.org_id, program_id)
    if program is None or not administers(user, program):
        raise NotFoundError(f"Program {program_id} does not exist.")
    return program


MIN_GROUP_SIZE = 5
"""No aggregate is shown over fewer people than this (k-anonymity floor)."""


def shown(population: int) -> bool:
    return population >= MIN_GROUP_SIZE
