"""The gateway over the embedded services: results, expected errors as unions, auth, limits."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kit.devtokens import DevIssuer
from mentorship.embedded import create_embedded_app, dev_issuer
from tests.infra.apps import bearer, eventually, serve

pytestmark = pytest.mark.embedded

CREATE = """mutation($name: String!) { createProgram(input: {name: $name}) {
  __typename ... on Program { id name format }
  ... on NotAllowed { message } ... on ValidationFailed { message fields { field message } } } }"""
ENROL = """mutation($programId: ID!, $userId: String!, $name: String!) {
  enrol(input: {programId: $programId, userId: $userId, role: MENTEE, displayName: $name}) {
  __typename ... on Participant { id userId } ... on Conflict { message }
  ... on NotAllowed { message } ... on NotFound { message } } }"""


class Gateway:
    def __init__(self, client: httpx.AsyncClient, issuer: DevIssuer) -> None:
        self.client = client
        self.issuer = issuer

    async def run(
        self,
        query: str,
        user: str | None = "ada",
        org: str = "acme",
        roles: tuple[str, ...] = ("org_admin",),
        **variables: Any,
    ) -> dict[str, Any]:
        headers = bearer(self.issuer.mint(user, org, list(roles))) if user else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def test_a_program_created_and_joined_through_graphql_shows_up_everywhere(
    gateway: Gateway,
) -> None:
    created = await gateway.run(CREATE, name="Spring")
    program = created["data"]["createProgram"]
    assert program["__typename"] == "Program"
    assert program["format"] == "ONE_TO_ONE"
    enrolled = await gateway.run(
        ENROL, user="bo", roles=(), programId=program["id"], userId="bo", name="Bo"
    )
    assert enrolled["data"]["enrol"]["__typename"] == "Participant"

    listed = await gateway.run(
        "query($id: ID!) { program(id: $id) { name } participants(programId: $id, first: 1) {"
        " nodes { userId role } pageInfo { hasNextPage endCursor } } }",
        id=program["id"],
    )
    assert listed["data"]["program"] == {"name": "Spring"}
    assert listed["data"]["participants"]["nodes"] == [{"userId": "bo", "role": "MENTEE"}]
    assert listed["data"]["participants"]["pageInfo"]["hasNextPage"] is False
    inbox = await eventually(
        lambda: gateway.run("{ notifications { nodes { title } } }", user="bo", roles=()),
        lambda body: len(body["data"]["notifications"]["nodes"]) > 0,
    )
    assert inbox["data"]["notifications"]["nodes"] == [{"title": "Welcome to Spring"}]


async def test_expected_errors_are_typed_results(gateway: Gateway) -> None:
    refused = await gateway.run(CREATE, roles=(), name="Nope")
    assert refused["data"]["createProgram"]["__typename"] == "NotAllowed"
    invalid = await gateway.run(CREATE, name="")
    assert invalid["data"]["createProgram"]["__typename"] == "ValidationFailed"
    assert invalid["data"]["createProgram"]["fields"][0]["field"] == "input.name"
    program = (await gateway.run(CREATE, name="P"))["data"]["createProgram"]
    first = await gateway.run(ENROL, programId=program["id"], userId="bo", name="Bo")
    again = await gateway.run(ENROL, programId=program["id"], userId="bo", name="Bo")
    foreign = await gateway.run(ENROL, org="globex", programId=program["id"], userId="x", name="X")
    assert first["data"]["enrol"]["__typename"] == "Participant"
    assert again["data"]["enrol"]["__typename"] == "Conflict"
    assert foreign["data"]["enrol"]["__typename"] == "NotFound"
    missing = await gateway.run(
        "query($id: ID!) { program(id: $id) { name } }", org="globex", id=program["id"]
    )
    assert missing["data"]["program"] is None


async def test_anonymous_callers_and_bad_tokens_get_a_401_before_any_graphql_work(
    gateway: Gateway,
) -> None:
    anonymous = await gateway.client.post("/graphql", json={"query": "{ unreadNotifications }"})
    over_get = await gateway.client.get("/graphql", params={"query": "{ unreadNotifications }"})
    forged = await gateway.client.post(
        "/graphql",
        json={"query": "{ unreadNotifications }"},
        headers={"Authorization": "Bearer not.a.token"},
    )
    for refused in (anonymous, over_get, forged):
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["www-authenticate"] == "Bearer"
    assert anonymous.json()["detail"] == "Sign in first: a bearer token is required."
    page = await gateway.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200  # GraphiQL's page is for anyone; its queries carry a token
    assert "graphiql" in page.text.lower()


async def test_limits_refuse_deep_aliased_and_huge_documents_before_running_them(
    gateway: Gateway,
) -> None:
    nested = (
        "query { a: notifications { nodes { id } } "
        + " ".join(f"x{i}: unreadNotifications" for i in range(40))
        + " }"
    )
    aliased = await gateway.run(nested)
    assert "aliases" in aliased["errors"][0]["message"].lower()
    tokens = await gateway.run("{ " + "a " * 2500 + "}")
    assert "token" in tokens["errors"][0]["message"].lower()
    huge = await gateway.client.post(
        "/graphql",
        json={"query": "{ " + "unreadNotifications " * 2500 + "}"},
        headers=bearer(gateway.issuer.mint("ada", "acme")),
    )
    assert huge.status_code == 400
    assert huge.json()["limit"] == "document-size"


async def test_cross_site_simple_requests_and_mutations_over_get_are_refused(
    gateway: Gateway,
) -> None:
    form = await gateway.client.post(
        "/graphql",
        content="query={unreadNotifications}",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 415
    over_get = await gateway.client.get(
        "/graphql",
        params={"query": 'mutation { createProgram(input: {name: "x"}) { __typename } }'},
        headers=bearer(gateway.issuer.mint("ada", "acme", ["org_admin"])),
    )
    assert over_get.status_code in (400, 405)
    huge = await gateway.client.post(
        "/graphql", json={"query": "{ unreadNotifications }", "pad": "x" * 200_000}
    )
    assert huge.status_code == 413
