import re
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.errors import UnprocessableError
from kit.pagination import MAX_PAGE
from matching.directory import service as directory_service
from matching.directory.schemas import Directory, DirectoryFilters, DirectoryPage

router = APIRouter(prefix="/v1", tags=["directory"])

MAX_TERMS = 20
"""Values a repeated search parameter takes (more would be a search nobody means)."""
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _terms(values: list[str], field: str) -> tuple[str, ...]:
    """Search words as profiles store them (trimmed, lower case), each once."""
    if len(values) > MAX_TERMS:
        raise UnprocessableError(f"At most {MAX_TERMS} values of {field}.", field=field)
    terms = tuple(dict.fromkeys(value.strip().lower() for value in values))
    if any(not term or len(term) > 200 for term in terms):
        raise UnprocessableError(f"Each {field} is 1 to 200 characters.", field=field)
    return terms


async def directory_filters(
    participant_id: Annotated[
        UUID | None,
        Query(
            description="The mentee whose directory this is: the program's admins name any "
            "mentee; a mentee may leave it out (her own)."
        ),
    ] = None,
    skill: Annotated[
        list[str], Query(description="Repeatable: the mentor offers every skill named.")
    ] = [],  # noqa: B006 (FastAPI copies query defaults)
    language: Annotated[
        list[str], Query(description="Repeatable: the mentor speaks at least one of them.")
    ] = [],  # noqa: B006
    available_in: Annotated[
        list[str],
        Query(description="Repeatable month YYYY-MM: the mentor gives hours in every one."),
    ] = [],  # noqa: B006
    free_only: Annotated[
        bool, Query(description="Only mentors with a free place now (default: all).")
    ] = False,
) -> DirectoryFilters:
    months = _terms(available_in, "available_in")
    if any(not _MONTH.match(month) for month in months):
        raise UnprocessableError("Months are YYYY-MM.", field="available_in")
    return DirectoryFilters(
        participant_id=participant_id,
        skills=_terms(skill, "skill"),
        languages=_terms(language, "language"),
        available_in=months,
        free_only=free_only,
    )


async def directory_page(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page")] = 50,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
) -> DirectoryPage:
    return DirectoryPage(
        limit=limit, after=directory_service.decode_cursor(cursor) if cursor else None
    )


@router.get("/programs/{program_id}/directory", response_model=Directory)
async def mentor_directory(
    program_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    filters: Annotated[DirectoryFilters, Depends(directory_filters)],
    page: Annotated[DirectoryPage, Depends(directory_page)],
) -> Directory:
    """The mentors a mentee may ask in this program, best score first, each with the pair's
    explanation; those without a free place are listed too, marked `at_capacity`. A mentee
    reads her own; the program's admins read any mentee's (`participant_id`); a mentor is
    refused (403 `directory-for-mentees`)."""
    return await directory_service.directory(session, user, program_id, filters, page)
