"""`GET /audit-log.csv`: the organisation's audit log across every service as one CSV, for an
auditor (org admins; the caller's bearer token goes on to each service, which checks it).

The query parameters are the services' own (`actor_id`, `action` as a prefix, `target_type`,
`target_id`, `since`, `until`, `limit` up to 10 000, `cursor`); when more entries follow, the
`Next-Cursor` header is the `cursor` of the rest. Rows are the services' rows, already made
safe for spreadsheets there, with the service that recorded each in front."""

import asyncio
import csv
import io
from datetime import datetime
from typing import Annotated

import httpx
from fastapi import APIRouter, Query, Request, Response

from gateway.audit.merge import Entry, merge
from gateway.context import SERVICES, Downstream
from gateway.public_links import ServiceUnavailableError

MAX_ROWS = 10_000
NEXT_CURSOR = "Next-Cursor"
FILTERS = ("actor_id", "action", "target_type", "target_id", "since", "until", "cursor")

router = APIRouter()
Row = dict[str, str]


@router.get(
    "/audit-log.csv",
    summary="The organisation's audit log across every service, as CSV (org admins)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def audit_log_csv(
    request: Request, limit: Annotated[int, Query(ge=1, le=MAX_ROWS)] = MAX_ROWS
) -> Response:
    params = {name: request.query_params[name] for name in FILTERS if name in request.query_params}
    params["limit"] = str(limit)
    headers = {"Authorization": request.headers.get("authorization", "")}
    downstream: Downstream = request.app.state.downstream

    async def ask(service: str) -> httpx.Response:
        try:
            return await downstream.http[service].get(
                "/v1/audit-log.csv", params=params, headers=headers
            )
        except httpx.HTTPError as exc:
            raise ServiceUnavailableError("Reading the audit log is not possible now.") from exc

    answers = await asyncio.gather(*(ask(service) for service in SERVICES))
    for answer in answers:
        if answer.status_code != 200:
            # Each service refuses alike (401, 403, 422 on a bad filter): its problem as is.
            return Response(
                answer.content,
                status_code=503 if answer.status_code >= 500 else answer.status_code,
                media_type=answer.headers.get("content-type"),
            )
    pages = {
        service: _entries(service, answer)
        for service, answer in zip(SERVICES, answers, strict=True)
    }
    merged = merge(pages, limit)
    out = io.StringIO()
    columns = ["service", *next(csv.reader(io.StringIO(answers[0].text)))]
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for entry in merged.entries:
        writer.writerow({"service": entry.service, **entry.row})
    response_headers = {"Content-Disposition": 'attachment; filename="audit-log.csv"'}
    if merged.next_cursor:
        response_headers[NEXT_CURSOR] = merged.next_cursor
    return Response(out.getvalue(), media_type="text/csv", headers=response_headers)


def _entries(service: str, answer: httpx.Response) -> tuple[list[Entry[Row]], bool]:
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    entries = [Entry(service, datetime.fromisoformat(r["at"]), r["id"], r) for r in rows]
    return entries, NEXT_CURSOR in answer.headers
