"""One-click unsubscribe (RFC 8058 + RFC 2369) on both backends: every email carries the link
with the public URL, GET only shows what would stop, POST turns email off for that category only,
idempotently; an unknown token is 404 and a token touches nobody else."""

from collections.abc import AsyncIterator
from email.message import EmailMessage
from urllib.parse import urlsplit

import httpx
import pytest

from gateway.app import create_app as create_gateway
from gateway.context import SERVICES
from gateway.settings import GatewaySettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from notifications.preferences.policy import CATEGORIES
from tests.backends import Backend
from tests.infra.apps import serve
from tests.notifications.notify_events import MATCH, MENTEE, MENTOR, enrolled, match_accepted
from tests.notifications.notify_harness import (
    Clock,
    Harness,
    SmtpServer,
    running,
    service_overrides,
)

LINK = "http://127.0.0.1:8000/notifications/v1/unsubscribe/"


async def enrol_both_and_send(h: Harness) -> None:
    await h.send(enrolled(MENTOR, "mentor", email="maria@acme.io"))
    await h.send(enrolled(MENTEE, email="tom@acme.io"))
    await h.inbox_of_size(MENTOR, 1)
    await h.inbox_of_size(MENTEE, 1)
    await h.send(match_accepted(), subject=str(MATCH))
    await h.inbox_of_size(MENTEE, 2)
    await h.inbox_of_size(MENTOR, 2)
    await h.fire()


def link_of(message: EmailMessage) -> str:
    header = str(message["List-Unsubscribe"])
    assert header.startswith("<"), header
    assert header.endswith(">"), header
    return header[1:-1]


def to(smtp: SmtpServer, address: str, subject_start: str) -> EmailMessage:
    return next(
        m
        for m in smtp.messages
        if m["To"] == address and str(m["Subject"]).startswith(subject_start)
    )


async def channels(h: Harness, user: str) -> dict[str, list[str]]:
    response = await h.client.get("/v1/preferences", headers=h.token(user))
    assert response.status_code == 200, response.text
    found: dict[str, list[str]] = response.json()["channels"]
    return found


async def test_every_email_carries_the_one_click_headers_and_the_link(
    service: Harness, smtp: SmtpServer
) -> None:
    h = service
    await enrol_both_and_send(h)

    assert len(smtp.messages) == 4
    links = set()
    for message in smtp.messages:
        link = link_of(message)
        assert link.startswith(LINK), link
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text, html = message.get_body(("plain",)), message.get_body(("html",))
        assert text is not None
        assert html is not None
        assert text.get_content().rstrip().endswith(link)
        assert f'href="{link}"' in html.get_content()
        links.add(link)
    # One per (person, category): Tom's welcome and match emails differ, his two welcomes would not.
    assert len(links) == 4
    token = urlsplit(link_of(to(smtp, "tom@acme.io", "Welcome"))).path.rsplit("/", 1)[1]
    assert len(token) >= 43
    assert MENTEE not in token


