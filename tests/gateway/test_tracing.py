"""The gateway's calls to the services carry its trace: each call is a CLIENT span under the
GraphQL request's SERVER span, and the service receives that span as its `traceparent`; in the
embedded backend the service's own spans, and those of the events it emits, join the trace."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind

from contracts.matching import ParticipantEnrolledV1
from gateway.app import create_app
from gateway.settings import GatewaySettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from mentorship.embedded import create_embedded_app, dev_issuer
from tests.infra.apps import bearer, eventually, serve
from tests.infra.tracing import SpanRecorder

SERVICES = ("matching", "goals", "feedback", "notifications")
ACCEPT = 'mutation { acceptMatch(id: "00000000-0000-4000-8000-0000000000c1") { __typename } }'


def ids(span: ReadableSpan) -> tuple[int, int]:
    assert span.context is not None
    return span.context.trace_id, span.context.span_id


def parent_id(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def parts(traceparent: str) -> tuple[int, int]:
    version, trace_id, span_id, _ = traceparent.split("-")
    assert version == "00"
    return int(trace_id, 16), int(span_id, 16)


async def call_through_the_gateway(
    issuer: DevIssuer, verifier: TokenVerifier, headers: dict[str, str] | None = None
) -> list[httpx.Request]:
    """Runs one mutation that makes the gateway call matching; returns what matching received."""
    received: list[httpx.Request] = []

    def matching(request: httpx.Request) -> httpx.Response:
        received.append(request)
        problem = {"type": "about:blank", "title": "Conflict", "status": 409, "code": "conflict"}
        return httpx.Response(409, json=problem, headers={"content-type": "application/json"})

    def quiet(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"status": 404, "code": "not_found"})

    transports = {
        name: httpx.MockTransport(matching if name == "matching" else quiet) for name in SERVICES
    }
    app = create_app(GatewaySettings(log_json=False), verifier=verifier, transports=transports)
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    async with serve(app) as client:
        response = await client.post(
            "/graphql", json={"query": ACCEPT}, headers={**admin, **(headers or {})}
        )
        assert response.status_code == 200, response.text
        assert response.json()["data"]["acceptMatch"]["__typename"] != "Match"
        assert (await client.get("/healthz")).status_code == 200
    return received


@pytest.mark.unit
async def test_a_service_call_carries_the_gateway_requests_trace(
    issuer: DevIssuer, verifier: TokenVerifier, spans: SpanRecorder
) -> None:
    [request] = await call_through_the_gateway(issuer, verifier)

    [server] = spans.of_kind(SpanKind.SERVER)  # /healthz has none
    assert server.name == "POST /graphql"
    assert server.parent is None
    trace_id = ids(server)[0]
    [client] = spans.of_kind(SpanKind.CLIENT)
    assert server in spans.ancestors(client)
    assert client.name == "POST"
    assert client.attributes is not None
    assert client.attributes["http.status_code"] == 409
    assert parts(request.headers["traceparent"]) == ids(client)
    assert parts(request.headers["traceparent"])[0] == trace_id
    assert request.headers["authorization"].startswith("Bearer ")


@pytest.mark.unit
async def test_the_gateway_continues_its_callers_trace(
    issuer: DevIssuer, verifier: TokenVerifier, spans: SpanRecorder
) -> None:
    caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    [request] = await call_through_the_gateway(issuer, verifier, {"traceparent": caller})

    [server] = spans.of_kind(SpanKind.SERVER)
    assert parent_id(server) == 0x00F067AA0BA902B7
    assert parts(request.headers["traceparent"])[0] == 0x4BF92F3577B34DA6A3CE929D0E0E4736


CONSUMERS = {"inbox", "matching", "relationships"}  # notifications, goals, feedback
ENROL = """mutation($input: EnrolmentInput!) { enrol(input: $input) {
  __typename ... on Participant { id } } }"""


@pytest.mark.embedded
async def test_one_trace_runs_from_graphql_through_a_service_to_the_consumers_of_its_event(
    tmp_path: Path, spans: SpanRecorder
) -> None:
    issuer = dev_issuer(tmp_path)
    app = create_embedded_app(tmp_path)

    async def gql(user: str, query: str, admin: bool = False, **variables: Any) -> Any:
        token = issuer.mint(user, "acme", ["org_admin"] if admin else [])
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=bearer(token)
        )
        assert response.status_code == 200, response.text
        assert "errors" not in response.json(), response.text
        return response.json()["data"]

    async with serve(app) as client:
        created = await gql(
            "ada",
            'mutation { createProgram(input: {name: "Traced"}) { ... on Program { id } } }',
            admin=True,
        )
        spans.start()  # only the enrolment from here
        enrolment = {
            "programId": created["createProgram"]["id"],
            "userId": "carol",
            "role": "MENTOR",
            "displayName": "Carol",
        }
        enrolled = await gql("carol", ENROL, input=enrolment)
        assert enrolled["enrol"]["__typename"] == "Participant"
        [graphql] = [s for s in spans.of_kind(SpanKind.SERVER) if s.name == "POST /graphql"]
        trace_id = ids(graphql)[0]

        async def enrolment_handled() -> dict[str, ReadableSpan]:
            return {
                str(span.attributes["mentorship.consumer"]): span
                for span in spans.of_kind(SpanKind.CONSUMER, trace_id)
                if span.attributes is not None
                and span.attributes["cloudevents.event_type"] == ParticipantEnrolledV1.event_type
            }

        consumed = await eventually(enrolment_handled, lambda found: set(found) >= CONSUMERS)

    # gateway SERVER > gateway CLIENT > matching SERVER > (the event) > each consumer's CONSUMER
    [service] = [
        span
        for span in spans.of_kind(SpanKind.SERVER, trace_id)
        if span.name == "POST /v1/programs/{program_id}/participants"
    ]
    assert set(consumed) >= CONSUMERS
    for span in consumed.values():
        chain = spans.ancestors(span)
        assert chain[0] is service
        assert chain[1].kind == SpanKind.CLIENT
        assert chain[2] is graphql
        assert span.attributes is not None
        assert span.attributes["mentorship.org_id"] == "acme"
