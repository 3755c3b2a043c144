"""Batch reads for the gateway's loaders: many participants, or many programs, in one call, with
the single reads' visibility (a foreign or invisible one is simply left out)."""

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import httpx
import pytest

from tests.matching.conftest import Headers

TOO_MANY = ",".join(str(uuid4()) for _ in range(101))


async def foreign_program(api: httpx.AsyncClient, as_user: Headers) -> dict[str, Any]:
    globex = as_user("gus", org="globex", admin=True)
    program = await api.post("/v1/programs", json={"name": "Elsewhere"}, headers=globex)
    assert program.status_code == 201, program.text
    person = {"user_id": "gil", "role": "mentee", "display_name": "Gil"}
    enrolled = await api.post(
        f"/v1/programs/{program.json()['id']}/participants", json=person, headers=globex
    )
    assert enrolled.status_code == 201, enrolled.text
    return {"program": program.json()["id"], "participant": enrolled.json()["id"]}


async def test_participants_in_one_call_in_the_order_asked_without_the_invisible(
    api: httpx.AsyncClient,
    as_user: Headers,
    new_program: Callable[..., Awaitable[str]],
    enrol: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    program = await new_program()
    bob = await enrol(program, "bob", "mentee")
    max_ = await enrol(program, "max", "mentor")
    foreign = await foreign_program(api, as_user)
    asked = ",".join([max_["id"], foreign["participant"], str(uuid4()), bob["id"], bob["id"]])

    async def read(headers: dict[str, str]) -> list[str]:
        response = await api.get("/v1/participants", params={"ids": asked}, headers=headers)
        assert response.status_code == 200, response.text
        return [item["user_id"] for item in response.json()["items"]]

    assert await read(as_user("ada", admin=True)) == ["max", "bob"]
    assert await read(as_user("bob")) == ["bob"]  # a participant sees only themselves
    assert await read(as_user("gus", org="globex", admin=True)) == ["gil"]
    single = await api.get(f"/v1/participants/{bob['id']}", headers=as_user("bob"))
    full = await api.get("/v1/participants", params={"ids": bob["id"]}, headers=as_user("bob"))
    assert full.json()["items"] == [single.json()]


async def test_programs_filtered_by_ids_leave_other_organisations_out(
    api: httpx.AsyncClient, as_user: Headers, new_program: Callable[..., Awaitable[str]]
) -> None:
    first, second = await new_program(name="One"), await new_program(name="Two")
    await new_program(name="Not asked")
    foreign = await foreign_program(api, as_user)
    asked = ",".join([second, foreign["program"], str(uuid4()), first])
    response = await api.get("/v1/programs", params={"ids": asked}, headers=as_user("bob"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["name"] for item in body["items"]] == ["Two", "One"]
    assert body["next_cursor"] is None
    everything = await api.get("/v1/programs", headers=as_user("bob"))
    assert len(everything.json()["items"]) == 3  # without `ids`, the list is as it was


async def test_a_runs_pair_explanations_in_one_call_equal_the_single_reads(
    api: httpx.AsyncClient,
    as_user: Headers,
    new_program: Callable[..., Awaitable[str]],
    enrol: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    program = await new_program()
    mentees = [(await enrol(program, f"e{i}", "mentee"))["id"] for i in range(3)]
    for i in range(3):
        await enrol(program, f"m{i}", "mentor", capacity=1)
    admin = as_user("ada", admin=True)
    run = (await api.post(f"/v1/programs/{program}/runs", json={}, headers=admin)).json()
    paired = [pair["mentee_participant_id"] for pair in run["pairs"]]
    assert paired, run
    foreign = await foreign_program(api, as_user)
    asked = ",".join([*reversed(paired), foreign["participant"], str(uuid4())])
    url = f"/v1/runs/{run['id']}/pairs"
    response = await api.get(url, params={"mentee_participant_ids": asked}, headers=admin)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [item["mentee_participant_id"] for item in items] == list(reversed(paired))
    singles = [(await api.get(f"{url}/{mentee}", headers=admin)).json() for mentee in paired]
    assert items == list(reversed(singles))
    assert set(paired) <= set(mentees)
    # Runs are for admins: anyone else, and another organisation, get the run's 404.
    for headers in (as_user("e0"), as_user("gus", org="globex", admin=True)):
        hidden = await api.get(url, params={"mentee_participant_ids": asked}, headers=headers)
        assert hidden.status_code == 404
    too_many = await api.get(url, params={"mentee_participant_ids": TOO_MANY}, headers=admin)
    assert too_many.status_code == 422


@pytest.mark.parametrize("path", ["/v1/participants", "/v1/programs"])
@pytest.mark.parametrize("value", [TOO_MANY, "not-a-uuid", "", ","])
async def test_more_than_100_or_malformed_ids_are_refused(
    api: httpx.AsyncClient, as_user: Headers, path: str, value: str
) -> None:
    response = await api.get(path, params={"ids": value}, headers=as_user("ada", admin=True))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == "ids"


async def test_match_partners_read_each_others_profile_without_private_fields(
    api: httpx.AsyncClient,
    as_user: Headers,
    new_program: Callable[..., Awaitable[str]],
    enrol: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    program = await new_program()
    bob = await enrol(program, "bob", "mentee", manager_user_id="boss", exclusions=["eve"])
    max_ = await enrol(program, "max", "mentor", attributes={"grade": "L7"})
    stranger = await enrol(program, "sam", "mentee")
    proposed = await api.post(
        f"/v1/programs/{program}/matches",
        json={"mentee_participant_id": bob["id"], "mentor_participant_id": max_["id"]},
        headers=as_user("ada", admin=True),
    )
    assert proposed.status_code == 201, proposed.text

    mentor = await api.get(f"/v1/participants/{max_['id']}", headers=as_user("bob"))
    mentee = await api.get(f"/v1/participants/{bob['id']}", headers=as_user("max"))
    assert mentor.status_code == mentee.status_code == 200
    assert mentor.json()["display_name"] == "Max"
    assert mentor.json()["profile"]["attributes"] == {}
    assert mentee.json()["profile"]["exclusions"] == []
    assert mentee.json()["profile"]["manager_user_id"] is None
    own = await api.get(f"/v1/participants/{bob['id']}", headers=as_user("bob"))
    assert own.json()["profile"]["exclusions"] == ["eve"]
    outsider = await api.get(f"/v1/participants/{max_['id']}", headers=as_user("sam"))
    assert outsider.status_code == 404
    batch = await api.get(
        "/v1/participants",
        params={"ids": f"{max_['id']},{stranger['id']}"},
        headers=as_user("bob"),
    )
    assert [item["user_id"] for item in batch.json()["items"]] == ["max"]