async def test_get_changes_nothing_and_post_turns_email_off_for_that_category_only(
    service: Harness, smtp: SmtpServer
) -> None:
    h = service
    await enrol_both_and_send(h)
    path = urlsplit(link_of(to(smtp, "tom@acme.io", "Welcome"))).path.removeprefix("/notifications")

    shown = await h.client.get(path)
    assert shown.status_code == 200, shown.text
    assert shown.headers["content-type"].startswith("text/html")
    assert "enrolment" in shown.text
    assert 'method="post"' in shown.text
    assert await channels(h, MENTEE) == {}

    for _ in range(2):  # idempotent
        done = await h.client.post(
            path,
            content=b"List-Unsubscribe=One-Click",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert done.status_code == 200, done.text
        assert "Unsubscribed" in done.text
        assert await channels(h, MENTEE) == {"enrolment": ["in_app"]}
    assert await channels(h, MENTOR) == {}  # Tom's token touched nobody else

    empty = await h.client.post(path)  # a browser form or a client with no body
    assert empty.status_code == 200, empty.text

    autumn = enrolled(MENTEE, email="tom@acme.io").model_copy(
        update={"program_name": "Autumn cohort"}
    )
    await h.send(autumn)
    await h.inbox_of_size(MENTEE, 3)
    await h.fire()
    assert [m["Subject"] for m in smtp.messages if "Autumn" in str(m["Subject"])] == []
    inbox = await h.inbox(MENTEE)
    assert any("Autumn" in item["title"] for item in inbox)  # in-app stays


async def test_an_unknown_token_is_404_problem(service: Harness) -> None:
    h = service
    for method in ("GET", "POST"):
        answer = await h.client.request(method, "/v1/unsubscribe/" + "x" * 43)
        assert answer.status_code == 404, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["code"] == "not-found"
    assert (await h.client.post("/v1/unsubscribe/short")).status_code in (404, 422)


PUBLIC = "https://mentorship.example.org"


@pytest.fixture
async def behind_gateway(
    backend: Backend, verifier: TokenVerifier, issuer: DevIssuer, smtp: SmtpServer, clock: Clock
) -> AsyncIterator[tuple[Harness, httpx.AsyncClient]]:
    """Notifications with a public URL, behind a gateway that reaches it as over the network
    (the distributed mode: only the gateway is public); the other services are unreachable."""
    overrides = service_overrides(smtp, public_url=PUBLIC)
    async with running(backend, clock, verifier, issuer, overrides) as h:
        down = httpx.MockTransport(lambda _: httpx.Response(503))
        transports: dict[str, httpx.AsyncBaseTransport] = {name: down for name in SERVICES}
        transports["notifications"] = httpx.ASGITransport(app=h.app)
        gateway = create_gateway(
            GatewaySettings(log_json=False), verifier=verifier, transports=transports
        )
        async with serve(gateway) as public:
            yield h, public


async def test_the_link_starts_with_the_public_url_and_works_through_the_gateway(
    behind_gateway: tuple[Harness, httpx.AsyncClient], smtp: SmtpServer
) -> None:
    h, gateway = behind_gateway
    await enrol_both_and_send(h)
    link = link_of(to(smtp, "tom@acme.io", "Your match"))
    assert link.startswith(f"{PUBLIC}/notifications/v1/unsubscribe/"), link
    path = urlsplit(link).path

    shown = await gateway.get(path)  # no token: the URL is the credential
    assert shown.status_code == 200, shown.text
    assert shown.headers["content-type"].startswith("text/html")
    assert await channels(h, MENTEE) == {}

    done = await gateway.post(
        path,
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200, done.text
    assert await channels(h, MENTEE) == {"matches": ["in_app"]}

    unknown = await gateway.post("/notifications/v1/unsubscribe/" + "x" * 43)
    assert unknown.status_code == 404, unknown.text
    assert (await gateway.get("/notifications/v1/unsubscribe/not..a..token")).status_code == 422


async def test_a_digests_link_turns_email_off_for_every_category(
    service: Harness, smtp: SmtpServer
) -> None:
    h = service
    response = await h.client.put(
        "/v1/preferences",
        json={"digest": "daily", "channels": {"goals": ["in_app", "slack"]}},
        headers=h.token(MENTEE),
    )
    assert response.status_code == 200, response.text
    await enrol_both_and_send(h)
    assert [m["To"] for m in smtp.messages] == ["maria@acme.io"] * 2  # Tom's wait
    h.clock.advance(days=2)
    await h.fire()
    digest = to(smtp, "tom@acme.io", "Your daily digest")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = urlsplit(link_of(digest)).path.removeprefix("/notifications")

    shown = await h.client.get(path)
    assert "all emails" in shown.text
    assert (await h.client.post(path)).status_code == 200
    after = await channels(h, MENTEE)
    assert after.pop("goals") == ["in_app", "slack"]
    assert after == {category: ["in_app"] for category in CATEGORIES if category != "goals"}
