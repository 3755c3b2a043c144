"""A minimal service for the edge tests: an authenticated read, a JSON write, a raw upload
with its own body limit, on the kit's `create_service_app` (SQLite, in-process bus)."""

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict

from kit.app import create_service_app
from kit.auth import CurrentUser, TokenVerifier
from kit.events.bus import InProcessBus
from kit.runtime import ServiceDefinition
from kit.settings import ServiceSettings
from tests.kit.pipeline_harness import metadata, tables

UPLOAD_LIMIT = 4 * 1024 * 1024


class EdgeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EDGETEST_", extra="ignore")


class Note(BaseModel):
    text: str


def edge_router() -> APIRouter:
    router = APIRouter()

    @router.get("/whoami")
    async def whoami(user: CurrentUser) -> dict[str, str]:
        return {"user": user.user_id, "org": user.org_id}

    @router.post("/notes")
    async def post_note(note: Note, user: CurrentUser) -> dict[str, int]:
        return {"length": len(note.text)}

    @router.post("/uploads", max_body_size=UPLOAD_LIMIT)
    async def upload(request: Request, user: CurrentUser) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    return router


def edge_app(tmp_path: Path, verifier: TokenVerifier, **settings: Any) -> FastAPI:
    definition = ServiceDefinition(
        name="edgetest", metadata=metadata, tables=tables, migrations_dir=Path("/nonexistent")
    )
    values: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'edge.db'}",
        "log_json": False,
        "run_relay": False,
        "run_consumers": False,
        "run_scheduler": False,
    }
    values.update(settings)
    return create_service_app(
        definition, EdgeSettings(**values), [edge_router()], bus=InProcessBus(), verifier=verifier
    )
