"""Links goals hands out start with the public root (`GOALS_PUBLIC_URL`) and the path the
public entry serves: in the distributed mode only the gateway is public (deploy/k8s's
ingress), so a calendar feed's URL must fetch the .ics through the gateway, with no token."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from icalendar import Calendar

from gateway.app import create_app as create_gateway
from gateway.context import SERVICES
from gateway.settings import GatewaySettings
from goals.app import create_app
from goals.settings import GoalsSettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.backends import Backend
from tests.goals.conftest import GoalsService, World
from tests.infra.apps import bearer, serve

PUBLIC = "https://mentorship.example.org"
CREATE = "mutation { createCalendarFeed { __typename ... on CalendarFeed { id url } } }"
REVOKE = "mutation($id: ID!) { revokeCalendarFeed(id: $id) { __typename } }"


@dataclass
class Stack:
    goals: GoalsService
    gateway: httpx.AsyncClient

    async def graphql(self, user: str, query: str, **variables: object) -> dict[str, Any]:
        response = await self.gateway.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers=self.goals.as_user(user),
        )
        assert response.status_code == 200, response.text
        body: dict[str, dict[str, Any]] = response.json()
        assert "errors" not in body, body
        return body["data"]


@pytest.fixture
async def stack(
    backend: Backend, verifier: TokenVerifier, issuer: DevIssuer
) -> AsyncIterator[Stack]:
    """Goals on its backend behind a gateway that reaches it as over the network; the other
    services are unreachable (nothing here needs them)."""
    settings = backend.settings(GoalsSettings, scheduler_idle_seconds=0.05, public_url=PUBLIC + "/")
    app = create_app(settings, backend.bus, verifier)
    down = httpx.MockTransport(lambda _: httpx.Response(503))
    async with serve(app) as client:
        transports: dict[str, httpx.AsyncBaseTransport] = {name: down for name in SERVICES}
        transports["goals"] = httpx.ASGITransport(app=app)
        gateway = create_gateway(
            GatewaySettings(log_json=False), verifier=verifier, transports=transports
        )
        async with serve(gateway) as public:
            yield Stack(GoalsService(client, app, backend, issuer), public)


async def test_a_calendar_feed_url_is_public_and_fetches_the_ics_through_the_gateway(
    stack: Stack,
) -> None:
    world = await stack.goals.start(World())
    created = await stack.graphql(world.mentee, CREATE)
    feed = created["createCalendarFeed"]
    assert feed["__typename"] == "CalendarFeed", feed
    url: str = feed["url"]
    assert url.startswith(f"{PUBLIC}/goals/v1/calendar/"), url
    assert url.endswith(".ics"), url

    served = await stack.gateway.get(urlsplit(url).path)  # no token: the URL is the credential
    assert served.status_code == 200, served.text
    assert served.headers["content-type"].startswith("text/calendar")
    assert len(Calendar.from_ical(served.content).walk("VEVENT")) == 1  # the first check-in

    await stack.graphql(world.mentee, REVOKE, id=feed["id"])
    gone = await stack.gateway.get(urlsplit(url).path)
    assert gone.status_code == 404
    assert gone.headers["content-type"].startswith("application/problem+json")
    assert (await stack.gateway.get("/goals/v1/calendar/not..a..token.ics")).status_code == 422


async def test_the_rest_api_gives_the_same_public_link(stack: Stack) -> None:
    world = await stack.goals.start(World())
    created = await stack.goals.client.post(
        "/v1/calendar-feeds", headers=bearer(stack.goals.issuer.mint(world.mentor, world.org))
    )
    assert created.status_code == 201, created.text
    path = urlsplit(created.json()["url"]).path
    assert created.json()["url"] == PUBLIC + path
    assert path.startswith("/goals/v1/calendar/")
    served = await stack.goals.client.get(path.removeprefix("/goals"))
    assert served.status_code == 200, served.text
