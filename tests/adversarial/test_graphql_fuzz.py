"""Schemathesis over the gateway's GraphQL schema (gateway/schema.graphql): every query and
mutation field, with an org admin's and a mentee's token, against the four services on
PostgreSQL behind the gateway, all in-process.

GraphQL answers expected failures (validation, not found, not allowed) inside a 200, as
`errors` or as the union results of the schema, so schemathesis' own GraphQL checks (any
`errors` entry is a failure) do not fit. The oracle here is what a server error looks like at
this gateway: an HTTP 5xx, a body that is not a GraphQL response, or an error the gateway
masked as unexpected (an exception escaped a resolver).
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.adversarial.stack import Stack
from tests.adversarial.world import MENTEE, ORG_ADMIN, World
from tests.infra.infra import PostgresServer

pytestmark = pytest.mark.adversarial

SDL = Path(__file__).resolve().parents[2] / "gateway" / "schema.graphql"
EXAMPLES_PER_FIELD = 5
UNEXPECTED = re.compile(r"unexpected error", re.IGNORECASE)


SCHEMA = schemathesis.graphql.from_file(SDL.read_text())
FIELDS: list[Any] = [result.ok() for result in SCHEMA.get_all_operations()]  # type: ignore[union-attr]
REQUESTS: list[int] = []


@pytest.fixture(scope="module")
def stack(postgres_server: PostgresServer, verifier: TokenVerifier) -> Iterator[Stack]:
    """The services and the gateway (this module only: the REST tiers need no gateway)."""
    running = Stack(postgres_server, verifier, gateway=True)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    print(f"\ngraphql fuzzing: {len(FIELDS)} fields, {len(REQUESTS)} requests")


def server_error(status: int, body: Any) -> str | None:
    if status >= 500:
        return f"HTTP {status}"
    if not isinstance(body, dict) or not ({"data", "errors"} & set(body)):
        return f"not a GraphQL response: {str(body)[:200]}"
    for error in body.get("errors") or []:
        if UNEXPECTED.search(str(error.get("message", ""))):
            return f"masked unexpected error at {error.get('path')}"
    return None


@pytest.mark.parametrize(
    "field",
    [pytest.param(f, id=f.label) for f in FIELDS],
)
def test_field_never_fails_on_the_server(
    field: Any, stack: Stack, world: World, issuer: DevIssuer
) -> None:
    tokens = [ORG_ADMIN.headers(issuer), MENTEE.headers(issuer)]
    failures: dict[str, str] = {}

    @hypothesis.settings(
        max_examples=EXAMPLES_PER_FIELD,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(case=field.as_strategy(), admin=hypothesis.strategies.booleans())
    def probe(case: Any, admin: bool) -> None:
        kwargs = case.as_transport_kwargs(base_url="http://test/graphql")
        headers = {"content-type": "application/json", **tokens[0 if admin else 1]}
        response = stack.request(
            "gateway", "POST", "/graphql", json=kwargs["json"], headers=headers
        )
        REQUESTS.append(response.status_code)
        try:
            answer = response.json()
        except ValueError:
            answer = response.text
        problem = server_error(response.status_code, answer)
        if problem is not None:
            failures.setdefault(problem, str(kwargs["json"].get("query", ""))[:400])

    probe()
    assert not failures, "\n".join(f"- {k}\n    {q}" for k, q in failures.items())
