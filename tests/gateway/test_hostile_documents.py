"""GraphQL work before authentication, and documents that cost more than any client needs.

graphql-core's check that overlapping fields can merge is quadratic: one batch of 10 operations
each repeating `programs { nodes { id } }` 280 times held the event loop for 20-40 s. Now a
request without a valid token is refused before its document is even parsed, and a document
over its bounds is refused before it is validated, on HTTP and on the websocket alike. The tests
count validations rather than time anything."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import get_introspection_query
from starlette.websockets import WebSocketDisconnect

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.gateway.canned import PROGRAM_ID, Calls, Validations, canned_gateway
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.unit

REPEATED = "{ " + "programs { nodes { id } } " * 280 + "}"
HOSTILE_BATCH = [{"query": REPEATED}] * 10
PROTOCOL = "graphql-transport-ws"


@pytest.fixture
def admin(issuer: DevIssuer) -> dict[str, str]:
    return bearer(issuer.mint("ada", "acme", ["org_admin"]))


async def test_an_anonymous_hostile_batch_is_refused_before_any_graphql_work(
    verifier: TokenVerifier, calls: Calls, validations: Validations
) -> None:
    async with serve(canned_gateway(verifier, calls)) as client:
        refused = await client.post("/graphql", json=HOSTILE_BATCH)
        forged = await client.post(
            "/graphql", json=HOSTILE_BATCH, headers={"Authorization": "Bearer not.a.token"}
        )

    for response in (refused, forged):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "unauthorized"
    assert validations.count == 0
    assert calls.made == []


async def test_an_authenticated_hostile_batch_is_refused_before_validation(
    verifier: TokenVerifier, calls: Calls, validations: Validations, admin: dict[str, str]
) -> None:
    app = canned_gateway(verifier, calls)
    async with serve(app) as client:
        response = await client.post("/graphql", json=HOSTILE_BATCH, headers=admin)
        single = await client.post("/graphql", json={"query": REPEATED}, headers=admin)

    for refused in (response, single):
        assert refused.status_code == 400
        assert refused.headers["content-type"] == "application/problem+json"
        problem = refused.json()
        assert problem["code"] == "document-too-costly"
        assert problem["limit"] == "repeated-field"
    assert validations.count == 0
    assert calls.made == []


FRAGMENT_FAN_OUT = (
    "fragment A on Program { id name format status createdAt description adminUserIds } "
    "fragment B on Program { ...A ...A ...A ...A } "
    "fragment C on Program { ...B ...B ...B ...B } "
    "{ programs { nodes { ...C ...C ...C ...C } } }"
)


@pytest.mark.parametrize(
    ("query", "limit"),
    [
        # the same field through inline fragments and parents of the same name
        ("{ " + "... on Query { programs { nodes { id } } } " * 11 + "}", "repeated-field"),
        ("{ programs { " + "nodes { id } " * 11 + "} }", "repeated-field"),
        # fragments multiply where they are spread
        (FRAGMENT_FAN_OUT, "repeated-field"),
        (
            "{ programs { nodes { " + " ".join(f"f{i}: id" for i in range(700)) + " } } }",
            "selections",
        ),
        (
            "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
            "introspection-depth",
        ),
        ("{ " + "programs { nodes { " * 45 + "id" + " } }" * 45 + " }", "nesting"),
        ("{ programs { nodes { id } } }" + " " * 20_001, "document-size"),
    ],
)
async def test_each_bound_is_checked_before_validation(
    verifier: TokenVerifier,
    calls: Calls,
    validations: Validations,
    admin: dict[str, str],
    query: str,
    limit: str,
) -> None:
    async with serve(canned_gateway(verifier, calls, max_tokens=5000)) as client:
        response = await client.post("/graphql", json={"query": query}, headers=admin)

    assert response.status_code == 400, response.text
    assert response.json()["limit"] == limit
    assert validations.count == 0


async def test_a_batch_is_bounded_in_all_its_operations_together(
    verifier: TokenVerifier, calls: Calls, validations: Validations, admin: dict[str, str]
) -> None:
    wide = "{ programs { nodes { " + " ".join(f"f{i}: id" for i in range(25)) + " } } }"
    batch = [{"query": wide.replace("f0:", f"g{n}:")} for n in range(10)]  # 10 distinct texts
    async with serve(canned_gateway(verifier, calls, max_selections=200)) as client:
        response = await client.post("/graphql", json=batch, headers=admin)
        alone = await client.post("/graphql", json=batch[0], headers=admin)

    assert response.status_code == 400
    assert response.json()["limit"] == "selections"
    assert alone.status_code == 200
    assert alone.json()["data"]["programs"]["nodes"][0]["f1"] == PROGRAM_ID
    assert validations.count == 1  # only the request that passed


async def test_documents_are_parsed_and_validated_once_and_clients_still_get_their_answers(
    verifier: TokenVerifier, calls: Calls, validations: Validations, admin: dict[str, str]
) -> None:
    query = "query($id: ID!) { program(id: $id) { name } }"
    app = canned_gateway(verifier, calls)
    async with serve(app) as client:
        answers = [
            await client.post(
                "/graphql", json={"query": query, "variables": {"id": PROGRAM_ID}}, headers=admin
            )
            for _ in range(3)
        ]
        invalid = [
            await client.post("/graphql", json={"query": "{ nope }"}, headers=admin)
            for _ in range(2)
        ]
        introspection = await client.post(
            "/graphql", json={"query": get_introspection_query(descriptions=True)}, headers=admin
        )

    assert [a.json() for a in answers] == [{"data": {"program": {"name": "Spring"}}}] * 3
    assert [i.json()["errors"][0]["message"] for i in invalid] == [
        "Cannot query field 'nope' on type 'Query'."
    ] * 2
    assert introspection.status_code == 200
    assert introspection.json()["data"]["__schema"]["queryType"]["name"] == "Query"
    assert validations.count == 3  # once per distinct document
    assert len(app.state.documents) == 3


async def test_the_cache_holds_a_bounded_amount_of_query_text(
    verifier: TokenVerifier, calls: Calls, admin: dict[str, str]
) -> None:
    app = canned_gateway(verifier, calls, document_cache_chars=1000)
    async with serve(app) as client:
        for n in range(100):
            query = f"{{ programs {{ nodes {{ a{n}: id }} }} }}"
            response = await client.post("/graphql", json={"query": query}, headers=admin)
            assert response.status_code == 200

    assert 0 < len(app.state.documents) < 40


@pytest.fixture
def socket_client(verifier: TokenVerifier, calls: Calls) -> Iterator[TestClient]:
    with TestClient(canned_gateway(verifier, calls)) as client:
        yield client


def init(socket: Any, token: str | None) -> None:
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    socket.send_json({"type": "connection_init", "payload": payload})


def test_a_hostile_subscribe_message_is_refused_before_validation(
    socket_client: TestClient, issuer: DevIssuer, validations: Validations
) -> None:
    with socket_client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        init(socket, issuer.mint("ada", "acme", ["org_admin"]))
        assert socket.receive_json()["type"] == "connection_ack"
        socket.send_json({"id": "1", "type": "subscribe", "payload": {"query": REPEATED}})
        refused = socket.receive_json()
        socket.send_json({"type": "ping"})
        assert socket.receive_json() == {"type": "pong"}  # the socket itself is still fine

    assert refused["type"] == "error"
    assert refused["id"] == "1"
    assert refused["payload"][0]["extensions"] == {
        "code": "document-too-costly",
        "limit": "repeated-field",
    }
    assert validations.count == 0


def test_an_unauthenticated_subscribe_message_is_refused_before_any_graphql_work(
    socket_client: TestClient, validations: Validations
) -> None:
    with socket_client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        socket.send_json({"id": "1", "type": "subscribe", "payload": {"query": REPEATED}})
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()

    assert closed.value.code == 4401
    assert validations.count == 0
