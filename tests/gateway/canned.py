"""The gateway alone, its services answered by canned handlers (httpx.MockTransport): for tests of
what the gateway does before and around its calls, with every call recorded."""

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway.app import create_app
from gateway.settings import GatewaySettings
from kit.auth import TokenVerifier

SERVICES = ("matching", "goals", "feedback", "notifications")
PROGRAM_ID = str(uuid.UUID(int=0xA1, version=4))
PROGRAM: dict[str, Any] = {
    "id": PROGRAM_ID,
    "name": "Spring",
    "format": "one_to_one",
    "status": "active",
    "created_at": "2026-01-01T00:00:00+00:00",
    "admin_user_ids": ["ada"],
    # The rest of what the service always answers with (the gateway parses it into its model).
    "description": "",
    "checkin_cadence": "biweekly",
    "starts_on": None,
    "ends_on": None,
    "goal_templates": [],
    "settings": {},
    "updated_at": None,
}


class Calls:
    """What the services were asked, as `METHOD path`."""

    def __init__(self) -> None:
        self.made: list[str] = []

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.made.append(f"{request.method} {request.url.path}")
        if request.url.path == f"/v1/programs/{PROGRAM_ID}":
            return httpx.Response(200, json=PROGRAM)
        if request.url.path == "/v1/programs":
            return httpx.Response(200, json={"items": [PROGRAM], "next_cursor": None})
        return httpx.Response(404, json={"status": 404, "code": "not-found", "detail": "No."})


def canned_gateway(verifier: TokenVerifier, calls: Calls, **settings: Any) -> FastAPI:
    transports = {name: httpx.MockTransport(calls.answer) for name in SERVICES}
    return create_app(
        GatewaySettings(log_json=False, **settings), verifier=verifier, transports=transports
    )


class Validations:
    """Counts graphql-core validations, wherever strawberry or the gateway call it from."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import graphql
        import strawberry.schema.schema

        import gateway.limits

        self.count = 0
        original = graphql.validate

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(strawberry.schema.schema, "validate", counted)
        monkeypatch.setattr(gateway.limits, "validate", counted, raising=False)
