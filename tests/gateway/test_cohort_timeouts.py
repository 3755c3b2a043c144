"""Runs and publishing compute a whole cohort: the gateway waits longer for them than for the
other calls (10k people take seconds, 50k about a minute), and only for them."""

from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.unit

SERVICES = ("matching", "goals", "feedback", "notifications")
P1 = "00000000-0000-4000-8000-0000000000a1"
R1 = "00000000-0000-4000-8000-0000000000b1"
M1 = "00000000-0000-4000-8000-0000000000c1"


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

    await gql(f'mutation {{ createMatchingRun(programId: "{P1}") {{ __typename }} }}')
    await gql(
        f'mutation {{ createMatchingRun(programId: "{P1}", background: true) {{ __typename }} }}'
    )
    assert preferred == [None, "respond-async"]
    await gql(f'mutation {{ whatIf(runId: "{R1}", input: {{minimumScore: 50}}) {{ __typename }} }}')
    await gql(f'mutation {{ publishMatchingRun(runId: "{R1}") {{ __typename }} }}')
    await gql(f'mutation {{ acceptMatch(id: "{M1}") {{ __typename }} }}')
    assert waited == {
        f"POST /v1/programs/{P1}/runs": 240,
        f"POST /v1/runs/{R1}/what-if": 240,
        f"POST /v1/runs/{R1}/publish": 240,
        f"POST /v1/matches/{M1}/accept": 7,
    }
