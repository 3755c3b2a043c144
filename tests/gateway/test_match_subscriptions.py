"""`matchUpdated(programId)` over graphql-transport-ws: only the program's admins (org admins or
the program's own) may subscribe, and they see that program's match changes and no other's."""

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_subscriptions import open_socket, wait_for_listeners
from tests.infra.apps import bearer

pytestmark = pytest.mark.embedded

SUBSCRIBE = """subscription($id: ID!) { matchUpdated(programId: $id) {
  change mentorUserId menteeUserId match { status awaiting } } }"""


def subscribe(socket: Any, program_id: str) -> None:
    payload = {"query": SUBSCRIBE, "variables": {"id": program_id}}
    socket.send_json({"id": "1", "type": "subscribe", "payload": payload})


def program_with_pair(client: TestClient, admin: dict[str, str], name: str, **extra: Any) -> str:
    created = client.post("/matching/v1/programs", json={"name": name, **extra}, headers=admin)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def propose(client: TestClient, admin: dict[str, str], program_id: str, tag: str) -> None:
    base = f"/matching/v1/programs/{program_id}"
    ids = [
        client.post(
            f"{base}/participants",
            json={"user_id": f"{role}-{tag}", "role": role, "display_name": role},
            headers=admin,
        ).json()["id"]
        for role in ("mentor", "mentee")
    ]
    proposed = client.post(
        f"{base}/matches",
        json={"mentor_participant_id": ids[0], "mentee_participant_id": ids[1]},
        headers=admin,
    )
    assert proposed.status_code == 201, proposed.text


def test_program_admins_follow_their_programs_matches_live(tmp_path: Path) -> None:
    issuer = dev_issuer(tmp_path)
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    with TestClient(create_embedded_app(tmp_path)) as client, ExitStack() as sockets:
        watched = program_with_pair(client, admin, "Watched", admin_user_ids=["pam"])
        other = program_with_pair(client, admin, "Other")
        pam, _ = open_socket(sockets, client, issuer.mint("pam", "acme"))  # program admin
        subscribe(pam, watched)
        assert wait_for_listeners(client, 1) == 1

        propose(client, admin, other, "x")  # another program's match: not for pam
        propose(client, admin, watched, "w")
        message = pam.receive_json()
        assert message["type"] == "next"
        assert message["payload"]["data"]["matchUpdated"] == {
            "change": "PROPOSED",
            "mentorUserId": "mentor-w",
            "menteeUserId": "mentee-w",
            "match": {"status": "proposed".upper(), "awaiting": ["mentor-w"]},
        }
        pam.send_json({"id": "1", "type": "complete"})
        assert wait_for_listeners(client, 0) == 0


def test_only_the_programs_admins_may_subscribe(tmp_path: Path) -> None:
    issuer = dev_issuer(tmp_path)
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    with TestClient(create_embedded_app(tmp_path)) as client, ExitStack() as sockets:
        program_id = program_with_pair(client, admin, "Private", admin_user_ids=["pam"])
        for user, org in (("bo", "acme"), ("ada", "globex")):  # a member; a foreign org admin
            socket, _ = open_socket(
                sockets, client, issuer.mint(user, org, ["org_admin"] if org == "globex" else [])
            )
            subscribe(socket, program_id)
            refused = socket.receive_json()
            assert refused["payload"]["data"] is None, refused
            assert "admins" in refused["payload"]["errors"][0]["message"]
        assert wait_for_listeners(client, 0) == 0


def test_an_admin_removed_from_the_program_stops_receiving_its_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATEWAY_SUBSCRIPTION_RECHECK_SECONDS", "0")  # no grace: every event
    issuer = dev_issuer(tmp_path)
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    with TestClient(create_embedded_app(tmp_path)) as client, ExitStack() as sockets:
        program_id = program_with_pair(client, admin, "Watched", admin_user_ids=["pam"])
        pam, _ = open_socket(sockets, client, issuer.mint("pam", "acme"))
        subscribe(pam, program_id)
        assert wait_for_listeners(client, 1) == 1
        propose(client, admin, program_id, "1")
        assert pam.receive_json()["payload"]["data"]["matchUpdated"]["mentorUserId"] == "mentor-1"

        removed = client.patch(
            f"/matching/v1/programs/{program_id}", json={"admin_user_ids": []}, headers=admin
        )
        assert removed.status_code == 200, removed.text
        propose(client, admin, program_id, "2")
        refused = pam.receive_json()
        ended = pam.receive_json()

        assert refused["type"] == "next"
        assert refused["payload"]["data"] is None
        assert "admins" in refused["payload"]["errors"][0]["message"]
        assert ended == {"id": "1", "type": "complete"}
        assert wait_for_listeners(client, 0) == 0
