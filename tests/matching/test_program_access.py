"""Who runs a program and who sees it listed; peer programs, where one person is mentor and
mentee at once."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.matching.conftest import Headers

Enrol = Callable[..., Awaitable[dict[str, Any]]]
NewProgram = Callable[..., Awaitable[str]]


async def test_the_org_admin_who_creates_a_program_is_one_of_its_admins(
    api: httpx.AsyncClient, as_user: Headers
) -> None:
    created = await api.post(
        "/v1/programs",
        json={"name": "Mine", "admin_user_ids": ["pam"]},
        headers=as_user("ada", admin=True),
    )
    assert created.status_code == 201, created.text
    assert created.json()["admin_user_ids"] == ["ada", "pam"]
    admin = as_user("ada", admin=True)
    alone = await api.post("/v1/programs", json={"name": "Solo"}, headers=admin)
    assert alone.json()["admin_user_ids"] == ["ada"]


async def test_a_member_lists_open_programs_and_her_own_and_admins_list_all(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    admin = as_user("ada", admin=True)

    async def program(name: str, moved_to: str | None = None, **fields: Any) -> str:
        program_id = await new_program(name=name, **fields)
        if moved_to is not None:
            moved = await api.post(
                f"/v1/programs/{program_id}/status", json={"status": moved_to}, headers=admin
            )
            assert moved.status_code == 200, moved.text
        return program_id

    draft = await program("Draft", status="draft")
    enrolling = await program("Enrolling")
    mine = await program("Mine")
    await enrol(mine, "amy", "mentee")
    await api.post(f"/v1/programs/{mine}/status", json={"status": "active"}, headers=admin)
    running = await program("Running", "active")
    closed_mine = await program("Closed")
    await enrol(closed_mine, "amy", "mentor")
    await api.post(f"/v1/programs/{closed_mine}/status", json={"status": "closed"}, headers=admin)
    run_by_pam = await program("Pam's", "matching", admin_user_ids=["pam"])

    async def listed(who: str, is_admin: bool = False, limit: int = 100) -> list[str]:
        seen: list[str] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
            caller = as_user(who, admin=is_admin)
            page = await api.get("/v1/programs", params=params, headers=caller)
            assert page.status_code == 200, page.text
            seen += [p["id"] for p in page.json()["items"]]
            cursor = page.json().get("next_cursor")
            if not cursor:
                return seen

    everything = [draft, enrolling, mine, running, closed_mine, run_by_pam]
    assert await listed("ada", is_admin=True) == everything
    assert await listed("amy") == [enrolling, mine, closed_mine]
    assert await listed("amy", limit=1) == [enrolling, mine, closed_mine]  # pages agree
    assert await listed("pam") == [enrolling, run_by_pam]
    assert await listed("zed") == [enrolling]
    # A single read still answers any program of the org (an invitation link), not others'.
    assert (await api.get(f"/v1/programs/{running}", headers=as_user("zed"))).status_code == 200
    foreign = await api.get(f"/v1/programs/{running}", headers=as_user("zed", org="other"))
    assert foreign.status_code == 404


async def test_in_a_peer_program_one_person_is_both_mentor_and_mentee(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    peer = await new_program(format="peer", settings={"approval": "mentor_accepts"})
    url = f"/v1/programs/{peer}/participants"

    async def join(user: str, role: str) -> httpx.Response:
        body = {"user_id": user, "role": role, "display_name": user}
        return await api.post(url, json=body, headers=as_user(user))

    as_mentee = await join("pia", "mentee")
    as_mentor = await join("pia", "mentor")
    assert (as_mentee.status_code, as_mentor.status_code) == (201, 201), as_mentor.text
    twice = await join("pia", "mentor")
    assert (twice.status_code, twice.json()["code"]) == (409, "already-enrolled")
    mine = await api.get(url, headers=as_user("pia"))
    assert sorted(p["role"] for p in mine.json()["items"]) == ["mentee", "mentor"]
    ola_mentor = (await join("ola", "mentor")).json()
    ola_mentee = (await join("ola", "mentee")).json()

    async def ask(mentee: str, mentor: str, who: str) -> httpx.Response:
        return await api.post(
            f"/v1/programs/{peer}/matches",
            json={"mentee_participant_id": mentee, "mentor_participant_id": mentor},
            headers=as_user(who),
        )

    herself = await ask(as_mentee.json()["id"], as_mentor.json()["id"], "pia")
    assert herself.status_code == 422
    assert [e["type"] for e in herself.json()["errors"]] == ["self"]
    # pia asks ola to mentor her, and offers to mentor ola: two matches, one per role.
    asked = await ask(as_mentee.json()["id"], ola_mentor["id"], "pia")
    offered = await ask(ola_mentee["id"], as_mentor.json()["id"], "pia")
    assert (asked.status_code, offered.status_code) == (201, 201), offered.text
    assert asked.json()["awaiting"] == offered.json()["awaiting"] == ["ola"]
    for match in (asked.json(), offered.json()):
        accepted = await api.post(f"/v1/matches/{match['id']}/accept", headers=as_user("ola"))
        assert accepted.json()["status"] == "active", accepted.text
    # Withdrawing one participation ends only that role's relationship.
    gone = await api.post(
        f"/v1/participants/{as_mentor.json()['id']}/withdraw", headers=as_user("pia")
    )
    assert gone.json()["status"] == "withdrawn"
    still = await api.get(f"/v1/matches/{asked.json()['id']}", headers=as_user("pia"))
    assert still.json()["status"] == "active"


async def test_outside_peer_programs_a_person_has_one_role(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program(format="one_to_one")
    url = f"/v1/programs/{program_id}/participants"
    first = {"user_id": "bo", "role": "mentee", "display_name": "Bo"}
    assert (await api.post(url, json=first, headers=as_user("bo"))).status_code == 201
    other = await api.post(url, json={**first, "role": "mentor"}, headers=as_user("bo"))
    assert (other.status_code, other.json()["code"]) == (409, "already-enrolled")
    assert other.json()["field"] == "user_id"


async def test_a_csv_adds_a_peers_other_role_but_not_in_other_formats(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    admin = as_user("ada", admin=True)
    header = "external_id,user_id,role,display_name\n"

    async def post(program_id: str, rows: str) -> httpx.Response:
        return await api.post(
            f"/v1/programs/{program_id}/participants/import",
            content=(header + rows).encode(),
            headers={**admin, "content-type": "text/csv"},
        )

    for format, expected in (("peer", 200), ("one_to_one", 422)):
        program_id = await new_program(format=format)
        assert (await post(program_id, "hr-1,pia,mentee,Pia\n")).status_code == 200
        other_role = await post(program_id, "hr-2,pia,mentor,Pia\n")
        assert other_role.status_code == expected, other_role.text
        if expected == 422:
            [error] = other_role.json()["errors"]
            assert (error["column"], error["message"]) == ("role", "the role cannot change")
            continue
        assert other_role.json()["created"] == 1
        # Re-importing either row updates its own participation; a row claiming the other
        # role's external id is refused, not a second owner of it.
        again = await post(program_id, "hr-1,pia,mentee,Pia M\n")
        assert (again.json()["created"], again.json()["updated"]) == (0, 1)
        stolen = await post(program_id, "hr-1,pia,mentor,Pia\n")
        assert stolen.status_code == 422
        assert stolen.json()["errors"][0]["column"] == "external_id"
        people = await api.get(f"/v1/programs/{program_id}/participants", headers=admin)
        assert sorted((p["role"], p["external_id"]) for p in people.json()["items"]) == [
            ("mentee", "hr-1"),
            ("mentor", "hr-2"),
        ]
