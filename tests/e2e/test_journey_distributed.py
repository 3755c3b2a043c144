"""The whole mentorship journey through GraphQL only, in the distributed mode: each service and the
gateway run as their own process, over real Kafka and PostgreSQL (one database per service). The
test talks to the gateway process alone; every step's notification reaches the participants'
live subscriptions, and the program's admin sees the matches move. The mentee and the mentor also
walk their own journey through `viewer` and the mentor directory."""

from collections.abc import AsyncIterator
from uuid import uuid4

import httpx
import pytest

from kit.devtokens import DevIssuer
from tests.e2e.distributed_stack import Stack, distributed_stack, publish_probe
from tests.gateway.gateway_live import GraphQL, Subscription
from tests.gateway.journey import MATCHES, NOTIFIED, create_program, journey
from tests.gateway.viewer_journey import viewer_journey
from tests.infra.apps import bearer, eventually
from tests.infra.infra import KafkaServer, PostgresServer

pytestmark = pytest.mark.e2e

ORG = "acme"


@pytest.fixture(scope="module")
def stack_namespace() -> str:
    return f"ns-{uuid4().hex[:8]}."


@pytest.fixture(scope="module")
async def stack(
    postgres_server: PostgresServer,
    kafka_server: KafkaServer,
    stack_namespace: str,
    issuer: DevIssuer,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Stack]:
    """One stack for the module's journeys (each in an org of its own): starting five processes
    is most of what a journey costs."""
    async with distributed_stack(
        postgres_server,
        kafka_server.bootstrap_servers,
        stack_namespace,
        issuer.public_key_pem,
        tmp_path_factory.mktemp("stack"),
    ) as running:
        yield running


async def gateway_reader_is_live(
    kafka: str, namespace: str, feeds: dict[str, Subscription]
) -> None:
    """Publish probes to each subscriber until every one has received one: the gateway reads
    Kafka from the end, so only then can no step's notification slip past it."""
    for user, feed in feeds.items():

        async def probed(user: str = user, feed: Subscription = feed) -> bool:
            await publish_probe(kafka, namespace, ORG, user)

            async def seen() -> list[str]:
                return [item["notificationReceived"]["title"] for item in feed.received]

            return "probe" in await eventually(seen, lambda got: "probe" in got, within=3)

        assert await eventually(probed, bool, within=90, interval=0.5), f"no probe for {user}"


async def journey_through(stack: Stack, kafka: str, namespace: str, issuer: DevIssuer) -> None:
    """The whole journey against the stack's gateway, each notification on a live feed."""
    host = stack.gateway_host
    async with httpx.AsyncClient(base_url=f"http://{host}", timeout=60) as http:
        gql = GraphQL(http, issuer, ORG)
        program = await create_program(gql)

        async with (
            Subscription(host, gql.token("ada", admin=True), MATCHES, id=program["id"]) as admin,
            Subscription(host, gql.token("mo"), NOTIFIED) as mentor_feed,
            Subscription(host, gql.token("ming"), NOTIFIED) as mentee_feed,
        ):
            feeds = {"mo": mentor_feed, "ming": mentee_feed}
            await gateway_reader_is_live(kafka, namespace, feeds)
            await journey(gql, program["id"], mentor_feed, mentee_feed, admin, stack.logs)


async def test_the_journey_runs_through_the_gateway_over_separate_processes(
    stack: Stack, kafka_server: KafkaServer, stack_namespace: str, issuer: DevIssuer
) -> None:
    await journey_through(stack, kafka_server.bootstrap_servers, stack_namespace, issuer)


async def test_the_mentee_and_the_mentor_walk_their_journey_through_viewer(
    stack: Stack, issuer: DevIssuer
) -> None:
    """tests/gateway/viewer_journey.py over the separate processes."""
    async with httpx.AsyncClient(base_url=f"http://{stack.gateway_host}", timeout=60) as http:
        gql = GraphQL(http, issuer, "globex")
        program = await create_program(gql)
        await viewer_journey(gql, program["id"], stack.logs)


async def test_an_org_admin_reads_the_audit_log_of_every_service_through_the_gateway(
    stack: Stack, issuer: DevIssuer
) -> None:
    """The audit log over separate processes and PostgreSQL: an admin action in matching is in
    `auditLog` and in the gateway's CSV, for its organisation's admins only."""
    async with httpx.AsyncClient(base_url=f"http://{stack.gateway_host}", timeout=60) as http:
        gql = GraphQL(http, issuer, "initech")
        program = await create_program(gql)
        log = await gql(
            "ada",
            """{ auditLog(filter: {action: "program."}) {
                 nodes { service action actorId targetId after } } }""",
            admin=True,
        )
        [entry] = log["auditLog"]["nodes"]
        assert (entry["service"], entry["action"]) == ("matching", "program.created")
        assert (entry["actorId"], entry["targetId"]) == ("ada", program["id"])
        exported = await http.get(
            "/audit-log.csv",
            params={"target_id": program["id"]},
            headers=bearer(gql.token("ada", admin=True)),
        )
        assert exported.status_code == 200, exported.text
        assert exported.text.splitlines()[1].startswith("matching,")
        refused = await http.get("/audit-log.csv", headers=bearer(gql.token("mo")))
        assert refused.status_code == 403
