"""GraphiQL runs subscriptions: in a real headless Chromium, the page opens a subscription over
graphql-transport-ws to its own origin (authenticated with the page's `?token=`), a mutation
made elsewhere raises an event, and the event shows in the page's response pane."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Request, WebSocket, sync_playwright

from mentorship.embedded import create_embedded_app, dev_issuer

pytestmark = pytest.mark.embedded

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SUBSCRIPTION = "subscription { notificationReceived { title category } }"


@dataclass
class Served:
    url: str
    app: FastAPI


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_embedded_app(tmp_path)
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield Served(f"http://127.0.0.1:{port}", app)
    running.should_exit = True
    thread.join(timeout=30)


def graphql(url: str, token: str, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(
        f"{url}/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def listeners(app: FastAPI) -> int:
    return int(app.state.gateway.state.live.listeners)


def test_graphiql_runs_a_subscription_that_receives_an_event(
    served: Served, tmp_path: Path
) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is needed (tools/ensure-test-deps.sh installs it)"
    issuer = dev_issuer(tmp_path)
    admin = issuer.mint("ada", "acme", ["org_admin"])
    bo = issuer.mint("bo", "acme")
    outside: list[str] = []
    sockets: list[str] = []

    def note(request: Request) -> None:
        if not request.url.startswith(served.url):
            outside.append(request.url)

    def opened(socket: WebSocket) -> None:
        sockets.append(socket.url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.on("request", note)
            page.on("websocket", opened)
            page.goto(
                f"{served.url}/graphql?document={quote(SUBSCRIPTION)}&token={bo}",
                wait_until="networkidle",
            )
            assert listeners(served.app) == 0
            page.click(".graphiql-execute-button")
            for _ in range(600):  # until the gateway holds the page's subscription
                if listeners(served.app) == 1:
                    break
                time.sleep(0.05)
            assert listeners(served.app) == 1, "the page's subscription never reached the gateway"

            # The event: an admin enrols bo in a new program (over HTTP, not from the page).
            created = graphql(
                served.url,
                admin,
                "mutation($input: ProgramInput!) { createProgram(input: $input) {"
                " __typename ... on Program { id } } }",
                {"input": {"name": "Live in GraphiQL"}},
            )["createProgram"]
            assert created["__typename"] == "Program"
            enrolled = graphql(
                served.url,
                admin,
                "mutation($input: EnrolmentInput!) { enrol(input: $input) { __typename } }",
                {
                    "input": {
                        "programId": created["id"],
                        "userId": "bo",
                        "role": "MENTEE",
                        "displayName": "Bo",
                    }
                },
            )["enrol"]
            assert enrolled["__typename"] == "Participant"

            page.wait_for_function(
                "() => (document.querySelector('.graphiql-response')?.innerText || '')"
                ".includes('Welcome to Live in GraphiQL')",
                timeout=60_000,
            )
            response_text = page.inner_text(".graphiql-response")
        finally:
            browser.close()

    assert '"category": "ENROLMENT"' in response_text
    assert sockets == [f"{served.url.replace('http', 'ws', 1)}/graphql"]
    assert outside == []
