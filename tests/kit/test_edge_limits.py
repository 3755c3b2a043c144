"""The edge of a service: oversized requests get 413/431 problem+json before anything reads or
parses them, callers over their rate budget get 429 with `Retry-After` and the IETF RateLimit
headers, probes are never limited, and a request's token is verified once."""

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from kit.auth import Principal, TokenVerifier
from kit.devtokens import DevIssuer
from kit.edge import EdgeGuard, declared_body_limits
from kit.errors import UnauthorizedError
from kit.headlimit import bounded_httptools
from kit.metrics import REQUESTS
from tests.infra.apps import bearer, serve
from tests.kit.edge_harness import UPLOAD_LIMIT, edge_app

pytestmark = pytest.mark.embedded

MIB = 1024 * 1024


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


class Chunks:
    """A chunked request body (no Content-Length) that records how much of it was read."""

    def __init__(self, total: int, chunk: int = 64 * 1024) -> None:
        self.total, self.chunk, self.sent = total, chunk, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.total:
            self.sent += self.chunk
            yield b"x" * self.chunk


async def test_bodies_are_limited_while_they_stream_in(
    tmp_path: Path, issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    token = bearer(issuer.mint("ada", "acme"))
    async with serve(edge_app(tmp_path, verifier)) as client:
        small = await client.post("/notes", json={"text": "x" * 1000}, headers=token)
        assert small.json() == {"length": 1000}

        # Declared too large for any route: refused before the token is even looked at.
        declared = await client.post(
            "/notes", content=b"x" * (UPLOAD_LIMIT + 1), headers={"content-type": "text/plain"}
        )
        assert_problem(declared, 413, "payload-too-large")

        # Declared larger than this route's limit (1 MiB), though another route takes it.
        over_default = await client.post(
            "/notes", content=b"x" * (2 * MIB), headers={**token, "content-type": "text/plain"}
        )
        assert_problem(over_default, 413, "payload-too-large")

        # Chunked, 50 MB: refused once the limit is passed, long before the end.
        stream = Chunks(50 * MIB)
        chunked = await client.post(
            "/notes", content=stream, headers={**token, "content-type": "application/json"}
        )
        assert_problem(chunked, 413, "payload-too-large")
        assert stream.sent < 2 * MIB

        # A route may declare its own larger limit (the CSV import does).
        upload = await client.post("/uploads", content=Chunks(3 * MIB), headers=token)
        assert upload.json() == {"bytes": 3 * MIB}
        too_big = Chunks(UPLOAD_LIMIT + MIB)
        refused = await client.post("/uploads", content=too_big, headers=token)
        assert_problem(refused, 413, "payload-too-large")
        assert too_big.sent < UPLOAD_LIMIT + MIB


def test_the_edge_sees_the_limits_routes_declare(tmp_path: Path, verifier: TokenVerifier) -> None:
    app = edge_app(tmp_path, verifier)
    assert UPLOAD_LIMIT in set(declared_body_limits(app.router.routes))


async def test_oversized_or_too_many_headers_get_431(
    tmp_path: Path, issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    token = bearer(issuer.mint("ada", "acme"))
    async with serve(edge_app(tmp_path, verifier, max_header_bytes=8192)) as client:
        assert (await client.get("/whoami", headers=token)).status_code == 200
        big = await client.get("/whoami", headers={**token, "x-padding": "x" * 9000})
        assert_problem(big, 431, "headers-too-large")
        many = [(f"x-h{i}", "1") for i in range(150)]
        assert_problem(await client.get("/whoami", headers=many), 431, "headers-too-large")
        # Probes too: a huge head is refused wherever it goes.
        probe = await client.get("/healthz", headers={"x-padding": "x" * 9000})
        assert_problem(probe, 431, "headers-too-large")


async def test_each_user_has_a_budget_and_then_gets_429_with_ratelimit_headers(
    tmp_path: Path, issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    ada, bob = bearer(issuer.mint("ada", "acme")), bearer(issuer.mint("bob", "acme"))
    ada_elsewhere = bearer(issuer.mint("ada", "globex"))
    app = edge_app(tmp_path, verifier, rate_limit_principal="5/minute")
    async with serve(app) as client:
        statuses = [(await client.get("/whoami", headers=ada)).status_code for _ in range(7)]
        assert statuses == [200] * 5 + [429] * 2
        refused = await client.get("/whoami", headers=ada)
        assert_problem(refused, 429, "rate-limited")
        assert refused.json()["budget"] == "principal"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.headers["ratelimit-policy"] == '"principal-60s";q=5;w=60'
        assert refused.headers["ratelimit"] == (
            f'"principal-60s";r=0;t={refused.headers["retry-after"]}'
        )
        # Another user, and the same user id in another org, have budgets of their own.
        assert (await client.get("/whoami", headers=bob)).status_code == 200
        assert (await client.get("/whoami", headers=ada_elsewhere)).status_code == 200
        # Probes and scrapes are never limited.
        for _ in range(20):
            for probe in ("/healthz", "/metrics"):
                assert (await client.get(probe, headers=ada)).status_code == 200


async def test_requests_without_a_token_and_refused_tokens_have_tighter_budgets(
    tmp_path: Path, issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    app = edge_app(
        tmp_path, verifier, rate_limit_anonymous="3/minute", rate_limit_failed_auth="2/minute"
    )
    forged = bearer(DevIssuer.generate().mint("ada", "acme"))
    async with serve(app) as client:
        anonymous = [(await client.get("/whoami")).status_code for _ in range(4)]
        assert anonymous == [401, 401, 401, 429]
        assert (await client.get("/whoami")).json()["budget"] == "anonymous"
        failed = [(await client.get("/whoami", headers=forged)).status_code for _ in range(3)]
        assert failed == [401, 401, 429]
        # A valid token from the same address is still served.
        assert (await client.get("/whoami", headers=bearer(issuer.mint("ada", "acme")))).is_success
        # Another address has its own budgets.
        other = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
        async with httpx.AsyncClient(transport=other, base_url="http://test") as elsewhere:
            assert (await elsewhere.get("/whoami")).status_code == 401


async def test_limits_can_be_turned_off_for_benchmarks(
    tmp_path: Path, issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    app = edge_app(tmp_path, verifier, rate_limit_principal="1/minute", rate_limit_enabled=False)
    token = bearer(issuer.mint("ada", "acme"))
    async with serve(app) as client:
        assert {(await client.get("/whoami", headers=token)).status_code for _ in range(5)} == {200}


class CountingVerifier(TokenVerifier):
    def __init__(self, verifier: TokenVerifier) -> None:
        self.__dict__.update(verifier.__dict__)
        self.checks = 0

    async def outcome(self, token: str) -> "Principal | UnauthorizedError":
        self.checks += 1
        return await super().outcome(token)


async def test_a_token_is_verified_once_per_request(
    tmp_path: Path, issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    counting = CountingVerifier(verifier)
    token = issuer.mint("ada", "acme")
    async with serve(edge_app(tmp_path, counting)) as client:
        assert (await client.get("/whoami", headers=bearer(token))).status_code == 200
        assert counting.checks == 1
        assert (await client.get("/whoami", headers=bearer(token))).status_code == 200
        assert counting.checks == 2
        # Outside a request nothing is remembered: the verifier checks again.
        await counting.verify(token)
        assert counting.checks == 3


async def test_requests_are_counted_by_route_without_base_http_middleware(
    tmp_path: Path, issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    app = edge_app(tmp_path, verifier)
    assert all(getattr(m.cls, "__name__", "") != "BaseHTTPMiddleware" for m in app.user_middleware)
    counted = REQUESTS.labels("edgetest", "GET", "/whoami", 200)
    before = counted._value.get()
    async with serve(app) as client:
        assert (await client.get("/whoami", headers=bearer(issuer.mint("a", "o")))).is_success
        assert (await client.get("/whoami")).status_code == 401
    assert counted._value.get() == before + 1
    assert REQUESTS.labels("edgetest", "GET", "/whoami", 401)._value.get() >= 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def ok_app(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def exchange(port: int, head: bytes, total_padding: int = 0) -> tuple[bytes, int]:
    """Send `head` then up to `total_padding` bytes of one endless header; the answer, and how
    much padding the server took before it answered and closed."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sent = 0
    writer.write(head)
    try:
        while sent < total_padding:
            writer.write(b"x" * 65536)
            await writer.drain()
            sent += 65536
            if reader.at_eof() or writer.is_closing():
                break
            try:
                answer = await asyncio.wait_for(reader.read(65536), timeout=0.001)
            except TimeoutError:
                continue
            if answer:
                return answer, sent
        if total_padding == 0:
            await writer.drain()
        return await asyncio.wait_for(reader.read(65536), timeout=30), sent
    except (ConnectionResetError, BrokenPipeError):
        return await reader.read(65536), sent
    finally:
        writer.close()


@pytest.fixture
async def bounded_server() -> AsyncIterator[int]:
    port = free_port()
    config = uvicorn.Config(
        ok_app,
        host="127.0.0.1",
        port=port,
        loop="asyncio",
        http=bounded_httptools(16 * 1024, 50),
        lifespan="off",
        log_config=None,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(6000):  # a bound on waiting for the socket, not a timing assertion
        if server.started:
            break
        await asyncio.sleep(0.01)
    yield port
    server.should_exit = True
    await task


async def test_the_server_refuses_a_huge_head_while_it_arrives(bounded_server: int) -> None:
    answer, _ = await exchange(bounded_server, b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")

    answer, sent = await exchange(
        bounded_server, b"GET / HTTP/1.1\r\nhost: x\r\nx-big: ", total_padding=50 * MIB
    )
    assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
    assert b"application/problem+json" in answer
    assert b'"code": "headers-too-large"' in answer
    assert sent < 50 * MIB

    many = b"".join(b"x-h%d: 1\r\n" % i for i in range(60))
    answer, _ = await exchange(bounded_server, b"GET / HTTP/1.1\r\nhost: x\r\n" + many + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431"), answer[:200]


def test_the_guard_passes_lifespan_and_unknown_scopes_through() -> None:
    seen: list[str] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    from kit.settings import EdgeSettings

    guard = EdgeGuard(inner, EdgeSettings())

    async def nothing() -> Any:
        return {}

    async def drop(message: Any) -> None:
        return None

    asyncio.run(guard({"type": "lifespan"}, nothing, drop))
    assert seen == ["lifespan"]
