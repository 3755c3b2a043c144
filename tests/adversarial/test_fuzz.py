"""Schemathesis over every operation of every service: no server errors, every status code and
every response body as documented.

Each operation is one test. Hypothesis draws valid and invalid requests from the operation's
OpenAPI (derandomized, so a run is reproducible), with the token of an org admin, a program
admin, a mentee or a plain member (on matching's /scim/v2: the org's SCIM secret), and path
ids that are the seeded objects half of the time.
A failing check does not stop the operation's run: every distinct failure is collected and
reported together (hypothesis' shrinking is skipped, the report names the request instead).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import hypothesis.strategies as st
import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kit.devtokens import DevIssuer
from tests.adversarial.operations import RESOURCES, Operation, openapi, operations
from tests.adversarial.stack import Stack
from tests.adversarial.world import (
    MEMBER,
    MENTEE,
    ORG_ADMIN,
    PROGRAM_ADMIN,
    Caller,
    Seeder,
    World,
    scim_headers,
)

pytestmark = pytest.mark.adversarial

EXAMPLES_PER_OPERATION = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
CALLERS: tuple[Caller, ...] = (ORG_ADMIN, PROGRAM_ADMIN, MENTEE, MEMBER)
FUZZ_SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    suppress_health_check=list(hypothesis.HealthCheck),
)


@dataclass
class Tally:
    """What the tier did, printed at the end of the module (the issue's closing figures)."""

    operations: int = 0
    requests: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    print(
        f"\nfuzzing: {TALLY.operations} operations, {TALLY.requests} requests, "
        f"{sum(len(v) for v in TALLY.failures.values())} distinct failures "
        f"in {len(TALLY.failures)} operations"
    )


@pytest.fixture(scope="module")
def schemas() -> dict[str, schemathesis.schemas.BaseSchema]:
    return {service: schemathesis.openapi.from_dict(openapi(service)) for service in openapi_ids()}


def openapi_ids() -> list[str]:
    return sorted({operation.service for operation in operations()})


def prepare(kwargs: dict[str, Any]) -> requests.PreparedRequest:
    """The requests-style call schemathesis serialized, as bytes on the wire."""
    return requests.Request(
        method=kwargs["method"],
        url=kwargs["url"],
        headers=kwargs.get("headers"),
        params=kwargs.get("params"),
        cookies=kwargs.get("cookies"),
        json=kwargs.get("json"),
        data=kwargs.get("data"),
        files=kwargs.get("files"),
    ).prepare()


def send(stack: Stack, service: str, prepared: requests.PreparedRequest) -> Any:
    """Sent in-process through httpx (the apps' loop)."""
    assert prepared.url is not None
    return stack.request(
        service,
        prepared.method or "GET",
        prepared.url,
        content=prepared.body,
        headers=dict(prepared.headers),
    )


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    # Schemathesis' messages carry the whole request and response; the kind is what groups them.
    return re.sub(r"\s+", " ", text.splitlines()[0] if text else type(error).__name__)[:200]


@pytest.mark.parametrize(
    "operation",
    [pytest.param(op, id=op.id) for op in operations()],
)
def test_operation_keeps_its_contract(
    operation: Operation,
    stack: Stack,
    world: World,
    issuer: DevIssuer,
    schemas: dict[str, Any],
) -> None:
    api_operation = schemas[operation.service][operation.path][operation.method.upper()]
    tokens = {caller.name: caller.headers(issuer) for caller in CALLERS}
    if operation.uses_scim:
        # The identity provider's secret, new: fuzzing the credential endpoint rotates it.
        tokens = {"idp": scim_headers(Seeder(stack, issuer), ORG_ADMIN)}
    real_ids = {
        name: world.ids[RESOURCES[name]] for name in operation.path_parameters if name in RESOURCES
    }
    cases = st.one_of(
        api_operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        api_operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    failures: dict[str, str] = {}
    TALLY.operations += 1

    @FUZZ_SETTINGS
    @hypothesis.given(case=cases, data=st.data())
    def probe(case: Any, data: st.DataObject) -> None:
        caller = data.draw(st.sampled_from(sorted(tokens)), label="caller")
        for name, real in real_ids.items():
            if case.path_parameters is not None and data.draw(st.booleans(), label=name):
                case.path_parameters[name] = real
        try:
            kwargs = case.as_transport_kwargs(base_url="http://test")
            # Set here, not through `headers=`: schemathesis drops that for the cases where it
            # negates the security scheme. A missing token is the isolation matrix's business.
            kwargs["headers"] = {
                k: v for k, v in kwargs["headers"].items() if k.lower() != "authorization"
            }
            kwargs["headers"].update(tokens[caller] if not operation.is_public else {})
            prepared = prepare(kwargs)
        except (ValueError, UnicodeError):  # a request no HTTP client would send
            return
        try:
            response = send(stack, operation.service, prepared)
        except UnicodeError:  # a header httpx will not encode: never reaches the app
            return
        TALLY.requests += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as exc:  # schemathesis' Failure(Group)
            for failure in getattr(exc, "exceptions", [exc]):
                key = f"{response.status_code}: {first_line(failure)}"
                sent = response.request
                failures.setdefault(
                    key,
                    f"as {caller}: {sent.method} {sent.url} body={sent.content[:300]!r} "
                    f"token={'authorization' in sent.headers}",
                )

    probe()
    found = failures
    if found:
        TALLY.failures[operation.id] = list(found)
        details = "\n".join(f"- {kind}\n    {request}" for kind, request in found.items())
        pytest.fail(f"{operation.id}: {len(found)} distinct failure(s)\n{details}")
