"""GraphQL ids are pasted into the services' paths (`/v1/programs/{id}`): an id that is not a
UUID (every object id of the services is one) is a validation error of the request, and no
service is called: `program(id: "../../healthz")` once reached `/healthz`."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.gateway.canned import PROGRAM_ID, Calls, canned_gateway
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.unit

TRAVERSAL = "../../healthz"
ENROL = """mutation($input: EnrolmentInput!) { enrol(input: $input) { __typename } }"""
BAD_IDS: list[tuple[str, str, dict[str, Any]]] = [
    ("literal", f'{{ program(id: "{TRAVERSAL}") {{ name }} }}', {}),
    ("variable", "query($id: ID!) { program(id: $id) { name } }", {"id": TRAVERSAL}),
    ("int literal", "{ program(id: 7) { name } }", {}),
    ("int variable", "query($id: ID!) { program(id: $id) { name } }", {"id": 7}),
    (
        "variable default",
        f'query($id: ID = "{TRAVERSAL}") {{ program(id: $id) {{ name }} }}',
        {},
    ),
    (
        "input object variable",
        ENROL,
        {"input": {"programId": TRAVERSAL, "userId": "bo", "role": "MENTEE", "displayName": "B"}},
    ),
    (
        "input object literal",
        f'mutation {{ enrol(input: {{programId: "{TRAVERSAL}", userId: "bo", role: MENTEE, '
        'displayName: "B"}) { __typename } }',
        {},
    ),
    ("query string", "query($id: ID!) { program(id: $id) { name } }", {"id": f"{PROGRAM_ID}?x=1"}),
]


@pytest.mark.parametrize(("what", "query", "variables"), BAD_IDS, ids=[b[0] for b in BAD_IDS])
async def test_an_id_that_is_not_a_uuid_never_reaches_a_service(
    verifier: TokenVerifier,
    issuer: DevIssuer,
    calls: Calls,
    what: str,
    query: str,
    variables: dict[str, Any],
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    async with serve(canned_gateway(verifier, calls)) as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=admin
        )

    body = response.json()
    assert body["data"] is None, what
    assert "An ID is a UUID" in body["errors"][0]["message"]
    assert TRAVERSAL not in body["errors"][0]["message"]  # the client's text is not echoed
    assert calls.made == []


async def test_a_uuid_in_any_case_is_an_id(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    query = "query($id: ID!) { program(id: $id) { name } }"
    async with serve(canned_gateway(verifier, calls)) as client:
        found = await client.post(
            "/graphql", json={"query": query, "variables": {"id": PROGRAM_ID}}, headers=admin
        )
        upper = await client.post(
            "/graphql",
            json={"query": query, "variables": {"id": PROGRAM_ID.upper()}},
            headers=admin,
        )

    assert found.json() == {"data": {"program": {"name": "Spring"}}}
    assert upper.json()["data"] == {"program": None}  # a well-formed id: the service decides
    assert calls.made == [
        f"GET /v1/programs/{PROGRAM_ID}",
        f"GET /v1/programs/{PROGRAM_ID.upper()}",
    ]


def test_a_subscription_with_a_bad_id_never_reaches_a_service(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls
) -> None:
    subscribe = "subscription($id: ID!) { matchUpdated(programId: $id) { change } }"
    with (
        TestClient(canned_gateway(verifier, calls)) as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as socket,
    ):
        token = issuer.mint("ada", "acme", ["org_admin"])
        socket.send_json(
            {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        )
        assert socket.receive_json()["type"] == "connection_ack"
        payload = {"query": subscribe, "variables": {"id": TRAVERSAL}}
        socket.send_json({"id": "1", "type": "subscribe", "payload": payload})
        refused = socket.receive_json()

    assert refused["type"] == "error"
    assert "An ID is a UUID" in refused["payload"][0]["message"]
    assert calls.made == []
