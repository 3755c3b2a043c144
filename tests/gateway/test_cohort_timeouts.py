"""Runs and publishing compute a whole cohort: the gateway waits longer for them than for the
other calls (10k people take seconds, 50k about a minute), and only for them."""

from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.testing.apps import bearer, serve

pytestmark = pytest.mark.unit

SERVICES = ("matching", "goals", "feedback", "notifications")


async def test_cohort_operations_get_the_cohort_timeout_and_the_rest_the_default(
    issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    waited: dict[str, float] = {}
    preferred: list[str | None] = []

    def matching(request: httpx.Request) -> httpx.Response:
        waited[f"{request.method} {request.url.path}"] = request.extensions["timeout"]["read"]
        if request.url.path.endswith("/runs"):
            preferred.append(request.headers.get("prefer"))
        problem = {"type": "about:blank", "title": "Conflict", "status": 409, "code": "conflict"}
        return httpx.Response(409, json=problem, headers={"content-type": "application/json"})

    def quiet(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"status": 404, "code": "not_found"})

    transports = {
        name: httpx.MockTransport(matching if name == "matching" else quiet) for name in SERVICES
    }
    settings = GatewaySettings(downstream_timeout_seconds=7, cohort_timeout_seconds=240)
    app = create_app(settings, verifier=verifier, transports=transports)
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))

    async def gql(query: str) -> Any:
        async with serve(app) as client:
            response = await client.post("/graphql", json={"query": query}, headers=admin)
            assert response.status_code == 200, response.text
            return response.json()

    await gql('mutation { createMatchingRun(programId: "p1") { __typename } }')
    await gql('mutation { createMatchingRun(programId: "p1", background: true) { __typename } }')
    assert preferred == [None, "respond-async"]
    await gql('mutation { whatIf(runId: "r1", input: {minimumScore: 50}) { __typename } }')
    await gql('mutation { publishMatchingRun(runId: "r1") { __typename } }')
    await gql('mutation { acceptMatch(id: "m1") { __typename } }')
    assert waited == {
        "POST /v1/programs/p1/runs": 240,
        "POST /v1/runs/r1/what-if": 240,
        "POST /v1/runs/r1/publish": 240,
        "POST /v1/matches/m1/accept": 7,
    }
