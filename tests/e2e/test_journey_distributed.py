"""The whole mentorship journey through GraphQL only, in the distributed mode: each service and the
gateway run as their own process, over real Kafka and PostgreSQL (one database per service). The
test talks to the gateway process alone; every step's notification reaches the participants'
live subscriptions, and the program's admin sees the matches move."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kit.devtokens import DevIssuer
from kit.testing.apps import eventually
from kit.testing.infra import KafkaServer, PostgresServer
from tests.e2e.distributed_stack import Stack, distributed_stack, publish_probe
from tests.gateway.gateway_live import GraphQL, Subscription
from tests.gateway.test_journey_embedded import (
    ACCEPT,
    COMPLETE,
    CREATE,
    ENROL,
    HEALTH,
    MATCHES,
    MY_MATCH,
    NOTIFIED,
    PUBLISH,
    REQUESTS,
    RUN,
    SUBMIT,
    categories,
    has,
)

pytestmark = pytest.mark.e2e

ORG = "acme"


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


async def gateway_reader_is_live(
    kafka: str, namespace: str, feeds: dict[str, Subscription]
) -> None:
    """Publish probes to each subscriber until every one has received one: the gateway reads
    Kafka from the end, so only then can no step's notification slip past it."""
    for user, feed in feeds.items():

        async def probed(user: str = user, feed: Subscription = feed) -> bool:
            await publish_probe(kafka, namespace, ORG, user)

            async def seen() -> list[str]:
                return categories(feed.received)

            return "probe" in await eventually(seen, lambda got: "probe" in got, within=3)

        assert await eventually(probed, bool, within=90, interval=0.5), f"no probe for {user}"


async def test_the_journey_runs_through_the_gateway_over_separate_processes(
    stack: Stack, kafka_server: KafkaServer, namespace: str, issuer: DevIssuer
) -> None:
    host = stack.gateway_host
    async with httpx.AsyncClient(base_url=f"http://{host}", timeout=30) as http:
        gql = GraphQL(http, issuer, ORG)
        created = await gql(
            "ada",
            CREATE,
            admin=True,
            input={
                "name": "Journey",
                "settings": {"approval": "mentor_accepts"},
                "goalTemplates": [{"title": "Ship a talk", "milestones": ["Outline", "Rehearse"]}],
            },
        )
        program = created["createProgram"]
        assert program["__typename"] == "Program", (program, stack.logs())

        async with (
            Subscription(host, gql.token("ada", admin=True), MATCHES, id=program["id"]) as admin,
            Subscription(host, gql.token("mo"), NOTIFIED) as mentor_feed,
            Subscription(host, gql.token("ming"), NOTIFIED) as mentee_feed,
        ):
            feeds = {"mo": mentor_feed, "ming": mentee_feed}
            await gateway_reader_is_live(kafka_server.bootstrap_servers, namespace, feeds)
            await journey(gql, program["id"], mentor_feed, mentee_feed, admin, stack)


