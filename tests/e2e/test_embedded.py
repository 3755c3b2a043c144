"""The embedded run (`make run`): all services in one process on SQLite and the in-process bus,
serving the same enrolment slice as the distributed mode."""

import asyncio
from pathlib import Path

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.infra.apps import bearer, eventually, serve

pytestmark = pytest.mark.embedded


async def test_embedded_backend_serves_the_enrolment_slice(tmp_path: Path) -> None:
    app = create_embedded_app(tmp_path)
    issuer = dev_issuer(tmp_path)
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    carol = bearer(issuer.mint("carol", "acme"))

    async with serve(app) as client:
        program = await client.post("/matching/v1/programs", json={"name": "Pilot"}, headers=admin)
        assert program.status_code == 201, program.text
        enrolled = await client.post(
            f"/matching/v1/programs/{program.json()['id']}/participants",
            json={"user_id": "carol", "role": "mentor", "display_name": "Carol"},
            headers=carol,
        )
        assert enrolled.status_code == 201, enrolled.text

        inbox = await eventually(
            lambda: client.get("/notifications/v1/notifications", headers=carol),
            lambda response: len(response.json()["items"]) > 0,
        )
        assert [item["title"] for item in inbox.json()["items"]] == ["Welcome to Pilot"]
        for service in ("matching", "goals", "feedback", "notifications"):
            assert (await client.get(f"/{service}/readyz")).status_code == 200
        graphql = await client.post(
            "/graphql",
            json={"query": "{ notifications { nodes { title } } unreadNotifications }"},
            headers=carol,
        )
        assert graphql.json() == {
            "data": {
                "notifications": {"nodes": [{"title": "Welcome to Pilot"}]},
                "unreadNotifications": 1,
            }
        }

    databases = await asyncio.to_thread(lambda: {path.name for path in tmp_path.glob("*.db")})
    assert databases == {
        "matching.db",
        "goals.db",
        "feedback.db",
        "notifications.db",
    }


async def test_embedded_data_survives_a_restart(tmp_path: Path) -> None:
    admin = bearer(dev_issuer(tmp_path).mint("ada", "acme", ["org_admin"]))
    async with serve(create_embedded_app(tmp_path)) as client:
        created = await client.post("/matching/v1/programs", json={"name": "Kept"}, headers=admin)
    async with serve(create_embedded_app(tmp_path)) as client:
        again = await client.get(f"/matching/v1/programs/{created.json()['id']}", headers=admin)
    assert again.status_code == 200
    assert again.json()["name"] == "Kept"
