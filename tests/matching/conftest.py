"""A matching app on each backend (PostgreSQL + Kafka, SQLite + the in-process bus), with
helpers to build a small program."""

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.scheduler import Scheduler
from matching.app import DEFINITION, create_app
from matching.settings import MatchingSettings
from tests.backends import Backend
from tests.infra.apps import bearer, serve


def matching_app(backend: Backend, verifier: TokenVerifier, **overrides: Any) -> FastAPI:
    """A matching app on the test's backend, on a fresh database of its own."""
    return create_app(backend.settings(MatchingSettings, **overrides), backend.bus, verifier)


@pytest.fixture
async def api(backend: Backend, verifier: TokenVerifier) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(matching_app(backend, verifier)) as client:
        yield client


Headers = Callable[..., dict[str, str]]
Clockwork = Callable[[], FastAPI]


@pytest.fixture
def clockwork(backend: Backend, verifier: TokenVerifier) -> Clockwork:
    """Makes matching apps whose scheduled jobs fire only when a test fires them
    (`scheduler_at`)."""
    return lambda: matching_app(backend, verifier, run_scheduler=False)


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
