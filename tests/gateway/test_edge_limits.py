"""Sizes and tokens at the gateway's edge: bodies are bounded while they stream (413
problem+json, never read to the end), websocket messages too (close 1009), and a forged or
malformed token is a 401, or a refused socket, never a 500 or a dropped connection."""

import time
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from starlette.types import Message
from starlette.websockets import WebSocketDisconnect

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.gateway.canned import Calls, canned_gateway
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.unit

PROTOCOL = "graphql-transport-ws"
QUERY = b'{"query": "{ unreadNotifications }", "pad": "'


class Chunks:
    """A chunked body of `count` chunks of `size` bytes; counts the chunks read from it."""

    def __init__(self, count: int, size: int) -> None:
        self.count = count
        self.size = size
        self.read = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.count):
            self.read += 1
            yield QUERY if self.read == 1 else b"x" * self.size


async def test_a_chunked_body_is_refused_once_it_passes_the_limit_not_at_its_end(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    body = Chunks(count=100, size=20_000)  # 2 MB, announced by no Content-Length
    async with serve(canned_gateway(verifier, calls)) as client:
        response = await client.post(
            "/graphql", content=body, headers={**admin, "content-type": "application/json"}
        )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "payload-too-large"
    assert body.read <= 7  # 100 kB is the limit: the sixth 20 kB chunk passes it


async def test_an_anonymous_body_is_not_read_at_all(verifier: TokenVerifier, calls: Calls) -> None:
    body = Chunks(count=100, size=20_000)
    async with serve(canned_gateway(verifier, calls)) as client:
        response = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )

    assert response.status_code == 401
    assert body.read <= 1  # at most what the client had sent before the answer


async def call(app: Any, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """One raw ASGI request whose body must never be read."""
    sent: list[Message] = []

    async def receive() -> Message:
        raise AssertionError("the body was read")

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), *headers],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("test", 80),
        "client": ("127.0.0.1", 1),
    }
    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


@pytest.mark.parametrize(("length", "status"), [(b"200000", 413), (b"12abc", 400), (b"-1", 400)])
async def test_a_declared_length_is_checked_before_the_body_is_read(
    verifier: TokenVerifier, calls: Calls, length: bytes, status: int
) -> None:
    app = canned_gateway(verifier, calls)
    answered, body = await call(app, [(b"content-length", length)])

    assert answered == status
    assert b'"status":' + str(status).encode() in body


def test_a_websocket_message_over_the_limit_closes_the_socket(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls
) -> None:
    token = issuer.mint("ada", "acme")
    with TestClient(canned_gateway(verifier, calls)) as client:
        with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
            init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
            socket.send_json(init)
            assert socket.receive_json()["type"] == "connection_ack"
            query = "{ unreadNotifications }" + " " * 40_000  # 120 kB in UTF-8: "€" is 3 bytes
            payload = {"query": query, "variables": {"pad": "€" * 40_000}}
            socket.send_json({"id": "1", "type": "subscribe", "payload": payload})
            with pytest.raises(WebSocketDisconnect) as closed:
                socket.receive_json()
        assert closed.value.code == 1009
        with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
            socket.send_bytes(b"x" * 100_001)
            with pytest.raises(WebSocketDisconnect) as closed:
                socket.receive_json()
        assert closed.value.code == 1009


def forged_es256(issuer: DevIssuer) -> str:
    """A well-formed token signed with an EC key nobody trusts (the issuer's key is RSA)."""
    now = int(time.time())
    claims: dict[str, Any] = {"sub": "eve", "org": "acme", "roles": ["org_admin"]}
    claims |= {"iss": issuer.issuer}
    claims |= {"aud": issuer.audience, "iat": now, "exp": now + 600}
    return jwt.encode(claims, ec.generate_private_key(ec.SECP256R1()), algorithm="ES256")


MALFORMED = ["not.a.token", "a.b.c.d", "", "ey" * 4000]


@pytest.mark.parametrize("kind", ["es256", *range(len(MALFORMED))])
async def test_a_forged_or_malformed_token_is_a_401(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls, kind: str | int
) -> None:
    token = forged_es256(issuer) if kind == "es256" else MALFORMED[int(kind)]
    async with serve(canned_gateway(verifier, calls)) as client:
        response = await client.post(
            "/graphql",
            json={"query": "{ unreadNotifications }"},
            headers={"Authorization": f"Bearer {token}"},
        )

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("authorization", ["es256", "Bearer not.a.token", "Basic eve", 42, ["x"]])
def test_a_forged_or_malformed_token_in_connection_init_is_refused_with_a_close_code(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls, authorization: Any
) -> None:
    if authorization == "es256":
        authorization = f"Bearer {forged_es256(issuer)}"
    with (
        TestClient(canned_gateway(verifier, calls)) as client,
        client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket,
    ):
        socket.send_json({"type": "connection_init", "payload": {"Authorization": authorization}})
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()

    assert closed.value.code in (4401, 4403)


def test_a_socket_is_closed_when_its_token_expires(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls
) -> None:
    token = issuer.mint("bo", "acme", ttl_seconds=2)
    app = canned_gateway(verifier, calls)
    with TestClient(app) as client:
        with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
            init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
            socket.send_json(init)
            assert socket.receive_json()["type"] == "connection_ack"
            subscribe = {"query": "subscription { notificationReceived { title } }"}
            socket.send_json({"id": "1", "type": "subscribe", "payload": subscribe})
            with pytest.raises(WebSocketDisconnect) as closed:
                socket.receive_json()  # nothing is sent to bo: the next thing is the close
        assert closed.value.code == 4401
        assert closed.value.reason == "Token expired"
        assert app.state.live.listeners == 0
