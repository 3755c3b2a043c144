"""The notifications paths the gateway serves over plain HTTP: one-click unsubscribe links.

Mail clients (RFC 8058) and people's browsers open the link every email carries,
`<NOTIFICATIONS_PUBLIC_URL>/notifications/v1/unsubscribe/<token>`, knowing nothing of GraphQL or
bearer tokens. In the distributed mode only the gateway is public, so it is answered here by
asking notifications; the embedded root answers the same path from its `/notifications` mount.
"""

from typing import Annotated

import httpx
from fastapi import APIRouter, Path, Request, Response

from gateway.context import Downstream
from kit.errors import ProblemError

router = APIRouter()
PASSED_ON = ("content-type", "cache-control")
Token = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,64}$", max_length=64)]


class NotificationsUnavailableError(ProblemError):
    status = 503
    code = "service-unavailable"
    title = "Service unavailable"


async def _forward(request: Request, method: str, token: str) -> Response:
    downstream: Downstream = request.app.state.downstream
    try:
        # The body (`List-Unsubscribe=One-Click`) is not needed downstream: the POST is the act.
        answer = await downstream.http["notifications"].request(method, f"/v1/unsubscribe/{token}")
    except httpx.HTTPError as exc:
        raise NotificationsUnavailableError(
            "Unsubscribing is not possible now; retry later."
        ) from exc
    headers = {name: answer.headers[name] for name in PASSED_ON if name in answer.headers}
    return Response(answer.content, status_code=answer.status_code, headers=headers)


@router.get("/notifications/v1/unsubscribe/{token}", include_in_schema=False)
async def confirm_unsubscribe(request: Request, token: Token) -> Response:
    """Notifications' confirmation page (it changes nothing), or its 404."""
    return await _forward(request, "GET", token)


@router.post("/notifications/v1/unsubscribe/{token}", include_in_schema=False)
async def unsubscribe(request: Request, token: Token) -> Response:
    """Notifications' one-click unsubscribe, or its 404."""
    return await _forward(request, "POST", token)
