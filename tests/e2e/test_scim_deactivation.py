"""SCIM deactivation across services over real Kafka and PostgreSQL: the identity provider
deactivates a mentee on matching; her match ends (her mentor is told, as on any withdrawal) and
notifications learns she is to be told nothing (person.deactivated) until she is reactivated."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from matching.app import create_app as create_matching
from matching.settings import MatchingSettings
from notifications.app import create_app as create_notifications
from notifications.models import Contact
from notifications.settings import NotificationsSettings
from tests.infra.apps import bearer, eventually, serve

pytestmark = pytest.mark.e2e

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Services:
    def __init__(self, matching: httpx.AsyncClient, notifications: httpx.AsyncClient) -> None:
        self.matching = matching
        self.notifications = notifications
        self.notifications_app: FastAPI | None = None

    async def silenced(self, user_id: str) -> bool | None:
        """Whether notifications holds the person as deactivated (None: unknown to it)."""
        assert self.notifications_app is not None
        async with self.notifications_app.state.runtime.sessions() as session:
            contact = await session.get(Contact, ("acme", user_id))
            return None if contact is None else contact.deactivated


@pytest.fixture
async def services(
    service_settings: Callable[..., Any], verifier: TokenVerifier
) -> AsyncIterator[Services]:
    matching = create_matching(service_settings(MatchingSettings), verifier=verifier)
    notifications = create_notifications(service_settings(NotificationsSettings), verifier=verifier)
    async with serve(matching) as matching_client, serve(notifications) as notifications_client:
        running = Services(matching_client, notifications_client)
        running.notifications_app = notifications
        yield running


async def test_a_deactivated_mentee_leaves_her_match_and_is_silenced_until_reactivated(
    services: Services, issuer: DevIssuer
) -> None:
    matching = services.matching
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    program = (await matching.post("/v1/programs", json={"name": "Spring"}, headers=admin)).json()
    people = {}
    for user, role in (("max", "mentor"), ("amy", "mentee")):
        enrolled = await matching.post(
            f"/v1/programs/{program['id']}/participants",
            json={"user_id": user, "role": role, "display_name": user.title()},
            headers=admin,
        )
        assert enrolled.status_code == 201, enrolled.text
        people[user] = enrolled.json()["id"]
    match = await matching.post(
        f"/v1/programs/{program['id']}/matches",
        json={"mentor_participant_id": people["max"], "mentee_participant_id": people["amy"]},
        headers=admin,
    )
    accepted = await matching.post(f"/v1/matches/{match.json()['id']}/accept", headers=admin)
    assert accepted.status_code == 200, accepted.text

    secret = (await matching.post("/v1/scim/credentials", headers=admin)).json()["secret"]
    idp = {"Authorization": f"Bearer {secret}"}
    created = await matching.post(
        "/scim/v2/Users",
        json={
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "amy",
            "active": True,
        },
        headers=idp,
    )
    assert created.status_code == 201, created.text
    url = f"/scim/v2/Users/{created.json()['id']}"
    off = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]}
    assert (await matching.patch(url, json=off, headers=idp)).status_code == 200

    async def mentor_titles() -> list[str]:
        response = await services.notifications.get(
            "/v1/notifications", headers=bearer(issuer.mint("max", "acme"))
        )
        return [str(item["title"]) for item in response.json()["items"]]

    titles = await eventually(mentor_titles, lambda found: any("ended" in t for t in found))
    assert any("ended" in title for title in titles), titles
    assert await eventually(lambda: services.silenced("amy"), lambda flag: flag is True) is True

    on = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": True}]}
    assert (await matching.patch(url, json=on, headers=idp)).status_code == 200
    assert await eventually(lambda: services.silenced("amy"), lambda flag: flag is False) is False
