"""The mentor directory through the gateway (embedded backend): a mentee browses and pages it,
an admin reads it on her behalf, a mentor is refused; and recommendations' `limit` is taken as
asked (0 answered one mentor when it was clamped)."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kit.devtokens import DevIssuer
from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.embedded

DIRECTORY = """query($p: ID!, $who: ID, $skills: [String!], $first: Int! = 50, $after: String) {
  mentorDirectory(programId: $p, participantId: $who, skills: $skills, first: $first,
                  after: $after) {
    __typename
    ... on MentorDirectory {
      totalCount menteeParticipantId mentee { userId }
      nodes { mentorUserId displayName capacity freePlaces atCapacity
        profile { skillsOffered { skill level } languages availability { month hours } }
        explanation { score feasible rejectedBy { constraint } } }
      pageInfo { hasNextPage endCursor } }
    ... on NotAllowed { message }
    ... on ValidationFailed { message fields { field } }
    ... on NotFound { message } } }"""
RECOMMENDATIONS = """query($id: ID!, $limit: Int!) {
  recommendations(participantId: $id, limit: $limit) { mentorUserId } }"""


class World:
    """A program set up over REST (the embedded app mounts matching at /matching), read over
    GraphQL."""

    def __init__(self, client: httpx.AsyncClient, issuer: DevIssuer) -> None:
        self.client = client
        self.issuer = issuer
        self.gateway = Gateway(client, issuer)
        self.ids: dict[str, str] = {}

    def headers(self, user: str) -> dict[str, str]:
        return bearer(self.issuer.mint(user, "acme", ["org_admin"] if user == "ada" else []))

    async def rest(self, path: str, body: dict[str, Any], user: str = "ada") -> dict[str, Any]:
        response = await self.client.post(
            f"/matching/v1{path}", json=body, headers=self.headers(user)
        )
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    async def build(self) -> None:
        program = await self.rest(
            "/programs", {"name": "Directory", "settings": {"approval": "admin_assigns"}}
        )
        self.ids["program"] = program["id"]
        python = {"python": 4}
        people: list[tuple[str, str, dict[str, Any], int | None]] = [
            ("bob", "mentee", {"skills_wanted": {"python": 3}}, None),
            ("ivy", "mentee", {"skills_wanted": {"python": 2}}, None),
            (
                "erin",
                "mentor",
                {"skills_offered": python, "availability": {"2027-03": 5}},
                1,
            ),
            ("fay", "mentor", {"skills_offered": {"python": 2, "sql": 3}}, 2),
            ("dan", "mentor", {"skills_offered": {"python": 5}, "languages": ["de"]}, 2),
        ]
        for user, role, profile, capacity in people:
            body: dict[str, Any] = {
                "user_id": user,
                "role": role,
                "display_name": user.title(),
                "profile": {"languages": ["en"], **profile},
            }
            if capacity is not None:
                body["capacity"] = capacity
            enrolled = await self.rest(f"/programs/{self.ids['program']}/participants", body)
            self.ids[user] = enrolled["id"]
        match = await self.rest(
            f"/programs/{self.ids['program']}/matches",
            {"mentee_participant_id": self.ids["ivy"], "mentor_participant_id": self.ids["erin"]},
        )
        assert match["status"] in ("accepted", "active")

    async def directory(self, user: str, **variables: Any) -> dict[str, Any]:
        body = await self.gateway.run(
            DIRECTORY,
            user=user,
            roles=("org_admin",) if user == "ada" else (),
            p=self.ids["program"],
            **variables,
        )
        assert "errors" not in body, body
        result: dict[str, Any] = body["data"]["mentorDirectory"]
        return result


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with serve(create_embedded_app(tmp_path)) as client:
        built = World(client, dev_issuer(tmp_path))
        await built.build()
        yield built


async def test_a_mentee_browses_the_directory_full_mentors_included(world: World) -> None:
    seen = await world.directory("bob")
    assert seen["__typename"] == "MentorDirectory"
    assert (seen["menteeParticipantId"], seen["mentee"]) == (world.ids["bob"], {"userId": "bob"})
    # Dan shares no language with Bob; Erin's only place is Ivy's, and she is still listed.
    assert [node["mentorUserId"] for node in seen["nodes"]] == ["erin", "fay"]
    assert seen["totalCount"] == 2
    erin, fay = seen["nodes"]
    assert (erin["capacity"], erin["freePlaces"], erin["atCapacity"]) == (1, 0, True)
    assert (fay["freePlaces"], fay["atCapacity"]) == (2, False)
    assert erin["profile"]["skillsOffered"] == [{"skill": "python", "level": 4}]
    assert erin["profile"]["availability"] == [{"month": "2027-03", "hours": 5.0}]
    assert fay["profile"]["skillsOffered"] == [
        {"skill": "python", "level": 2},
        {"skill": "sql", "level": 3},
    ]
    assert all(node["explanation"]["feasible"] for node in seen["nodes"])
    assert erin["explanation"]["score"] > fay["explanation"]["score"]

    assert [n["mentorUserId"] for n in (await world.directory("bob", skills=["SQL"]))["nodes"]] == [
        "fay"
    ]
    first = await world.directory("bob", first=1)
    assert [node["mentorUserId"] for node in first["nodes"]] == ["erin"]
    assert first["pageInfo"]["hasNextPage"] is True
    second = await world.directory("bob", first=1, after=first["pageInfo"]["endCursor"])
    assert [node["mentorUserId"] for node in second["nodes"]] == ["fay"]
    assert second["pageInfo"] == {"hasNextPage": False, "endCursor": None}


async def test_admins_read_it_for_a_mentee_and_a_mentor_is_not_allowed(world: World) -> None:
    own = await world.directory("bob")
    assert await world.directory("ada", who=world.ids["bob"]) == own
    unnamed = await world.directory("ada")
    assert unnamed["__typename"] == "ValidationFailed"
    assert unnamed["fields"] == [{"field": "participantId"}]
    mentor = await world.directory("erin")
    assert mentor["__typename"] == "NotAllowed"
    assert "for mentees" in mentor["message"]
    other = await world.directory("ivy", who=world.ids["bob"])
    assert other["__typename"] == "NotFound"
    # Refusals name the field's own arguments.
    for variables, argument in (
        ({"first": 101}, "first"),
        ({"first": 0}, "first"),
        ({"after": "nope"}, "after"),
        ({"skills": [""]}, "skills"),
    ):
        refused = await world.directory("bob", **variables)
        assert refused["__typename"] == "ValidationFailed", refused
        assert refused["fields"] == [{"field": argument}]


async def test_recommendations_take_the_limit_asked(world: World) -> None:
    async def recommend(limit: int) -> dict[str, Any]:
        return await world.gateway.run(
            RECOMMENDATIONS, user="bob", roles=(), id=world.ids["bob"], limit=limit
        )

    one = await recommend(1)
    assert one["data"]["recommendations"] == [{"mentorUserId": "fay"}]
    for limit in (0, -1, 51):
        refused = await recommend(limit)
        assert refused["data"] is None, refused
        assert "limit is 1..50" in refused["errors"][0]["message"]
