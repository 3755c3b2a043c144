"""A person's data from every service, asked with the caller's token (each service checks it:
the person themself or an org admin of their organisation)."""

import asyncio
from typing import Any
from urllib.parse import quote

from gateway.clients.base import ServiceClient, ServiceError

SERVICES = ("matching", "goals", "feedback", "notifications")


async def _document(client: ServiceClient, user_id: str) -> Any:
    """The service's `PersonalData`, or None when it holds nothing about the person."""
    try:
        return await client.get(f"/v1/people/{quote(user_id, safe='')}/export")
    except ServiceError as error:
        if error.status == 404:
            return None
        raise


async def collect(clients: dict[str, ServiceClient], user_id: str) -> dict[str, Any]:
    """Each service's export by service name (None where it holds nothing). A service's 404
    is also what a caller who may not ask gets, so nothing anywhere is a 404 (ServiceError);
    other refusals propagate: an export is whole or nothing."""
    found = await asyncio.gather(*(_document(clients[name], user_id) for name in SERVICES))
    if all(document is None for document in found):
        raise ServiceError(404, {"code": "not-found", "detail": "No such person."})
    return dict(zip(SERVICES, found, strict=True))
