from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.batch import MAX_IDS, parse_ids
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_of, page_params
from matching.programs import service as program_service
from matching.programs.schemas import Program, ProgramCreate, ProgramUpdate, StatusChange

router = APIRouter(prefix="/v1/programs", tags=["programs"])


@router.post("", response_model=Program, status_code=status.HTTP_201_CREATED)
async def create_program(
    data: ProgramCreate, session: SessionDep, user: CurrentUser, idempotency: IdempotencyKey
) -> object:
    """Create a program in the caller's organisation (org admins only)."""
    return await idempotency.run(
        session, user, data, lambda: program_service.create(session, user, data), Program
    )


@router.get("", response_model=Page[Program])
async def list_programs(
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
    ids: Annotated[
        str | None,
        Query(
            description=f"Only these programs (comma-separated ids, at most {MAX_IDS}), in this "
            "order and on one page; ids not of the caller's organisation are left out."
        ),
    ] = None,
) -> Page[Program]:
    """The programs of the caller's organisation, oldest first: all of them for org admins;
    for anyone else those open to them (enrolling), those they are in and those they
    administer. `ids` reads programs of the organisation as the single read does."""
    if ids is not None:
        rows = await program_service.get_many(session, user, parse_ids(ids, "ids"))
        return Page[Program](items=[Program.model_validate(row) for row in rows])
    return page_of(await program_service.list_programs(session, user, page), page, Program)


@router.get("/{program_id}", response_model=Program)
async def get_program(program_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """A program of the caller's organisation."""
    return await program_service.get(session, user, program_id)


@router.patch("/{program_id}", response_model=Program)
async def update_program(
    program_id: UUID, data: ProgramUpdate, session: SessionDep, user: CurrentUser
) -> object:
    """Change a program's settings, admins, cadence or goal templates (program admins)."""
    return await program_service.update(session, user, program_id, data)


@router.post("/{program_id}/status", response_model=Program)
async def change_program_status(
    program_id: UUID, data: StatusChange, session: SessionDep, user: CurrentUser
) -> object:
    """Move a program forward: draft, enrolling, matching, active, closed."""
    return await program_service.change_status(session, user, program_id, data)
