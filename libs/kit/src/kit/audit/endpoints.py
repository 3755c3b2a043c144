"""`GET /v1/audit-log` and its CSV form, the same in every service (org admins only)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from pydantic import AwareDatetime

from kit.app import SessionDep
from kit.audit import service as audit_service
from kit.audit.schemas import AuditEntry, AuditFilter
from kit.auth import CurrentUser
from kit.pagination import Page, PageParams, decode_cursor, page_params

MAX_CSV_ROWS = 10_000
NEXT_CURSOR_HEADER = "Next-Cursor"

router = APIRouter(prefix="/v1", tags=["audit"])


async def audit_filter(
    actor_id: Annotated[
        str | None, Query(max_length=200, description="Only this actor's entries")
    ] = None,
    action: Annotated[
        str | None,
        Query(max_length=100, description="Actions starting with this (`program.`: all)"),
    ] = None,
    target_type: Annotated[str | None, Query(max_length=50)] = None,
    target_id: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[
        AwareDatetime | None, Query(description="From this instant (included)")
    ] = None,
    until: Annotated[
        AwareDatetime | None, Query(description="Up to this instant (excluded)")
    ] = None,
) -> AuditFilter:
    return AuditFilter(
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        since=since,
        until=until,
    )


Filter = Annotated[AuditFilter, Depends(audit_filter)]


@router.get("/audit-log", response_model=Page[AuditEntry])
async def audit_log(
    session: SessionDep,
    user: CurrentUser,
    where: Filter,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[AuditEntry]:
    """The organisation's audit log, newest first (org admins only). Entries are never changed
    or deleted through any API."""
    return await audit_service.page(session, user, where, page)


@router.get(
    "/audit-log.csv",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {}},
            "description": f"One row per entry, newest first, at most `limit`; when more "
            f"follow, the `{NEXT_CURSOR_HEADER}` header is the `cursor` of the rest.",
        }
    },
)
async def audit_log_csv(
    session: SessionDep,
    user: CurrentUser,
    where: Filter,
    limit: Annotated[int, Query(ge=1, le=MAX_CSV_ROWS)] = MAX_CSV_ROWS,
    cursor: Annotated[str | None, Query(description=f"A `{NEXT_CURSOR_HEADER}` header")] = None,
) -> Response:
    """The audit log as CSV for an auditor (org admins only), with the same filters."""
    params = PageParams(limit=limit, after=decode_cursor(cursor) if cursor else None)
    found = await audit_service.page(session, user, where, params)
    headers = {"Content-Disposition": 'attachment; filename="audit-log.csv"'}
    if found.next_cursor:
        headers[NEXT_CURSOR_HEADER] = found.next_cursor
    return Response(audit_service.as_csv(found.items), media_type="text/csv", headers=headers)
