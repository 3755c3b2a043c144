"""The paths the gateway serves for links handed to people (calendar feeds, unsubscribe links):
a service that cannot be reached is a 503 problem, not a 500, and a token that is not one is
refused before any service is asked."""

from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.app import create_app
from gateway.context import SERVICES
from gateway.settings import GatewaySettings
from kit.auth import TokenVerifier
from tests.infra.apps import serve

pytestmark = pytest.mark.unit

TOKEN = "A" * 43
LINKS = [
    ("GET", f"/goals/v1/calendar/{TOKEN}.ics"),
    ("GET", f"/notifications/v1/unsubscribe/{TOKEN}"),
    ("POST", f"/notifications/v1/unsubscribe/{TOKEN}"),
]


class Asked:
    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        raise httpx.ConnectError("refused", request=request)


@pytest.fixture
def asked() -> Asked:
    return Asked()


@pytest.fixture
async def gateway(verifier: TokenVerifier, asked: Asked) -> AsyncIterator[httpx.AsyncClient]:
    unreachable = httpx.MockTransport(asked)
    transports: dict[str, httpx.AsyncBaseTransport] = {name: unreachable for name in SERVICES}
    app = create_app(GatewaySettings(log_json=False), verifier=verifier, transports=transports)
    async with serve(app) as client:
        yield client


@pytest.mark.parametrize(("method", "path"), LINKS)
async def test_an_unreachable_service_is_a_503_problem(
    gateway: httpx.AsyncClient, asked: Asked, method: str, path: str
) -> None:
    answer = await gateway.request(method, path)
    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == "service-unavailable"
    service_path = "/" + path.split("/", 2)[2]  # the service's own path, without its mount
    assert asked.paths == [service_path]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/goals/v1/calendar/short.ics"),
        ("GET", "/notifications/v1/unsubscribe/not%20a%20token%20at%20all"),
        ("POST", "/notifications/v1/unsubscribe/" + "A" * 65),
    ],
)
async def test_what_is_not_a_token_is_refused_before_any_service_is_asked(
    gateway: httpx.AsyncClient, asked: Asked, method: str, path: str
) -> None:
    answer = await gateway.request(method, path)
    assert answer.status_code == 422
    assert asked.paths == []
