"""The services' paths the gateway serves over plain HTTP, for links handed to people and their
apps: calendar feeds and one-click unsubscribe links.

Calendar apps, mail clients (RFC 8058) and browsers open these links knowing nothing of GraphQL
or bearer tokens; the secret token in the path is the only credential. In the distributed mode
only the gateway is public (deploy/k8s's ingress), so the URLs the services hand out,
`<PUBLIC_URL>/<service>/v1/...`, are answered here by asking the service; the embedded root
answers the same paths from its service mounts.
"""

from typing import Annotated

import httpx
from fastapi import APIRouter, Path, Request, Response

from gateway.context import Downstream
from kit.errors import ProblemError

router = APIRouter()
PASSED_ON = ("content-type", "content-disposition", "cache-control")
CalendarToken = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,128}$", max_length=128)]
UnsubscribeToken = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,64}$", max_length=64)]


class ServiceUnavailableError(ProblemError):
    status = 503
    code = "service-unavailable"
    title = "Service unavailable"


async def _forward(request: Request, service: str, method: str, path: str, doing: str) -> Response:
    """The service's answer as it is (its 404 for an unknown or revoked token included)."""
    downstream: Downstream = request.app.state.downstream
    try:
        answer = await downstream.http[service].request(method, path)
    except httpx.HTTPError as exc:
        raise ServiceUnavailableError(f"{doing} is not possible now; retry later.") from exc
    headers = {name: answer.headers[name] for name in PASSED_ON if name in answer.headers}
    return Response(answer.content, status_code=answer.status_code, headers=headers)


@router.get("/goals/v1/calendar/{token}.ics", include_in_schema=False)
async def calendar_feed(request: Request, token: CalendarToken) -> Response:
    return await _forward(
        request, "goals", "GET", f"/v1/calendar/{token}.ics", "Reading the calendar"
    )


@router.get("/notifications/v1/unsubscribe/{token}", include_in_schema=False)
async def confirm_unsubscribe(request: Request, token: UnsubscribeToken) -> Response:
    """The confirmation page (it changes nothing)."""
    return await _forward(
        request, "notifications", "GET", f"/v1/unsubscribe/{token}", "Unsubscribing"
    )


@router.post("/notifications/v1/unsubscribe/{token}", include_in_schema=False)
async def unsubscribe(request: Request, token: UnsubscribeToken) -> Response:
    # The body (`List-Unsubscribe=One-Click`) is not needed downstream: the POST is the act.
    return await _forward(
        request, "notifications", "POST", f"/v1/unsubscribe/{token}", "Unsubscribing"
    )