async def journey(
    gql: GraphQL,
    program_id: str,
    mentor_feed: Subscription,
    mentee_feed: Subscription,
    admin_feed: Subscription,
    stack: Stack,
) -> None:
    # Mentors and mentees enrol (each signs themselves up).
    for user, role, profile in (
        ("mo", "MENTOR", {"skills_offered": {"python": 5}, "languages": ["en"]}),
        ("ming", "MENTEE", {"skills_wanted": {"python": 4}, "languages": ["en"]}),
    ):
        input = {
            "programId": program_id,
            "userId": user,
            "role": role,
            "displayName": user.title(),
            "profile": profile,
        }
        enrolled = (await gql(user, ENROL, input=input))["enrol"]
        assert enrolled["__typename"] == "Participant", enrolled
    for feed in (mentor_feed, mentee_feed):
        seen = await feed.wait_until(has("enrolment"))
        assert "enrolment" in categories(seen), (seen, stack.logs())

    # A matching run is created, reviewed (pairs with per-factor reasons) and published.
    run = (await gql("ada", RUN, admin=True, id=program_id))["createMatchingRun"]
    assert run["status"] == "draft", run
    assert run["unmatched"] == []
    [pair] = run["pairs"]
    assert (pair["mentor"]["userId"], pair["mentee"]["userId"]) == ("mo", "ming")
    assert pair["explanation"]["feasible"] is True
    assert {c["factor"] for c in pair["explanation"]["contributions"]} >= {"skills"}
    published = await gql("ada", PUBLISH, admin=True, id=run["id"])
    assert published["publishMatchingRun"] == {"__typename": "MatchingRun", "status": "published"}
    for feed in (mentor_feed, mentee_feed):
        assert has("matches")(await feed.wait_until(has("matches"))), stack.logs()

    # The proposal awaits the mentor (the program's approval rule); accepting starts it.
    [match] = (await gql("ming", MY_MATCH, id=program_id))["matches"]["nodes"]
    assert match["status"] == "PROPOSED"
    assert match["awaiting"] == ["mo"]
    accepted = await gql("mo", ACCEPT, id=match["id"])
    assert accepted["acceptMatch"] == {"__typename": "Match", "status": "ACTIVE"}
    for feed in (mentor_feed, mentee_feed):
        assert has("matches", "matches")(await feed.wait_until(has("matches", "matches")))
    updates = await admin_feed.wait_until(lambda seen: len(seen) >= 3)
    changes = [u["matchUpdated"]["change"] for u in updates[:3]]
    assert changes == ["PROPOSED", "ACCEPTED", "ACTIVATED"], updates
    assert updates[1]["matchUpdated"]["match"] == {"status": "ACTIVE"}
    assert all(u["matchUpdated"]["matchId"] == match["id"] for u in updates)

    # Goals are instantiated from the template and the first check-in is scheduled.
    def started(data: dict[str, Any]) -> bool:
        [node] = data["matches"]["nodes"]
        return bool(node["goals"]) and node["nextCheckin"] is not None

    view = await eventually(lambda: gql("ming", MY_MATCH, id=program_id), started)
    [active] = view["matches"]["nodes"]
    assert started(view), (view, stack.logs())
    assert active["mentee"]["displayName"] == "Ming"
    assert [g["title"] for g in active["goals"]] == ["Ship a talk"]
    assert [m["title"] for m in active["goals"][0]["milestones"]] == ["Outline", "Rehearse"]
    assert active["nextCheckin"]["status"] == "SCHEDULED"
    for feed in (mentor_feed, mentee_feed):
        assert has("checkins")(await feed.wait_until(has("checkins"))), stack.logs()

    # The check-in is held; each side is asked for feedback and answers it.
    done = await gql("mo", COMPLETE, id=active["nextCheckin"]["id"])
    assert done["completeCheckin"]["status"] == "COMPLETED"
    for user, partner in (("mo", "ming"), ("ming", "mo")):
        requests = await eventually(
            lambda user=user: gql(user, REQUESTS),  # type: ignore[misc]
            lambda data: len(data["feedbackRequests"]["nodes"]) > 0,
        )
        [request] = requests["feedbackRequests"]["nodes"]
        assert request["aboutUserId"] == partner
        assert request["status"] == "open"
        ratings = [{"dimension": d, "value": 5} for d in request["dimensions"]]
        feedback = {"ratings": ratings, "wantsToContinue": True, "comment": "Great"}
        submitted = await gql(user, SUBMIT, id=request["id"], input=feedback)
        assert submitted["submitFeedback"]["wantsToContinue"] is True
    for feed in (mentor_feed, mentee_feed):
        assert has("feedback")(await feed.wait_until(has("feedback"))), stack.logs()

    # Relationship health is available to the program's admin, computed from the signals.
    health = await eventually(
        lambda: gql("ada", HEALTH, admin=True, id=match["id"]),
        lambda data: (data["relationshipHealth"] or {}).get("computedAt") is not None,
    )
    assert health["relationshipHealth"]["score"] is not None, (health, stack.logs())
    assert health["relationshipHealth"]["atRisk"] is False
    assert health["relationshipHealth"]["signals"]
    hidden = await gql("ming", HEALTH, id=match["id"])
    assert hidden["relationshipHealth"] is None  # admins only, and it looks missing

    for feed in (mentor_feed, mentee_feed):
        assert set(categories(feed.received)) >= {"enrolment", "matches", "checkins", "feedback"}
        assert feed.errors == []
    assert admin_feed.errors == []
