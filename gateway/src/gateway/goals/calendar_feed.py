"""The one goals path the gateway serves over plain HTTP: a calendar feed.

Calendar apps (Outlook, Google) fetch a feed by its secret URL, knowing nothing of GraphQL or
bearer tokens. In the distributed mode only the gateway is public (deploy/k8s's ingress), so
the URL goals hands out, `<GOALS_PUBLIC_URL>/goals/v1/calendar/<token>.ics`, is answered here
by asking goals; the embedded root answers the same path from its `/goals` mount.
"""

from typing import Annotated

import httpx
from fastapi import APIRouter, Path, Request, Response

from gateway.context import Downstream
from kit.errors import ProblemError

router = APIRouter()
PASSED_ON = ("content-type", "content-disposition", "cache-control")


class GoalsUnavailableError(ProblemError):
    status = 503
    code = "service-unavailable"
    title = "Service unavailable"


@router.get("/goals/v1/calendar/{token}.ics", include_in_schema=False)
async def calendar_feed(
    request: Request,
    token: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,128}$", max_length=128)],
) -> Response:
    """Goals' answer as it is: the iCalendar file, or its 404 for a revoked or unknown token."""
    downstream: Downstream = request.app.state.downstream
    try:
        answer = await downstream.http["goals"].get(f"/v1/calendar/{token}.ics")
    except httpx.HTTPError as exc:
        raise GoalsUnavailableError("The calendar cannot be read now; retry later.") from exc
    headers = {name: answer.headers[name] for name in PASSED_ON if name in answer.headers}
    return Response(answer.content, status_code=answer.status_code, headers=headers)
