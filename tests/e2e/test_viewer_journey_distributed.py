"""The `viewer` journey (tests/gateway/viewer_journey.py) in the distributed mode: each service
and the gateway as their own process, over real Kafka and PostgreSQL."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from kit.devtokens import DevIssuer
from tests.e2e.distributed_stack import Stack, distributed_stack
from tests.gateway.gateway_live import GraphQL
from tests.gateway.journey import create_program
from tests.gateway.viewer_journey import viewer_journey
from tests.infra.infra import KafkaServer, PostgresServer

pytestmark = pytest.mark.e2e


@pytest.fixture
async def stack(
    postgres_server: PostgresServer,
    kafka_server: KafkaServer,
    namespace: str,
    issuer: DevIssuer,
    tmp_path: Path,
) -> AsyncIterator[Stack]:
    async with distributed_stack(
        postgres_server,
        kafka_server.bootstrap_servers,
        namespace,
        issuer.public_key_pem,
        tmp_path,
    ) as running:
        yield running


async def test_the_mentee_and_the_mentor_walk_their_journey_through_viewer(
    stack: Stack, issuer: DevIssuer
) -> None:
    async with httpx.AsyncClient(base_url=f"http://{stack.gateway_host}", timeout=60) as http:
        gql = GraphQL(http, issuer, "acme")
        program = await create_program(gql)
        await viewer_journey(gql, program["id"], stack.logs)
