"""An independent SCIM 2.0 conformance checker (scim2-tester) against the running matching
service, over HTTP with the organisation's SCIM secret: discovery, then create, read, query,
replace, patch and delete of Users as the RFCs say. Every check must succeed (a skipped one is
a feature the service says it does not offer, e.g. sort or bulk)."""

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
from scim2_client import BaseSyncSCIMClient
from scim2_client.client import RawResponse
from scim2_tester import Status, check_server

from kit.auth import TokenVerifier
from tests.backends import Backend
from tests.matching.conftest import Headers, matching_app


class HttpxClient(BaseSyncSCIMClient):
    """scim2-client's network client over httpx (its own engine wants `httpx2`, which this
    project does not otherwise use)."""

    def __init__(self, client: httpx.Client) -> None:
        super().__init__()
        self.client = client

    def _stays_under_base_url(self, endpoint: str) -> bool:
        url = self.client.build_request("GET", endpoint).url
        base = self.client.base_url
        return url.host == base.host and url.port == base.port and url.path.startswith(base.path)

    def _parse_json(self, response: RawResponse) -> Any:
        assert isinstance(response, httpx.Response)
        return response.json()

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.request(method, url, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def listening(backend: Backend, verifier: TokenVerifier) -> AsyncIterator[str]:
    """The matching app behind a real HTTP server (the checker is a synchronous HTTP client)."""
    port = free_port()
    config = uvicorn.Config(
        matching_app(backend, verifier),
        host="127.0.0.1",
        port=port,
        loop="asyncio",
        lifespan="on",
        log_config=None,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(6000):  # a bound on waiting for the socket, not a timing assertion
        if server.started:
            break
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


async def test_the_scim_api_passes_an_independent_conformance_checker(
    listening: str, as_user: Headers
) -> None:
    async with httpx.AsyncClient(base_url=listening) as api:
        created = await api.post("/v1/scim/credentials", headers=as_user("ada", admin=True))
    secret = created.json()["secret"]

    def check() -> list[str]:
        with httpx.Client(
            base_url=f"{listening}/scim/v2", headers={"Authorization": f"Bearer {secret}"}
        ) as http:
            results = check_server(HttpxClient(http), raise_exceptions=False)
        assert results, "the checker ran no check"
        return [
            f"{r.title}: {r.status.name}: {r.reason}"
            for r in results
            if r.status not in (Status.SUCCESS, Status.SKIPPED)
        ]

    # The checker's client blocks: it runs in a thread while this loop serves it.
    failures = await asyncio.to_thread(check)
    assert failures == [], "\n".join(failures)
