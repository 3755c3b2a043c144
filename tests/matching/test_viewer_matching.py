"""GET /v1/me: the signed-in person's enrolments, matches (with the partner as they may see
them) and administered programs, scoped by the token alone."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.matching.conftest import Headers

Enrol = Callable[..., Awaitable[dict[str, Any]]]
NewProgram = Callable[..., Awaitable[str]]


async def me(api: httpx.AsyncClient, headers: dict[str, str], **params: str) -> dict[str, Any]:
    response = await api.get("/v1/me", headers=headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_viewer_sees_their_enrolments_matches_and_what_awaits_them(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    spring = await new_program(name="Spring", settings={"approval": "mentor_accepts"})
    autumn = await new_program(name="Autumn", admin_user_ids=["max"])
    amy = await enrol(spring, "amy", "mentee", skills_wanted={"python": 2})
    mentor = await enrol(
        spring,
        "max",
        "mentor",
        skills_offered={"python": 4},
        exclusions=["zed"],
        manager_user_id="boss",
        attributes={"grade": "L5"},
    )
    await enrol(spring, "bea", "mentee", skills_wanted={"python": 2})
    body = {"mentee_participant_id": amy["id"], "mentor_participant_id": mentor["id"]}
    proposed = await api.post(f"/v1/programs/{spring}/matches", json=body, headers=as_user("amy"))
    assert proposed.status_code == 201, proposed.text

    # The mentee: one enrolment (not the program she is not in), her request awaiting the mentor.
    mine = await me(api, as_user("amy"))
    assert (mine["user_id"], mine["org_id"], mine["roles"]) == ("amy", "acme", [])
    assert mine["administered_program_ids"] == []
    [participation] = mine["participations"]
    assert participation["participant_id"] == amy["id"]
    assert participation["program"]["id"] == spring
    assert participation["program"]["name"] == "Spring"
    assert (participation["role"], participation["status"]) == ("mentee", "active")
    [match] = mine["matches"]
    assert match["role"] == "mentee"
    assert match["awaits_viewer"] is False
    assert match["match"]["id"] == proposed.json()["id"]
    assert match["match"]["awaiting"] == ["max"]
    # The partner as a partner sees them: what is nobody else's business is left out.
    partner = match["partner"]
    assert partner["id"] == mentor["id"]
    assert partner["display_name"] == "Max"
    assert partner["profile"]["skills_offered"] == {"python": 4}
    assert partner["profile"]["exclusions"] == []
    assert partner["profile"]["manager_user_id"] is None
    assert partner["profile"]["attributes"] == {}

    # The mentor: the same match, his answer awaited; the program he administers.
    his = await me(api, as_user("max"))
    assert his["administered_program_ids"] == [autumn]
    [match] = his["matches"]
    assert (match["role"], match["awaits_viewer"]) == ("mentor", True)
    assert match["partner"]["display_name"] == "Amy"

    # An org admin administers every program and is in none.
    admin = await me(api, as_user("ada", admin=True))
    assert admin["roles"] == ["org_admin"]
    assert sorted(admin["administered_program_ids"]) == sorted([spring, autumn])
    assert admin["participations"] == []
    assert admin["matches"] == []

    # Once answered, the proposal no longer awaits him.
    accepted = await api.post(f"/v1/matches/{proposed.json()['id']}/accept", headers=as_user("max"))
    assert accepted.status_code == 200, accepted.text
    [match] = (await me(api, as_user("max")))["matches"]
    assert match["awaits_viewer"] is False
    assert match["match"]["status"] in ("accepted", "active")


async def test_the_viewer_is_the_token_user_never_a_parameter_nor_another_tenant(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    spring = await new_program()
    await enrol(spring, "amy", "mentee")
    # A query parameter naming someone else is not a way in: it is still the caller's view.
    bea = await me(api, as_user("bea"), user_id="amy", org_id="acme")
    assert bea["user_id"] == "bea"
    assert bea["participations"] == []
    assert bea["matches"] == []
    # The same user id in another tenant is another person.
    elsewhere = await me(api, as_user("amy", org="globex"))
    assert elsewhere["org_id"] == "globex"
    assert elsewhere["participations"] == []
    assert (await api.get("/v1/me")).status_code == 401


async def test_open_matches_come_first_and_the_limit_is_bounded(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program = await new_program(settings={"approval": "mentor_accepts"})
    amy = await enrol(program, "amy", "mentee")
    first = await enrol(program, "max", "mentor")
    second = await enrol(program, "mia", "mentor")
    url = f"/v1/programs/{program}/matches"
    old = await api.post(
        url,
        json={"mentee_participant_id": amy["id"], "mentor_participant_id": first["id"]},
        headers=as_user("amy"),
    )
    declined = await api.post(
        f"/v1/matches/{old.json()['id']}/decline", json={}, headers=as_user("max")
    )
    assert declined.status_code == 200, declined.text
    new = await api.post(
        url,
        json={"mentee_participant_id": amy["id"], "mentor_participant_id": second["id"]},
        headers=as_user("amy"),
    )
    assert new.status_code == 201, new.text
    mine = await me(api, as_user("amy"))
    assert [m["match"]["status"] for m in mine["matches"]] == ["proposed", "declined"]
    # A declined match shares no profile: the partner is left out, as in the single read.
    assert mine["matches"][0]["partner"]["display_name"] == "Mia"
    assert mine["matches"][1]["partner"] is None
    [only] = (await me(api, as_user("amy"), limit="1"))["matches"]
    assert only["match"]["id"] == new.json()["id"]
    for limit in ("0", "201"):
        refused = await api.get("/v1/me", headers=as_user("amy"), params={"limit": limit})
        assert refused.status_code == 422, refused.text
