"""The whole mentorship journey through GraphQL only, on the embedded backend: every step's
notification reaches the participants' live subscriptions, and the admin sees the matches move."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.gateway_live import GraphQL, Subscription, running, wait_for_listeners
from tests.gateway.journey import MATCHES, NOTIFIED, create_program, journey

pytestmark = pytest.mark.embedded


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[tuple[str, Any, GraphQL]]:
    app = create_embedded_app(tmp_path)
    async with running(app) as host, httpx.AsyncClient(base_url=f"http://{host}") as http:
        yield host, app, GraphQL(http, dev_issuer(tmp_path))


async def test_the_mentorship_journey_runs_through_graphql_alone(
    backend: tuple[str, Any, GraphQL],
) -> None:
    host, app, gql = backend
    program = await create_program(gql)
    async with (
        Subscription(host, gql.token("mo"), NOTIFIED) as mentor_feed,
        Subscription(host, gql.token("ming"), NOTIFIED) as mentee_feed,
        Subscription(host, gql.token("ada", admin=True), MATCHES, id=program["id"]) as admin_feed,
    ):
        assert await wait_for_listeners(app, 3) == 3
        await journey(gql, program["id"], mentor_feed, mentee_feed, admin_feed)
