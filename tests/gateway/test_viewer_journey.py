"""The `viewer` journey (tests/gateway/viewer_journey.py) on the embedded backend."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.gateway_live import GraphQL, running
from tests.gateway.journey import create_program
from tests.gateway.viewer_journey import viewer_journey

pytestmark = pytest.mark.embedded


@pytest.fixture
async def gql(tmp_path: Path) -> AsyncIterator[GraphQL]:
    app = create_embedded_app(tmp_path)
    async with running(app) as host, httpx.AsyncClient(base_url=f"http://{host}") as http:
        yield GraphQL(http, dev_issuer(tmp_path))


async def test_the_mentee_and_the_mentor_walk_their_journey_through_viewer(gql: GraphQL) -> None:
    program = await create_program(gql)
    await viewer_journey(gql, program["id"])
