from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from kit.app import SessionDep
from notifications.unsubscribe import pages
from notifications.unsubscribe import service as unsubscribe_service

router = APIRouter(prefix="/v1/unsubscribe", tags=["unsubscribe"])
Token = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,64}$", max_length=64)]
HTML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "A small HTML page"}
}


@router.get("/{token}", response_class=HTMLResponse, responses=HTML)
async def confirm_unsubscribe(token: Token, session: SessionDep) -> HTMLResponse:
    """What the link would stop, with a button; changes nothing (mail scanners follow links).
    The secret token in the path is the only credential."""
    found = await unsubscribe_service.find(session, token)
    return HTMLResponse(pages.confirm(found), headers={"Cache-Control": "no-store"})


@router.post("/{token}", response_class=HTMLResponse, responses=HTML)
async def unsubscribe(token: Token, session: SessionDep) -> HTMLResponse:
    """One-click unsubscribe (RFC 8058: a mail client POSTs `List-Unsubscribe=One-Click`; a
    browser posts the confirmation form): email stops for the link's category, in-app stays.
    Idempotent. The body is not needed and not read."""
    found = await unsubscribe_service.unsubscribe(session, token)
    return HTMLResponse(pages.done(found), headers={"Cache-Control": "no-store"})
