"""`notificationReceived` over graphql-transport-ws: authenticated in connection_init, only the
caller's own notifications, and nothing left behind when the socket closes."""

import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.infra.apps import bearer

pytestmark = pytest.mark.embedded

PROTOCOL = "graphql-transport-ws"
SUBSCRIBE = "subscription { notificationReceived { title category } }"


def open_socket(
    stack: ExitStack, client: TestClient, token: str | None
) -> tuple[WebSocketTestSession, Any]:
    socket = stack.enter_context(client.websocket_connect("/graphql", subprotocols=[PROTOCOL]))
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    socket.send_json({"type": "connection_init", "payload": payload})
    return socket, socket.receive_json() if token else None


def wait_for_listeners(client: TestClient, count: int) -> int:
    live = client.app.state.gateway.state.live  # type: ignore[attr-defined]
    for _ in range(100):
        if live.listeners == count:
            break
        time.sleep(0.05)
    return int(live.listeners)


def test_a_user_receives_their_own_notifications_live_and_nobody_else_does(
    tmp_path: Path,
) -> None:
    issuer = dev_issuer(tmp_path)
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    with TestClient(create_embedded_app(tmp_path)) as client, ExitStack() as sockets:
        bo, ack = open_socket(sockets, client, issuer.mint("bo", "acme"))
        assert ack["type"] == "connection_ack"
        eve, _ = open_socket(sockets, client, issuer.mint("eve", "acme"))
        for socket in (bo, eve):
            socket.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
        assert wait_for_listeners(client, 2) == 2

        program = client.post("/matching/v1/programs", json={"name": "Live"}, headers=admin)
        client.post(
            f"/matching/v1/programs/{program.json()['id']}/participants",
            json={"user_id": "bo", "role": "mentee", "display_name": "Bo"},
            headers=admin,
        )
        message = bo.receive_json()
        assert message == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": {
                    "notificationReceived": {"title": "Welcome to Live", "category": "ENROLMENT"}
                }
            },
        }
        eve.send_json({"type": "ping"})
        assert eve.receive_json() == {"type": "pong"}  # nothing was queued for eve

        bo.send_json({"id": "1", "type": "complete"})
        assert wait_for_listeners(client, 1) == 1
        eve.close()
        bo.close()
        assert wait_for_listeners(client, 0) == 0


def test_a_socket_without_a_valid_token_is_refused(tmp_path: Path) -> None:
    with TestClient(create_embedded_app(tmp_path)) as client:
        for payload in ({}, {"Authorization": "Bearer forged.token.value"}):
            with client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
                socket.send_json({"type": "connection_init", "payload": payload})
                with pytest.raises(WebSocketDisconnect) as closed:
                    socket.receive_json()
            assert closed.value.code == 4403
