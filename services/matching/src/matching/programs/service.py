from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import ProgramCreatedV1
from kit.auth import Principal
from kit.errors import NotFoundError
from kit.events.outbox import emit
from matching.models import Program
from matching.programs.repository import ProgramRepository
from matching.programs.schemas import ProgramCreate


async def create(session: AsyncSession, user: Principal, data: ProgramCreate) -> Program:
    user.require_org_admin()
    program = await ProgramRepository(session).add(
        Program(org_id=user.org_id, name=data.name, format=data.format)
    )
    await emit(
        session,
        ProgramCreatedV1(program_id=program.id, name=program.name, format=program.format),
        subject=str(program.id),
        org_id=user.org_id,
    )
    return program


async def get(session: AsyncSession, user: Principal, program_id: UUID) -> Program:
    program = await ProgramRepository(session).get(user.org_id, program_id)
    if program is None:
        raise NotFoundError(f"Program {program_id} does not exist.")
    return program
