"""A matching app on SQLite and the in-process bus, with helpers to build a small program."""

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.bus import InProcessBus
from kit.scheduler import Scheduler
from kit.testing.apps import bearer, serve
from matching.app import DEFINITION, create_app
from matching.settings import MatchingSettings


@pytest.fixture
def bus() -> InProcessBus:
    return InProcessBus()


@pytest.fixture
async def api(
    tmp_path: Path, verifier: TokenVerifier, bus: InProcessBus
) -> AsyncIterator[httpx.AsyncClient]:
    settings = MatchingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'matching.db'}",
        auto_migrate=True,
        log_json=False,
    )
    async with serve(create_app(settings, bus, verifier)) as client:
        yield client


Headers = Callable[..., dict[str, str]]


def clockwork_app(tmp_path: Path, verifier: TokenVerifier) -> FastAPI:
    """A matching app whose scheduled jobs fire only when a test fires them (`scheduler_at`)."""
    settings = MatchingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'matching.db'}",
        auto_migrate=True,
        log_json=False,
        run_scheduler=False,
    )
    return create_app(settings, InProcessBus(), verifier)


def scheduler_at(app: FastAPI, now: datetime) -> Scheduler:
    """The app's scheduler with its clock stopped at `now`."""
    return Scheduler(
        "matching",
        app.state.runtime.sessions,
        DEFINITION.tables,
        DEFINITION.jobs,
        clock=lambda: now,
    )


@pytest.fixture
def as_user(issuer: DevIssuer) -> Headers:
    def make(user: str, org: str = "acme", admin: bool = False) -> dict[str, str]:
        return bearer(issuer.mint(user, org, ["org_admin"] if admin else []))

    return make


def profile(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "languages": ["en"],
        "timezone": "Europe/Paris",
        "seniority": 3,
        "goals": ["leadership"],
        "availability": {"2027-01": 6, "2027-02": 6},
    }
    return {**base, **fields}


@pytest.fixture
def enrol(api: httpx.AsyncClient, as_user: Headers) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def make(
        program_id: str, user: str, role: str, capacity: int | None = None, **fields: Any
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "user_id": user,
            "role": role,
            "display_name": user.title(),
            "profile": profile(**fields),
        }
        if capacity is not None:
            body["capacity"] = capacity
        response = await api.post(
            f"/v1/programs/{program_id}/participants",
            json=body,
            headers=as_user("ada", admin=True),
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    return make


@pytest.fixture
def new_program(api: httpx.AsyncClient, as_user: Headers) -> Callable[..., Awaitable[str]]:
    async def make(**fields: Any) -> str:
        body = {"name": "Spring", **fields}
        response = await api.post("/v1/programs", json=body, headers=as_user("ada", admin=True))
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    return make
