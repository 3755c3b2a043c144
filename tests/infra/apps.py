"""Helpers for tests that drive service apps and wait for asynchronous outcomes."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

T = TypeVar("T")


@asynccontextmanager
async def serve(app: FastAPI, shutdown_timeout: float = 90) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (relay, consumers) and give a client that calls it in-process.

    Shutting down lets consumers and relays finish their batch; on a loaded machine that can
    take a while, and shutdown speed is not what these tests check (tests/kit measures it).
    """
    async with (
        LifespanManager(app, startup_timeout=60, shutdown_timeout=shutdown_timeout) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://test"
        ) as client,
    ):
        yield client


async def eventually(
    probe: Callable[[], Awaitable[T]],
    until: Callable[[T], bool],
    within: float = 60.0,
    interval: float = 0.1,
) -> T:
    """Poll `probe` until `until` holds for its value, or `within` seconds pass; return it.

    A bound on waiting, not a timing assertion: the test asserts on the value it returns.
    """
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = await probe()
        if until(value) or asyncio.get_running_loop().time() > deadline:
            return value
        await asyncio.sleep(interval)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
