"""Circles through the gateway on the embedded backend: `Program.circles` and `circle(id)`, the
members' view of each other, and a list of programs' circles read in one call per level."""

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import serve

pytestmark = pytest.mark.embedded

CIRCLES = """query($id: ID!) { program(id: $id) { circles(first: 10) {
  nodes { id size capacity openPlaces program { name }
    mentor { userId displayName participant { userId } }
    members { userId displayName matchStatus startsOn participant { userId } } }
  pageInfo { hasNextPage endCursor } } } }"""
CIRCLE = """query($id: ID!) { circle(id: $id) { id size members { displayName } } }"""


class Backend:
    def __init__(self, gateway: Gateway, calls: Counter[str]) -> None:
        self.gateway = gateway
        self.calls = calls

    async def ok(self, query: str, user: str = "ada", **variables: Any) -> dict[str, Any]:
        roles = ("org_admin",) if user == "ada" else ()
        self.calls.clear()
        body = await self.gateway.run(query, user=user, roles=roles, **variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    async def program(self, name: str, format: str) -> str:
        created = await self.ok(
            """mutation($name: String!, $format: ProgramFormat!) { createProgram(input: {
               name: $name, format: $format, settings: {approval: ADMIN_ASSIGNS}}) {
               ... on Program { id } } }""",
            name=name,
            format=format,
        )
        return str(created["createProgram"]["id"])

    async def enrol(self, program_id: str, user: str, role: str, capacity: int = 1) -> str:
        enrolled = await self.ok(
            """mutation($input: EnrolmentInput!) { enrol(input: $input) {
               ... on Participant { id } } }""",
            input={
                "programId": program_id,
                "userId": user,
                "role": role,
                "displayName": user.title(),
                "capacity": capacity,
                "profile": {"languages": ["en"]},
            },
        )
        return str(enrolled["enrol"]["id"])

    async def circle(self, program_id: str, mentor: str, mentees: list[str]) -> str:
        """A mentor (capacity 3) with these mentees assigned; the circle's id."""
        mentor_id = await self.enrol(program_id, mentor, "MENTOR", capacity=3)
        for mentee in mentees:
            mentee_id = await self.enrol(program_id, mentee, "MENTEE")
            proposed = await self.ok(
                """mutation($p: ID!, $mentor: ID!, $mentee: ID!) { proposeMatch(programId: $p,
                   mentorParticipantId: $mentor, menteeParticipantId: $mentee) {
                   ... on Match { status } } }""",
                p=program_id,
                mentor=mentor_id,
                mentee=mentee_id,
            )
            assert proposed["proposeMatch"] == {"status": "ACTIVE"}
        return mentor_id


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[Backend]:
    app = create_embedded_app(tmp_path)
    async with serve(app) as client:
        yield Backend(
            Gateway(client, dev_issuer(tmp_path)), app.state.gateway.state.downstream.calls
        )


async def test_a_group_programs_circles_and_what_each_person_sees(backend: Backend) -> None:
    program_id = await backend.program("Circles", "GROUP")
    circle_id = await backend.circle(program_id, "max", ["amy", "ben"])

    admin_view = (await backend.ok(CIRCLES, id=program_id))["program"]["circles"]
    assert admin_view["pageInfo"] == {"hasNextPage": False, "endCursor": None}
    [circle] = admin_view["nodes"]
    assert circle["id"] == circle_id
    assert (circle["size"], circle["capacity"], circle["openPlaces"]) == (2, 3, 1)
    assert circle["program"] == {"name": "Circles"}
    assert circle["mentor"] == {
        "userId": "max",
        "displayName": "Max",
        "participant": {"userId": "max"},
    }
    assert [(m["displayName"], m["matchStatus"]) for m in circle["members"]] == [
        ("Amy", "ACTIVE"),
        ("Ben", "ACTIVE"),
    ]
    assert all(m["startsOn"] for m in circle["members"])
    assert [m["participant"] for m in circle["members"]] == [{"userId": "amy"}, {"userId": "ben"}]

    # a member sees the other members' names; their participant records stay private
    [seen] = (await backend.ok(CIRCLES, user="amy", id=program_id))["program"]["circles"]["nodes"]
    assert [m["displayName"] for m in seen["members"]] == ["Amy", "Ben"]
    assert [m["participant"] for m in seen["members"]] == [{"userId": "amy"}, None]
    single = await backend.ok(CIRCLE, user="amy", id=circle_id)
    assert single["circle"] == {
        "id": circle_id,
        "size": 2,
        "members": [
            {"displayName": "Amy"},
            {"displayName": "Ben"},
        ],
    }

    outsider = await backend.ok(CIRCLES, user="zed", id=program_id)
    assert outsider["program"]["circles"]["nodes"] == []
    assert (await backend.ok(CIRCLE, user="zed", id=circle_id)) == {"circle": None}


async def test_a_program_of_another_format_has_no_circles_and_costs_no_call(
    backend: Backend,
) -> None:
    program_id = await backend.program("Pairs", "ONE_TO_ONE")
    mentor_id = await backend.circle(program_id, "max", ["amy"])
    data = await backend.ok(CIRCLES, id=program_id)
    assert data["program"]["circles"] == {
        "nodes": [],
        "pageInfo": {"hasNextPage": False, "endCursor": None},
    }
    assert backend.calls["matching"] == 1  # the program only
    assert (await backend.ok(CIRCLE, id=mentor_id)) == {"circle": None}


async def test_the_circles_of_a_list_of_programs_cost_one_call_per_level(
    backend: Backend,
) -> None:
    first = await backend.program("First", "GROUP")
    second = await backend.program("Second", "GROUP")
    await backend.program("Pairs", "ONE_TO_ONE")
    await backend.circle(first, "max", ["amy", "ben"])
    await backend.circle(first, "mia", ["cat"])
    await backend.circle(second, "mo", ["dan", "eve"])
    data = await backend.ok(
        """{ programs(first: 10) { nodes { name circles(first: 1) {
           nodes { size mentor { participant { userId } } members { participant { userId } } }
           pageInfo { hasNextPage endCursor } } } } }"""
    )
    by_name = {p["name"]: p["circles"] for p in data["programs"]["nodes"]}
    assert [c["size"] for c in by_name["First"]["nodes"]] == [2]
    assert by_name["First"]["pageInfo"]["hasNextPage"] is True
    assert [c["size"] for c in by_name["Second"]["nodes"]] == [2]
    assert by_name["Pairs"]["nodes"] == []
    # the programs, every program's first page of circles, every person in them
    assert backend.calls["matching"] == 3

    after = by_name["First"]["pageInfo"]["endCursor"]
    rest = await backend.ok(
        """query($id: ID!, $after: String) { program(id: $id) { circles(first: 1, after: $after) {
           nodes { mentor { userId } } pageInfo { hasNextPage } } } }""",
        id=first,
        after=after,
    )
    assert rest["program"]["circles"] == {
        "nodes": [{"mentor": {"userId": "mia"}}],
        "pageInfo": {"hasNextPage": False},
    }
