"""No request waits for FastAPI's thread pool: a plain `def` dependency or endpoint runs in a
worker thread (a hop there and back, under load a GIL hand-over each way), which py-spy showed
on every list request (kit's `page_params`) and on every goals and notifications request (their
settings and deps dependencies). Dependencies and endpoints are `async def`."""

import importlib
import inspect
from collections.abc import Iterator
from typing import Annotated, Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from kit.batch import ids_query
from kit.pagination import PageParams, page_params

pytestmark = pytest.mark.unit

APPS = ("matching", "goals", "feedback", "notifications", "gateway")


def api_routes(routes: list[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # FastAPI's included routers
        if included is not None:
            yield from api_routes(included.routes)


def runs_in_thread_pool(call: Any) -> bool:
    function = call if inspect.isfunction(call) or inspect.ismethod(call) else call.__call__
    return not (inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function))


def sync_dependencies(dependant: Dependant) -> Iterator[str]:
    for sub in dependant.dependencies:
        if sub.call is not None and runs_in_thread_pool(sub.call):
            yield f"{sub.call.__module__}.{getattr(sub.call, '__qualname__', sub.call)}"
        yield from sync_dependencies(sub)


@pytest.mark.parametrize("name", APPS)
def test_no_dependency_or_endpoint_runs_in_the_thread_pool(name: str) -> None:
    app: FastAPI = importlib.import_module(f"{name}.app").create_app()
    routes = list(api_routes(app.router.routes))
    assert routes
    found = {
        f"{route.path}: {what}"
        for route in routes
        for what in [
            *sync_dependencies(route.dependant),
            *(["the endpoint"] if runs_in_thread_pool(route.dependant.call) else []),
        ]
    }
    assert found == set()


async def test_kit_dependencies_answer_without_the_thread_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hops: list[Any] = []

    async def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(function)
        return function(*args, **kwargs)

    monkeypatch.setattr("fastapi.dependencies.utils.run_in_threadpool", counted)
    monkeypatch.setattr("fastapi.routing.run_in_threadpool", counted)
    app = FastAPI()

    @app.get("/page")
    async def page(params: Annotated[PageParams, Depends(page_params)]) -> dict[str, int]:
        return {"limit": params.limit}

    @app.get("/batch")
    async def batch(ids: Annotated[list[UUID], ids_query("ids", "thing")]) -> dict[str, int]:
        return {"count": len(ids)}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        page_answer = await client.get("/page", params={"limit": 7})
        batch_answer = await client.get("/batch", params={"ids": f"{uuid4()},{uuid4()}"})

    assert page_answer.json() == {"limit": 7}
    assert batch_answer.json() == {"count": 2}
    assert hops == []
