"""The mentor directory: the mentors a mentee may ask in a program, feasible for her under the
program's hard constraints, scored and explained, full ones included, searchable, paged, and
shown only to her and to the program's admins."""

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import httpx

from tests.matching.conftest import Headers

Enrol = Callable[..., Awaitable[dict[str, Any]]]
NewProgram = Callable[..., Awaitable[str]]
World = dict[str, Any]


async def world(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> World:
    """Bob, a mentee, and the program's mentors: two he may ask (one of them full), and one
    ruled out by each hard constraint or by a proposal already open with him."""
    program_id = await new_program(settings={"approval": "admin_assigns", "minimum_score": 5})
    bob = await enrol(
        program_id,
        "bob",
        "mentee",
        skills_wanted={"python": 3, "sql": 2},
        manager_user_id="carol",
        exclusions=["gus"],
        languages=["en", "fr"],
    )
    people = {
        "carol": await enrol(program_id, "carol", "mentor", skills_offered={"python": 5}),
        "dan": await enrol(
            program_id, "dan", "mentor", skills_offered={"python": 5}, languages=["de"]
        ),
        "gus": await enrol(program_id, "gus", "mentor", skills_offered={"python": 5}),
        "erin": await enrol(
            program_id,
            "erin",
            "mentor",
            capacity=1,
            skills_offered={"python": 4, "sql": 4},
            languages=["en"],
            availability={"2027-03": 4},
            exclusions=["zoe"],
            manager_user_id="vera",
            attributes={"site": "Lyon"},
        ),
        "fay": await enrol(
            program_id, "fay", "mentor", capacity=2, skills_offered={"python": 2}, languages=["fr"]
        ),
        "hal": await enrol(program_id, "hal", "mentor", skills_offered={"python": 5, "sql": 5}),
    }
    ivy = await enrol(program_id, "ivy", "mentee", skills_wanted={"sql": 3})
    admin = as_user("ada", admin=True)
    url = f"/v1/programs/{program_id}/matches"
    # Ivy takes Erin's only place (the admin assigns); Bob has already asked Hal.
    taken = await api.post(
        url,
        json={"mentee_participant_id": ivy["id"], "mentor_participant_id": people["erin"]["id"]},
        headers=admin,
    )
    assert taken.status_code == 201, taken.text
    assert taken.json()["status"] in ("accepted", "active")
    asked = await api.post(
        url,
        json={"mentee_participant_id": bob["id"], "mentor_participant_id": people["hal"]["id"]},
        headers=as_user("bob"),
    )
    assert asked.status_code == 201, asked.text
    assert asked.json()["status"] == "proposed"
    return {"program_id": program_id, "bob": bob, "ivy": ivy, **people}


async def read(
    api: httpx.AsyncClient, headers: dict[str, str], program_id: str, **params: Any
) -> httpx.Response:
    return await api.get(f"/v1/programs/{program_id}/directory", params=params, headers=headers)


async def test_a_mentee_sees_every_feasible_mentor_best_first_full_ones_marked(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    w = await world(api, as_user, new_program, enrol)
    response = await read(api, as_user("bob"), w["program_id"])
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["mentee_participant_id"] == w["bob"]["id"]
    # carol: reporting line; dan: no shared language; gus: excluded; hal: already asked.
    assert [item["mentor_user_id"] for item in page["items"]] == ["erin", "fay"]
    assert page["total"] == 2
    assert page["next_cursor"] is None
    erin, fay = page["items"]
    assert erin["explanation"]["score"] > fay["explanation"]["score"]
    assert (erin["capacity"], erin["free_places"], erin["at_capacity"]) == (1, 0, True)
    assert (fay["capacity"], fay["free_places"], fay["at_capacity"]) == (2, 2, False)
    for item in page["items"]:
        explanation = item["explanation"]
        assert explanation["feasible"] is True
        assert explanation["rejected_by"] == []
        assert explanation["mentee_participant_id"] == w["bob"]["id"]
        assert explanation["mentor_participant_id"] == item["mentor_participant_id"]
    evidence = {c["factor"]: c["evidence"] for c in erin["explanation"]["contributions"]}
    assert evidence["skills"] == ["python (wants 3, offers 4)", "sql (wants 2, offers 4)"]
    # The profile says what helps to choose; nothing a match partner may not read, no email.
    assert erin["profile"]["skills_offered"] == {"python": 4, "sql": 4}
    assert erin["profile"]["availability"] == {"2027-03": 4}
    for private in ("exclusions", "manager_user_id", "attributes", "email", "skills_wanted"):
        assert private not in erin["profile"]
        assert private not in erin
    # The same pair explained on its own scores the same.
    pair = await api.get(
        f"/v1/programs/{w['program_id']}/scores",
        params={"mentee_participant_id": w["bob"]["id"], "mentor_participant_id": w["fay"]["id"]},
        headers=as_user("bob"),
    )
    assert pair.json()["score"] == fay["explanation"]["score"]


async def test_recommendations_leave_out_a_mentor_already_asked(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    """Bob has asked Hal: Hal was suggested to him again (Erin is full, so left out too)."""
    w = await world(api, as_user, new_program, enrol)
    url = f"/v1/participants/{w['bob']['id']}/recommendations"
    recommended = await api.get(url, headers=as_user("bob"))
    assert recommended.status_code == 200, recommended.text
    assert [r["mentor_user_id"] for r in recommended.json()] == ["fay"]
    batch = await api.get(
        "/v1/recommendations", params={"participant_ids": w["bob"]["id"]}, headers=as_user("bob")
    )
    assert batch.json()["items"][0]["recommendations"] == recommended.json()
    # Once Hal declines, he may be suggested again.
    [asked] = [
        m
        for m in (
            await api.get(f"/v1/programs/{w['program_id']}/matches", headers=as_user("bob"))
        ).json()["items"]
        if m["mentor_user_id"] == "hal"
    ]
    declined = await api.post(f"/v1/matches/{asked['id']}/decline", json={}, headers=as_user("hal"))
    assert declined.status_code == 200, declined.text
    again = await api.get(url, headers=as_user("bob"))
    assert "hal" in [r["mentor_user_id"] for r in again.json()]


async def test_the_directory_is_searchable_and_paged(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    w = await world(api, as_user, new_program, enrol)
    bob = as_user("bob")

    async def names(**params: Any) -> list[str]:
        response = await read(api, bob, w["program_id"], **params)
        assert response.status_code == 200, response.text
        assert response.json()["total"] == len(response.json()["items"])
        return [item["mentor_user_id"] for item in response.json()["items"]]

    everyone = (await read(api, bob, w["program_id"])).json()["items"]
    only_sql = (await read(api, bob, w["program_id"], skill="sql")).json()["items"]
    # A search narrows the list; it does not change anyone's score.
    assert only_sql == everyone[:1]
    assert await names(skill="SQL ") == ["erin"]
    assert await names(skill=["python", "sql"]) == ["erin"]
    assert await names(skill="cobol") == []
    assert await names(language="fr") == ["fay"]
    assert await names(language=["fr", "en"]) == ["erin", "fay"]
    assert await names(available_in="2027-03") == ["erin"]
    assert await names(available_in=["2027-01", "2027-03"]) == []
    assert await names(free_only="true") == ["fay"]
    # Pages of one follow the whole list's order, each cursor leading to the next.
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        params: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        response = await read(api, bob, w["program_id"], **params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["total"] == 2
        seen += [item["mentor_user_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["erin", "fay"]
    for params, field in (
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"available_in": "2027-13"}, "available_in"),
        ({"skill": ""}, "skill"),
        ({"language": [f"l{i}" for i in range(21)]}, "language"),
    ):
        refused = await read(api, bob, w["program_id"], **params)
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == field
    for limit in (0, -1, 101):
        assert (await read(api, bob, w["program_id"], limit=limit)).status_code == 422


async def test_a_mentee_reads_her_own_admins_any_and_nobody_else(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    w = await world(api, as_user, new_program, enrol)
    program_id = w["program_id"]
    own = (await read(api, as_user("bob"), program_id)).json()
    named = await read(api, as_user("bob"), program_id, participant_id=w["bob"]["id"])
    assert named.json() == own
    admin = as_user("ada", admin=True)
    on_behalf = await read(api, admin, program_id, participant_id=w["bob"]["id"])
    assert on_behalf.status_code == 200, on_behalf.text
    assert on_behalf.json() == own
    ivys = await read(api, admin, program_id, participant_id=w["ivy"]["id"])
    assert ivys.json()["mentee_participant_id"] == w["ivy"]["id"]
    # Ivy's open match is with Erin: Erin is not listed for her.
    assert "erin" not in [item["mentor_user_id"] for item in ivys.json()["items"]]
    unnamed = await read(api, admin, program_id)
    assert (unnamed.status_code, unnamed.json()["field"]) == (422, "participant_id")
    # Another mentee's directory, or one in another org, is missing; a mentor is refused.
    for who, org, params in (
        ("ivy", "acme", {"participant_id": w["bob"]["id"]}),
        ("zed", "acme", {"participant_id": w["bob"]["id"]}),
        ("bob", "other", {}),
        ("bob", "acme", {"participant_id": str(uuid4())}),
    ):
        hidden = await read(api, as_user(who, org=org), program_id, **params)
        assert hidden.status_code == 404, (who, org, hidden.text)
    for who, params in (("erin", {}), ("erin", {"participant_id": w["erin"]["id"]}), ("zed", {})):
        refused = await read(api, as_user(who), program_id, **params)
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "directory-for-mentees"
    # A mentee who withdrew has no directory.
    gone = await api.post(f"/v1/participants/{w['ivy']['id']}/withdraw", headers=as_user("ivy"))
    assert gone.status_code == 200, gone.text
    withdrawn = await read(api, as_user("ivy"), program_id)
    assert withdrawn.status_code == 409, withdrawn.text
