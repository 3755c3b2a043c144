"""Errors are RFC 9457 problem details with a machine-readable code, never a bare 500."""

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from kit.errors import ConflictError, NotFoundError, install_problem_handlers

pytestmark = pytest.mark.unit


class Body(BaseModel):
    name: str


def app() -> FastAPI:
    application = FastAPI()
    install_problem_handlers(application)

    @application.post("/things")
    async def create(body: Body) -> dict[str, str]:
        raise ConflictError(f"{body.name} exists", existing=body.name)

    @application.get("/things/{thing_id}")
    async def get(thing_id: int) -> dict[str, str]:
        raise NotFoundError(f"Thing {thing_id} does not exist.")

    @application.get("/broken")
    async def broken() -> None:
        raise RuntimeError("secret internals")

    return application


@pytest.fixture
async def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def test_validation_errors_name_each_field(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"nme": "x"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation-failed"
    assert body["errors"][0]["location"] == ["body", "name"]


async def test_domain_errors_carry_code_status_and_extensions(client: httpx.AsyncClient) -> None:
    conflict = await client.post("/things", json={"name": "x"})
    assert conflict.status_code == 409
    assert conflict.json()["existing"] == "x"
    missing = await client.get("/things/3")
    assert (missing.status_code, missing.json()["code"]) == (404, "not-found")
    assert missing.json()["type"].endswith("/not-found")


async def test_unknown_routes_and_bad_path_parameters_are_problems(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/nowhere")).json()["code"] == "not-found"
    assert (await client.get("/things/abc")).json()["code"] == "validation-failed"


async def test_unexpected_errors_are_masked(client: httpx.AsyncClient) -> None:
    response = await client.get("/broken")
    assert response.status_code == 500
    assert "secret" not in response.text
    assert response.json()["code"] == "internal-error"
