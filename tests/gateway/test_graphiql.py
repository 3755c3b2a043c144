"""GraphiQL in development: the page loads its bundled assets (nothing from the internet) and
runs a query, in a real headless Chromium."""

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Request, sync_playwright

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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_embedded_app(tmp_path), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=30)


def test_graphiql_loads_offline_and_runs_a_query(server: str, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is needed (tools/ensure-test-deps.sh installs it)"
    outside: list[str] = []

    def note(request: Request) -> None:
        if not request.url.startswith(server):
            outside.append(request.url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.on("request", note)
            token = dev_issuer(tmp_path).mint("ada", "acme")  # GraphQL needs a token, the page not
            page.goto(
                f"{server}/graphql?document=%7B__typename%7D&token={token}",
                wait_until="networkidle",
            )
            page.click(".graphiql-execute-button")
            page.wait_for_function(
                "() => (document.querySelector('.graphiql-response')?.innerText || '')"
                ".includes('Query')",
                timeout=30_000,
            )
            response_text = page.inner_text(".graphiql-response")
        finally:
            browser.close()

    assert '"__typename": "Query"' in response_text
    assert outside == []
