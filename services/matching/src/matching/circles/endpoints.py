from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.batch import Items, ids_query
from kit.pagination import MAX_PAGE, Page, PageParams, page_of, page_params
from matching.circles import service as circle_service
from matching.circles.schemas import Circle, ProgramCircles
from matching.circles.service import CircleRow

router = APIRouter(prefix="/v1", tags=["circles"])


@router.get("/programs/{program_id}/circles", response_model=Page[Circle])
async def list_circles(
    program_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[Circle]:
    """A group program's circles, one per mentor with members, by the mentor's enrolment
    (admins see all; a mentor or a member, their own). 409 if the program is not a group."""
    rows = await circle_service.list_circles(session, user, program_id, page)
    return page_of(rows, page, Circle)


@router.get("/circles", response_model=Items[ProgramCircles])
async def first_pages_of_circles(
    session: SessionDep,
    user: CurrentUser,
    program_ids: Annotated[list[UUID], ids_query("program_ids", "program")],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Circles per program")] = 50,
) -> Items[ProgramCircles]:
    """The first page of each program's circles, in the order asked; programs of other
    organisations and those not in the group format are left out."""
    first = PageParams(limit=limit, after=None)

    def first_page(program_id: UUID, rows: list[CircleRow]) -> ProgramCircles:
        page = page_of(rows, first, Circle)
        return ProgramCircles(program_id=program_id, items=page.items, next_cursor=page.next_cursor)

    pages = await circle_service.first_pages(session, user, program_ids, limit)
    return Items[ProgramCircles](items=[first_page(*page) for page in pages])


@router.get("/circles/{circle_id}", response_model=Circle)
async def get_circle(circle_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """A circle (its id is the mentor's participant id), if the caller leads it, belongs to it
    or administers its program."""
    return await circle_service.get(session, user, circle_id)
