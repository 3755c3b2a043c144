"""The embedded app on a real loopback port, so one async test can drive GraphQL over HTTP and
hold graphql-transport-ws subscriptions open at the same time."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from kit.devtokens import DevIssuer
from tests.infra.apps import bearer, eventually


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[str]:
    """Serve `app` on 127.0.0.1 (a free port); yields `host:port`."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="on", log_level="warning")
    )
    task = asyncio.create_task(server.serve())

    async def started() -> bool:
        await asyncio.sleep(0)
        return server.started or task.done()

    assert await eventually(started, bool), "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


class GraphQL:
    """Posts operations as a user; fails loudly on GraphQL errors (the journey expects none)."""

    def __init__(self, http: httpx.AsyncClient, issuer: DevIssuer, org: str = "acme") -> None:
        self.http = http
        self.issuer = issuer
        self.org = org

    def token(self, user: str, admin: bool = False) -> str:
        return self.issuer.mint(user, self.org, ["org_admin"] if admin else [])

    async def __call__(
        self, user: str, query: str, admin: bool = False, **variables: Any
    ) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers=bearer(self.token(user, admin)),
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


class Subscription:
    """One graphql-transport-ws subscription; what it receives accumulates in `received`."""

    def __init__(self, host: str, token: str, query: str, **variables: Any) -> None:
        self.url = f"ws://{host}/graphql"
        self.token = token
        self.query = query
        self.variables = variables
        self.received: list[dict[str, Any]] = []
        self.errors: list[Any] = []
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> "Subscription":
        socket = await connect(self.url, subprotocols=[Subprotocol("graphql-transport-ws")])
        self._socket = socket
        payload = {"Authorization": f"Bearer {self.token}"}
        await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await socket.recv())
        assert ack["type"] == "connection_ack", ack
        subscribe = {"query": self.query, "variables": self.variables}
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
        self._reader = asyncio.create_task(self._read(socket))
        return self

    async def _read(self, socket: ClientConnection) -> None:
        async for raw in socket:
            message = json.loads(raw)
            if message["type"] == "next":
                self.received.append(message["payload"]["data"])
            elif message["type"] == "error":
                self.errors.append(message["payload"])
            elif message["type"] == "ping":
                await socket.send(json.dumps({"type": "pong"}))

    async def __aexit__(self, *_: object) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._socket is not None:
            await self._socket.close()

    async def wait_until(
        self, done: Callable[[list[dict[str, Any]]], bool]
    ) -> list[dict[str, Any]]:
        """What was received once `done` holds for it (a bounded wait)."""

        async def received() -> list[dict[str, Any]]:
            return list(self.received)

        return await eventually(received, lambda seen: done(seen) or bool(self.errors))


async def wait_for_listeners(app: FastAPI, count: int) -> int:
    live = app.state.gateway.state.live

    async def listeners() -> int:
        return int(live.listeners)

    return await eventually(listeners, lambda n: n >= count)
