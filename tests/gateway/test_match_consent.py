"""Consent through GraphQL on the embedded backend: the mentee answers proposals made to her,
both people accept in both_accept (a partial acceptance shows), a person withdraws her own
request, refusals are typed results, and a member's program list holds only what is hers."""

from collections.abc import AsyncIterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_graphql_api import Gateway
from tests.gateway.test_match_subscriptions import program_with_pair, subscribe
from tests.gateway.test_subscriptions import open_socket, wait_for_listeners
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.embedded

MATCH = """__typename ... on Match { id status awaiting acceptedBy proposedBy }
  ... on NotAllowed { message } ... on Conflict { message }
  ... on ValidationFailed { message fields { field message } }"""


class World:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    async def ok(self, query: str, user: str = "ada", **variables: Any) -> dict[str, Any]:
        roles = ("org_admin",) if user == "ada" else ()
        body = await self.gateway.run(query, user=user, roles=roles, **variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    async def program(self, name: str, approval: str) -> dict[str, Any]:
        created = await self.ok(
            """mutation($name: String!, $settings: ProgramSettingsInput!) { createProgram(input: {
               name: $name, settings: $settings}) {
               ... on Program { id adminUserIds settings { approval } } } }""",
            name=name,
            settings={"approval": approval.upper()},
        )
        program: dict[str, Any] = created["createProgram"]
        return program

    async def enrol(self, program_id: str, user: str, role: str, **profile: Any) -> str:
        enrolled = await self.ok(
            """mutation($input: EnrolmentInput!) { enrol(input: $input) {
               ... on Participant { id } } }""",
            input={
                "programId": program_id,
                "userId": user,
                "role": role,
                "displayName": user.title(),
                "profile": {"languages": ["en"], **profile},
            },
        )
        return str(enrolled["enrol"]["id"])

    async def propose(self, program_id: str, mentor: str, mentee: str, who: str) -> Any:
        found = await self.ok(
            f"""mutation($p: ID!, $mentor: ID!, $mentee: ID!) {{ proposeMatch(programId: $p,
               mentorParticipantId: $mentor, menteeParticipantId: $mentee) {{ {MATCH} }} }}""",
            user=who,
            p=program_id,
            mentor=mentor,
            mentee=mentee,
        )
        return found["proposeMatch"]

    async def answer(self, mutation: str, match_id: str, who: str) -> Any:
        found = await self.ok(
            f"mutation($id: ID!) {{ {mutation}(id: $id) {{ {MATCH} }} }}", user=who, id=match_id
        )
        return found[mutation]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield World(Gateway(client, dev_issuer(tmp_path)))


async def test_the_mentee_accepts_what_awaits_her_and_both_accept_shows_half_way(
    world: World,
) -> None:
    program = await world.program("Mentees choose", "mentee_accepts")
    assert program["adminUserIds"] == ["ada"]
    assert program["settings"] == {"approval": "MENTEE_ACCEPTS"}
    mo = await world.enrol(program["id"], "mo", "MENTOR")
    ming = await world.enrol(program["id"], "ming", "MENTEE")
    proposed = await world.propose(program["id"], mo, ming, "ada")
    assert (proposed["status"], proposed["awaiting"], proposed["acceptedBy"]) == (
        "PROPOSED",
        ["ming"],
        [],
    )
    not_his = await world.answer("acceptMatch", proposed["id"], "mo")
    assert not_his["__typename"] == "NotAllowed"
    accepted = await world.answer("acceptMatch", proposed["id"], "ming")
    assert (accepted["status"], accepted["acceptedBy"]) == ("ACTIVE", ["ming"])

    both = await world.program("Both", "both_accept")
    mo2 = await world.enrol(both["id"], "mo", "MENTOR")
    ming2 = await world.enrol(both["id"], "ming", "MENTEE")
    match = await world.propose(both["id"], mo2, ming2, "ada")
    half = await world.answer("acceptMatch", match["id"], "mo")
    assert (half["status"], half["awaiting"], half["acceptedBy"]) == ("PROPOSED", ["ming"], ["mo"])
    declined = await world.answer("declineMatch", match["id"], "ming")
    assert declined["status"] == "DECLINED"


async def test_a_mentee_withdraws_her_own_request_and_a_refused_pair_names_its_field(
    world: World,
) -> None:
    program = await world.program("Requests", "mentor_accepts")
    mo = await world.enrol(program["id"], "mo", "MENTOR")
    fra = await world.enrol(program["id"], "fra", "MENTOR", languages=["fr"])
    mia = await world.enrol(program["id"], "mia", "MENTEE")
    refused = await world.propose(program["id"], fra, mia, "mia")
    assert refused["__typename"] == "ValidationFailed"
    assert "no language in common" in refused["message"]
    [field] = refused["fields"]
    # The gateway may render the service's name in the schema's camelCase.
    assert field["field"] in ("mentor_participant_id", "mentorParticipantId")
    asked = await world.propose(program["id"], mo, mia, "mia")
    assert (asked["awaiting"], asked["acceptedBy"], asked["proposedBy"]) == (
        ["mo"],
        ["mia"],
        "mia",
    )
    own = await world.answer("declineMatch", asked["id"], "mia")
    assert own["__typename"] == "NotAllowed"
    not_his = await world.answer("withdrawMatchRequest", asked["id"], "mo")
    assert not_his["__typename"] == "NotAllowed"
    withdrawn = await world.answer("withdrawMatchRequest", asked["id"], "mia")
    assert (withdrawn["status"], withdrawn["awaiting"]) == ("WITHDRAWN", [])
    again = await world.answer("withdrawMatchRequest", asked["id"], "mia")
    assert again["__typename"] == "Conflict"


async def test_a_member_lists_the_programs_open_to_her_or_hers_and_an_admin_all(
    world: World,
) -> None:
    open_one = await world.program("Open", "mentor_accepts")
    hers = await world.program("Hers", "mentor_accepts")
    closed_off = await world.program("Running", "mentor_accepts")
    await world.enrol(hers["id"], "mia", "MENTEE")
    for program in (hers, closed_off):
        await world.ok(
            """mutation($id: ID!) { changeProgramStatus(id: $id, status: ACTIVE) {
               __typename } }""",
            id=program["id"],
        )
    query = "{ programs(first: 100) { nodes { id } } }"
    seen = {p["id"] for p in (await world.ok(query, user="mia"))["programs"]["nodes"]}
    assert {open_one["id"], hers["id"]} <= seen
    assert closed_off["id"] not in seen
    everything = {p["id"] for p in (await world.ok(query))["programs"]["nodes"]}
    assert {open_one["id"], hers["id"], closed_off["id"]} <= everything


def test_a_program_admin_sees_a_request_proposed_then_withdrawn_live(tmp_path: Path) -> None:
    issuer = dev_issuer(tmp_path)
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    mia = bearer(issuer.mint("mia", "acme"))
    with TestClient(create_embedded_app(tmp_path)) as client, ExitStack() as sockets:
        program_id = program_with_pair(client, admin, "Watched", admin_user_ids=["pam"])
        base = f"/matching/v1/programs/{program_id}"
        ids = {
            user: client.post(
                f"{base}/participants",
                json={"user_id": user, "role": role, "display_name": user},
                headers=admin,
            ).json()["id"]
            for user, role in (("mo", "mentor"), ("mia", "mentee"))
        }
        pam, _ = open_socket(sockets, client, issuer.mint("pam", "acme"))
        subscribe(pam, program_id)
        assert wait_for_listeners(client, 1) == 1
        asked = client.post(
            f"{base}/matches",
            json={"mentor_participant_id": ids["mo"], "mentee_participant_id": ids["mia"]},
            headers=mia,
        )
        assert asked.status_code == 201, asked.text
        assert pam.receive_json()["payload"]["data"]["matchUpdated"]["change"] == "PROPOSED"
        withdrawn = client.post(f"/matching/v1/matches/{asked.json()['id']}/withdraw", headers=mia)
        assert withdrawn.status_code == 200, withdrawn.text
        update = pam.receive_json()["payload"]["data"]["matchUpdated"]
        assert update["change"] == "WITHDRAWN"
        assert update["match"] == {"status": "WITHDRAWN", "awaiting": []}
        pam.send_json({"id": "1", "type": "complete"})
        assert wait_for_listeners(client, 0) == 0
