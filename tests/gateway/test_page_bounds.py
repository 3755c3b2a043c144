"""`first` on every connection is 1..100: outside it the query is refused with an error a client
can act on (a code and the argument's name), before any service is called."""

import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.gateway.canned import Calls, canned_gateway
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.unit

CONNECTIONS = [
    "notifications(first: $first) { nodes { id } }",
    "programs(first: $first) { nodes { id } }",
    "surveys(first: $first) { nodes { id } }",
    "feedbackRequests(first: $first) { nodes { id } }",
    "webhookEndpoints(first: $first) { nodes { id } }",
]


@pytest.mark.parametrize("first", [-1, 0, 101])
@pytest.mark.parametrize("selection", CONNECTIONS, ids=lambda s: s.split("(")[0])
async def test_a_page_size_outside_1_to_100_is_refused_naming_the_argument(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls, selection: str, first: int
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    query = f"query($first: Int!) {{ {selection} }}"
    async with serve(canned_gateway(verifier, calls)) as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": {"first": first}}, headers=admin
        )

    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["message"] == f"first must be between 1 and 100; it was {first}."
    assert error["extensions"] == {
        "code": "invalid-page-size",
        "field": "first",
        "min": 1,
        "max": 100,
    }
    assert calls.made == []


@pytest.mark.parametrize("first", [1, 100])
async def test_the_bounds_themselves_are_accepted(
    verifier: TokenVerifier, issuer: DevIssuer, calls: Calls, first: int
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    query = "query($first: Int!) { programs(first: $first) { nodes { name } } }"
    async with serve(canned_gateway(verifier, calls)) as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": {"first": first}}, headers=admin
        )

    assert response.json() == {"data": {"programs": {"nodes": [{"name": "Spring"}]}}}
    assert calls.made == ["GET /v1/programs"]
