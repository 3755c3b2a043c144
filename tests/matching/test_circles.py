"""Circles in group programs: a mentor with the mentees whose matches hold a place, derived from
matches (no table of its own), visible to the program's admins, its mentor and its members."""

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.matching.conftest import Headers

NewProgram = Callable[..., Awaitable[str]]
Enrol = Callable[..., Awaitable[dict[str, Any]]]
GROUP = {"format": "group", "settings": {"approval": "admin_assigns"}}


class Circles:
    """A group program (admin_assigns) with mentor max (capacity 3) and mentees amy, ben, cat;
    amy and ben are assigned to max, cat is not matched."""

    def __init__(self, api: httpx.AsyncClient, as_user: Headers, enrol: Enrol) -> None:
        self.api = api
        self.as_user = as_user
        self.enrol = enrol
        self.admin = as_user("ada", admin=True)
        self.program = ""
        self.people: dict[str, dict[str, Any]] = {}
        self.matches: dict[str, dict[str, Any]] = {}

    async def build(self, new_program: NewProgram, **fields: Any) -> "Circles":
        self.program = await new_program(**{**GROUP, **fields})
        self.people["max"] = await self.enrol(self.program, "max", "mentor", capacity=3)
        for name in ("amy", "ben", "cat"):
            self.people[name] = await self.enrol(self.program, name, "mentee")
        for name in ("amy", "ben"):
            self.matches[name] = await self.assign(name, "max")
        return self

    async def assign(self, mentee: str, mentor: str, by: str = "ada") -> dict[str, Any]:
        response = await self.api.post(
            f"/v1/programs/{self.program}/matches",
            json={
                "mentor_participant_id": self.people[mentor]["id"],
                "mentee_participant_id": self.people[mentee]["id"],
            },
            headers=self.admin if by == "ada" else self.as_user(by),
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    @property
    def circle_id(self) -> str:
        return str(self.people["max"]["id"])

    async def listed(self, user: str = "ada", **params: Any) -> dict[str, Any]:
        headers = self.admin if user == "ada" else self.as_user(user)
        response = await self.api.get(
            f"/v1/programs/{self.program}/circles", params=params, headers=headers
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def read(self, user: str = "ada", circle_id: str | None = None) -> httpx.Response:
        headers = self.admin if user == "ada" else self.as_user(user)
        return await self.api.get(f"/v1/circles/{circle_id or self.circle_id}", headers=headers)


@pytest.fixture
async def circles(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> Circles:
    return await Circles(api, as_user, enrol).build(new_program, admin_user_ids=["pat"])


def members(circle: dict[str, Any]) -> list[str]:
    return [member["user_id"] for member in circle["members"]]


async def test_a_circle_is_a_mentor_with_the_mentees_holding_a_place(circles: Circles) -> None:
    page = await circles.listed()
    assert page["next_cursor"] is None
    [circle] = page["items"]
    assert circle["id"] == circles.circle_id
    assert circle["program_id"] == circles.program
    assert circle["mentor"] == {
        "participant_id": circles.circle_id,
        "user_id": "max",
        "display_name": "Max",
    }
    assert members(circle) == ["amy", "ben"]
    amy = circle["members"][0]
    assert amy["participant_id"] == circles.people["amy"]["id"]
    assert amy["display_name"] == "Amy"
    assert amy["match_id"] == circles.matches["amy"]["id"]
    assert amy["match_status"] == "active"
    assert amy["starts_on"] == circles.matches["amy"]["starts_on"]
    assert (circle["size"], circle["capacity"], circle["open_places"]) == (2, 3, 1)
    single = await circles.read()
    assert single.status_code == 200, single.text
    assert single.json() == circle


async def test_a_proposal_reserves_a_place_without_making_a_member(circles: Circles) -> None:
    asked = await circles.assign("cat", "max", by="cat")  # a mentee asks: the mentor answers
    assert asked["status"] == "proposed"
    [circle] = (await circles.listed())["items"]
    assert members(circle) == ["amy", "ben"]
    assert (circle["size"], circle["open_places"]) == (2, 0)
    assert (await circles.read("cat")).status_code == 404


async def test_members_see_each_other_and_the_mentor_and_program_admins_see_it(
    circles: Circles,
) -> None:
    for user in ("amy", "ben", "max", "pat"):
        page = await circles.listed(user)
        assert [members(circle) for circle in page["items"]] == [["amy", "ben"]], user
        single = await circles.read(user)
        assert single.status_code == 200, (user, single.text)
        assert [m["display_name"] for m in single.json()["members"]] == ["Amy", "Ben"]


async def test_anyone_else_sees_nothing_as_if_it_did_not_exist(circles: Circles) -> None:
    await circles.enrol(circles.program, "mia", "mentor", capacity=2)
    nowhere = str(uuid4())
    missing = await circles.read(circle_id=nowhere)
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"Circle {nowhere} does not exist."
    for user in ("cat", "mia", "zed"):  # unmatched mentee, another mentor, not enrolled
        assert (await circles.listed(user))["items"] == [], user
        refused = await circles.read(user)
        assert refused.status_code == 404, user
        assert refused.json()["detail"] == f"Circle {circles.circle_id} does not exist."
    not_a_mentor = await circles.read(circle_id=circles.people["amy"]["id"])
    assert not_a_mentor.status_code == 404
    globex = circles.as_user("gus", org="globex", admin=True)
    foreign = await circles.api.get(f"/v1/circles/{circles.circle_id}", headers=globex)
    assert foreign.status_code == 404
    foreign_list = await circles.api.get(f"/v1/programs/{circles.program}/circles", headers=globex)
    assert foreign_list.status_code == 404


async def test_a_program_of_another_format_has_no_circles(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    pairs = await Circles(api, as_user, enrol).build(new_program, format="one_to_one")
    refused = await api.get(f"/v1/programs/{pairs.program}/circles", headers=pairs.admin)
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "circles exist in group programs only" in refused.json()["detail"].lower()
    assert (await pairs.read()).status_code == 404
    assert (await pairs.read("amy")).status_code == 404


async def test_a_declined_or_ended_match_drops_its_member(circles: Circles) -> None:
    asked = await circles.assign("cat", "max", by="cat")
    declined = await circles.api.post(
        f"/v1/matches/{asked['id']}/decline", json={}, headers=circles.as_user("max")
    )
    assert declined.status_code == 200, declined.text
    [circle] = (await circles.listed())["items"]
    assert (members(circle), circle["open_places"]) == (["amy", "ben"], 1)

    ended = await circles.api.post(
        f"/v1/matches/{circles.matches['amy']['id']}/end",
        json={"outcome": "ended_early"},
        headers=circles.admin,
    )
    assert ended.status_code == 200, ended.text
    [circle] = (await circles.listed())["items"]
    assert (members(circle), circle["size"], circle["open_places"]) == (["ben"], 1, 2)
    assert (await circles.read("amy")).status_code == 404
    assert (await circles.listed("amy"))["items"] == []

    completed = await circles.api.post(
        f"/v1/matches/{circles.matches['ben']['id']}/end",
        json={"outcome": "completed"},
        headers=circles.admin,
    )
    assert completed.status_code == 200, completed.text
    assert (await circles.listed())["items"] == []  # no member left: no circle
    assert (await circles.read()).status_code == 404


async def test_circles_are_paged_in_the_order_their_mentors_enrolled(circles: Circles) -> None:
    for mentor, mentee in (("mia", "dan"), ("mo", "eve")):
        circles.people[mentor] = await circles.enrol(circles.program, mentor, "mentor")
        circles.people[mentee] = await circles.enrol(circles.program, mentee, "mentee")
        await circles.assign(mentee, mentor)
    first = await circles.listed(limit=2)
    assert [c["mentor"]["user_id"] for c in first["items"]] == ["max", "mia"]
    assert first["next_cursor"]
    second = await circles.listed(limit=2, cursor=first["next_cursor"])
    assert [c["mentor"]["user_id"] for c in second["items"]] == ["mo"]
    assert second["next_cursor"] is None
    # a member's view is paged the same way, over their circle only
    assert [members(c) for c in (await circles.listed("eve", limit=1))["items"]] == [["eve"]]


async def test_first_pages_of_several_programs_in_one_call(
    circles: Circles, new_program: NewProgram
) -> None:
    circles.people["mia"] = await circles.enrol(circles.program, "mia", "mentor")
    circles.people["dan"] = await circles.enrol(circles.program, "dan", "mentee")
    await circles.assign("dan", "mia")
    empty_group = await new_program(**GROUP)
    pairs = await new_program()
    globex = circles.as_user("gus", org="globex", admin=True)
    foreign = await circles.api.post("/v1/programs", json={"name": "G", **GROUP}, headers=globex)
    asked = [empty_group, pairs, foreign.json()["id"], str(uuid4()), circles.program]

    async def first_pages(user: str, limit: int) -> list[dict[str, Any]]:
        headers = circles.admin if user == "ada" else circles.as_user(user)
        response = await circles.api.get(
            "/v1/circles", params={"program_ids": ",".join(asked), "limit": limit}, headers=headers
        )
        assert response.status_code == 200, response.text
        return list(response.json()["items"])

    empty, full = await first_pages("ada", 1)
    assert empty == {"program_id": empty_group, "items": [], "next_cursor": None}
    assert full["program_id"] == circles.program
    assert [c["mentor"]["user_id"] for c in full["items"]] == ["max"]
    rest = await circles.listed(cursor=full["next_cursor"])
    assert [c["mentor"]["user_id"] for c in rest["items"]] == ["mia"]
    _, seen_by_dan = await first_pages("dan", 50)
    assert [members(c) for c in seen_by_dan["items"]] == [["dan"]]


@contextmanager
def reads_of_people_and_matches() -> Iterator[list[str]]:
    """The SQL statements that touch participants or matches, while the block runs."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        statement = str(args[2]).lower()
        if "participants" in statement or "matches" in statement:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


async def test_reading_circles_costs_the_same_queries_however_many_members(
    circles: Circles,
) -> None:
    with reads_of_people_and_matches() as small:
        await circles.listed()
        await circles.read()
    for mentor, mentees in (("mia", ("dan", "eve", "fay")), ("mo", ("gil", "hal"))):
        circles.people[mentor] = await circles.enrol(circles.program, mentor, "mentor", capacity=3)
        for mentee in mentees:
            circles.people[mentee] = await circles.enrol(circles.program, mentee, "mentee")
            await circles.assign(mentee, mentor)
    await circles.assign("cat", "max")
    with reads_of_people_and_matches() as large:
        page = await circles.listed()
        await circles.read()
    assert [circle["size"] for circle in page["items"]] == [3, 3, 2]
    assert len(large) == len(small)
    assert len(large) <= 4  # the mentors of a page, their matches; the mentor, their matches
