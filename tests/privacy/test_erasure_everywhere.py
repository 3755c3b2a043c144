"""An erasure travels from matching to every service over the run mode's transport (real Kafka
and PostgreSQL, or the in-process bus and SQLite): each service erases the person and confirms,
the request completes, and afterwards no table of any service's database holds the person's
user id, name, email or HR id, while the counterpart's relationship is still counted."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

import feedback.app
import goals.app
import matching.app
import notifications.app
from feedback.settings import FeedbackSettings
from goals.settings import GoalsSettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from matching.settings import MatchingSettings
from notifications.settings import NotificationsSettings
from tests.backends import Backend
from tests.infra.apps import bearer, eventually, serve

ERIN = {
    "user_id": "erin-erasable",
    "display_name": "Erin Erasable",
    "email": "erin.erasable@example.com",
    "external_id": "HR-47110815",
}
IDENTIFIERS = [value.lower() for value in ERIN.values()]


class Stack:
    def __init__(self, apps: dict[str, FastAPI], clients: dict[str, httpx.AsyncClient]) -> None:
        self.apps = apps
        self.clients = clients


@pytest.fixture
async def stack(backend: Backend, verifier: TokenVerifier) -> AsyncIterator[Stack]:
    apps = {
        "matching": matching.app.create_app(
            backend.settings(MatchingSettings), backend.bus, verifier
        ),
        "goals": goals.app.create_app(backend.settings(GoalsSettings), backend.bus, verifier),
        "feedback": feedback.app.create_app(
            backend.settings(FeedbackSettings), backend.bus, verifier
        ),
        "notifications": notifications.app.create_app(
            backend.settings(NotificationsSettings), backend.bus, verifier
        ),
    }
    async with AsyncExitStack() as running:
        clients = {
            name: await running.enter_async_context(serve(app)) for name, app in apps.items()
        }
        yield Stack(apps, clients)


async def _relationship(stack: Stack, admin: dict[str, str]) -> dict[str, Any]:
    """Erin (mentee) and Mo (mentor) in an active match of a program with a goal template."""
    api = stack.clients["matching"]
    program = await api.post(
        "/v1/programs",
        json={
            "name": "Erasure",
            "settings": {"approval": "admin_assigns"},
            "goal_templates": [{"title": "Ship a talk", "milestones": ["Outline"]}],
        },
        headers=admin,
    )
    assert program.status_code == 201, program.text
    program_id = program.json()["id"]
    ids = {}
    for person, role in ((ERIN, "mentee"), ({"user_id": "mo", "display_name": "Mo"}, "mentor")):
        enrolled = await api.post(
            f"/v1/programs/{program_id}/participants",
            json={**person, "role": role, "profile": {"languages": ["en"]}},
            headers=admin,
        )
        assert enrolled.status_code == 201, enrolled.text
        ids[role] = enrolled.json()["id"]
    match = await api.post(
        f"/v1/programs/{program_id}/matches",
        json={"mentee_participant_id": ids["mentee"], "mentor_participant_id": ids["mentor"]},
        headers=admin,
    )
    assert match.status_code == 201, match.text
    return dict(match.json())


async def _rows_mentioning(app: FastAPI, needles: list[str]) -> list[str]:
    """`table: row` for every row of every table whose text mentions one of the needles."""
    found = []
    async with app.state.runtime.sessions() as session:
        for table in app.state.runtime.definition.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                text = " ".join(
                    v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row
                ).lower()
                if any(needle in text for needle in needles):
                    found.append(f"{table.name}: {text[:300]}")
    return found


async def test_an_erasure_leaves_no_identifier_of_the_person_in_any_service(
    stack: Stack, issuer: DevIssuer
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    match = await _relationship(stack, admin)
    user = ERIN["user_id"]

    async def held() -> list[int]:
        return [
            (await client.get(f"/v1/people/{user}/export", headers=admin)).status_code
            for client in stack.clients.values()
        ]

    # Every service has learnt of Erin (read models, her goal, her notifications) first.
    assert await eventually(held, lambda codes: set(codes) == {200}, within=120) == [200] * 4
    for name, app in stack.apps.items():
        assert await _rows_mentioning(app, IDENTIFIERS), f"{name} never held Erin"

    requested = await stack.clients["matching"].post(f"/v1/people/{user}/erasure", headers=admin)
    assert requested.status_code == 202, requested.text
    request = requested.json()
    assert request["status"] == "requested"
    assert user not in str(request)

    async def progress() -> dict[str, Any]:
        listed = await stack.clients["matching"].get("/v1/erasure-requests", headers=admin)
        [found] = [r for r in listed.json() if r["id"] == request["id"]]
        return dict(found)

    done = await eventually(progress, lambda r: r["status"] == "completed", within=120)
    assert done["status"] == "completed"
    assert sorted(done["confirmed_by"]) == ["feedback", "goals", "matching", "notifications"]
    assert done["pending"] == []

    for name, app in stack.apps.items():
        assert await _rows_mentioning(app, IDENTIFIERS) == [], name
    # Mo's relationship is still there and still counted, with Erin as her pseudonym.
    mine = await stack.clients["matching"].get(
        f"/v1/matches/{match['id']}", headers=bearer(issuer.mint("mo", "acme", []))
    )
    assert mine.status_code == 200, mine.text
    assert mine.json()["mentee_user_id"] == request["pseudonym"]
    # The person is gone: nothing to export, nothing to erase again.
    assert set(await held()) == {404}
    again = await stack.clients["matching"].post(f"/v1/people/{user}/erasure", headers=admin)
    assert again.status_code == 404


async def test_a_person_erases_themself_only_where_the_org_allows_it(
    stack: Stack, issuer: DevIssuer
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    await _relationship(stack, admin)
    api = stack.clients["matching"]
    erin = bearer(issuer.mint(ERIN["user_id"], "acme", []))
    path = f"/v1/people/{ERIN['user_id']}/erasure"

    refused = await api.post(path, headers=erin)
    assert refused.status_code == 403, refused.text
    assert (await api.post(path, headers=bearer(issuer.mint("mo", "acme", [])))).status_code == 404
    allowed = await api.put("/v1/privacy/settings", json={"self_erasure": True}, headers=admin)
    assert allowed.status_code == 200, allowed.text
    assert (await api.put("/v1/privacy/settings", json={}, headers=erin)).status_code == 403

    accepted = await api.post(path, headers=erin)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["reason"] == "self"
