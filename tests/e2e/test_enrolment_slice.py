"""The thin vertical slice over real parts: matching enrols a participant over REST, the event
travels outbox → relay → Kafka, and notifications puts a notification in that person's inbox."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from matching.app import create_app as create_matching
from matching.settings import MatchingSettings
from notifications.app import create_app as create_notifications
from notifications.settings import NotificationsSettings
from tests.infra.apps import bearer, eventually, serve

pytestmark = pytest.mark.e2e


@pytest.fixture
async def services(
    service_settings: Callable[..., Any], verifier: TokenVerifier
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    matching = create_matching(service_settings(MatchingSettings), verifier=verifier)
    notifications = create_notifications(service_settings(NotificationsSettings), verifier=verifier)
    async with serve(matching) as matching_client, serve(notifications) as notifications_client:
        yield matching_client, notifications_client


async def test_enrolling_a_participant_puts_one_welcome_in_their_inbox(
    services: tuple[httpx.AsyncClient, httpx.AsyncClient], issuer: DevIssuer
) -> None:
    matching, notifications = services
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    bob = bearer(issuer.mint("bob", "acme"))

    program = await matching.post("/v1/programs", json={"name": "Spring cohort"}, headers=admin)
    assert program.status_code == 201, program.text
    enrolled = await matching.post(
        f"/v1/programs/{program.json()['id']}/participants",
        json={"user_id": "bob", "role": "mentee", "display_name": "Bob", "email": "b@acme.io"},
        headers=admin,
    )
    assert enrolled.status_code == 201, enrolled.text

    async def inbox() -> list[dict[str, object]]:
        response = await notifications.get("/v1/notifications", headers=bob)
        assert response.status_code == 200, response.text
        items: list[dict[str, object]] = response.json()["items"]
        return items

    items = await eventually(inbox, lambda found: len(found) > 0)
    assert [(item["category"], item["title"]) for item in items] == [
        ("enrolment", "Welcome to Spring cohort")
    ]
    unread = await notifications.get("/v1/notifications/unread-count", headers=bob)
    assert unread.json() == {"unread": 1}


async def test_another_tenant_sees_neither_the_program_nor_the_notification(
    services: tuple[httpx.AsyncClient, httpx.AsyncClient], issuer: DevIssuer
) -> None:
    matching, notifications = services
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    program = (await matching.post("/v1/programs", json={"name": "P"}, headers=admin)).json()
    await matching.post(
        f"/v1/programs/{program['id']}/participants",
        json={"user_id": "bob", "role": "mentor", "display_name": "Bob"},
        headers=admin,
    )
    await eventually(
        lambda: notifications.get("/v1/notifications", headers=bearer(issuer.mint("bob", "acme"))),
        lambda response: len(response.json()["items"]) == 1,
    )
    intruder = bearer(issuer.mint("bob", "globex", ["org_admin"]))

    foreign = await matching.get(f"/v1/programs/{program['id']}", headers=intruder)
    missing = await matching.get(
        "/v1/programs/00000000-0000-4000-8000-000000000000", headers=intruder
    )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["code"] == missing.json()["code"] == "not-found"
    inbox = await notifications.get("/v1/notifications", headers=intruder)
    assert inbox.json()["items"] == []
