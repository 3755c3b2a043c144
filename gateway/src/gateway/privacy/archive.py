"""The person's data export as one download: a zip with each service's JSON document and a
manifest (`GET /privacy/v1/export/{user_id}`, with the caller's bearer token)."""

import io
import json
import zipfile
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from gateway.clients.base import ServiceClient, ServiceError
from gateway.clients.base import ServiceUnavailableError as Unreachable
from gateway.context import Downstream
from gateway.privacy.exports import SERVICES, collect
from gateway.public_links import ServiceUnavailableError
from kit.auth import CurrentUser
from kit.db import utcnow
from kit.errors import NotFoundError, ProblemError

router = APIRouter(tags=["privacy"])
ARCHIVE_VERSION = 1


def archive(user_id: str, org_id: str, documents: dict[str, Any]) -> bytes:
    """`manifest.json` (what the archive holds) and `<service>.json` per service holding
    something about the person."""
    held = [service for service in SERVICES if documents[service] is not None]
    manifest = {
        "version": ARCHIVE_VERSION,
        "user_id": user_id,
        "org_id": org_id,
        "created_at": utcnow().isoformat(),
        "files": {
            f"{service}.json": {
                "service": service,
                "rows": {table: len(rows) for table, rows in documents[service]["tables"].items()},
            }
            for service in held
        },
        "services_holding_nothing": [s for s in SERVICES if s not in held],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("manifest.json", json.dumps(manifest, indent=2))
        for service in held:
            zipped.writestr(f"{service}.json", json.dumps(documents[service], indent=2))
    return buffer.getvalue()


@router.get(
    "/privacy/v1/export/{user_id}",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
async def export_archive(
    request: Request,
    caller: CurrentUser,
    user_id: Annotated[str, Path(min_length=1, max_length=200)],
) -> Response:
    """A person's data from every service as one zip, for the person themself or an org admin
    of their organisation (404 for anyone else)."""
    downstream: Downstream = request.app.state.downstream
    calls: Counter[str] = Counter()
    clients = {
        name: ServiceClient(name, downstream.http[name], caller.token, calls) for name in SERVICES
    }
    try:
        documents = await collect(clients, user_id)
    except ServiceError as error:
        if error.status == 404:
            raise NotFoundError("No such person.") from error
        raise ProblemError(error.detail or "The export was refused.") from error
    except Unreachable as error:
        raise ServiceUnavailableError("The export is not possible now; retry later.") from error
    filename = f"personal-data-{caller.org_id}.zip"
    return Response(
        archive(user_id, caller.org_id, documents),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
