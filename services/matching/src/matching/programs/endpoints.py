from uuid import UUID

from fastapi import APIRouter, status

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.idempotency import IdempotencyKey
from matching.programs import service as program_service
from matching.programs.schemas import Program, ProgramCreate

router = APIRouter(prefix="/v1/programs", tags=["programs"])


@router.post("", response_model=Program, status_code=status.HTTP_201_CREATED)
async def create_program(
    data: ProgramCreate, session: SessionDep, user: CurrentUser, idempotency: IdempotencyKey
) -> object:
    """Create a program in the caller's organisation (org admins only)."""
    return await idempotency.run(
        session, user, data, lambda: program_service.create(session, user, data), Program
    )


@router.get("/{program_id}", response_model=Program)
async def get_program(program_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """A program of the caller's organisation."""
    return await program_service.get(session, user, program_id)
