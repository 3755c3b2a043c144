"""Issue 14's goals gaps through GraphQL on the embedded root (README's entry): a mentor
proposes a goal, SMART refusals name the input's fields, a calendar feed's URL is fetched
through the same root, and a time without an offset is local to the check-in's zone."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.gateway_live import GraphQL
from tests.infra.apps import bearer, eventually, serve

pytestmark = pytest.mark.embedded

GOAL = """mutation($m: ID!, $input: GoalInput!) { createGoal(matchId: $m, input: $input) {
  __typename ... on Goal { id ownerUserId acknowledgedAt status }
  ... on ValidationFailed { message fields { field message } } } }"""
FEED = "mutation { createCalendarFeed { __typename ... on CalendarFeed { url } } }"
RESCHEDULE = """mutation($id: ID!, $at: DateTime!) { rescheduleCheckin(id: $id, startsAt: $at) {
  __typename ... on Checkin { startsAt timezone } } }"""
NEXT = """query($m: ID!) { match(id: $m) { nextCheckin { id } } }"""


class Root:
    def __init__(self, http: httpx.AsyncClient, gql: GraphQL) -> None:
        self.http, self.gql = http, gql

    async def rest(self, user: str, path: str, body: Any = None, admin: bool = False) -> Any:
        response = await self.http.post(
            path, json=body, headers=bearer(self.gql.token(user, admin))
        )
        assert response.status_code in (200, 201), response.text
        return response.json()


@pytest.fixture
async def root(tmp_path: Path) -> AsyncIterator[Root]:
    app = create_embedded_app(tmp_path)
    async with serve(app) as http:
        yield Root(http, GraphQL(http, dev_issuer(tmp_path)))


async def active_match(root: Root) -> str:
    """Mo (Paris) mentors Ming (Kolkata), assigned by the admin and accepted by Mo."""
    program = await root.rest("ada", "/matching/v1/programs", {"name": "Talks"}, admin=True)
    ids = {}
    for user, role, zone in (("mo", "mentor", "Europe/Paris"), ("ming", "mentee", "Asia/Kolkata")):
        enrolled = await root.rest(
            user,
            f"/matching/v1/programs/{program['id']}/participants",
            {
                "user_id": user,
                "role": role,
                "display_name": user.title(),
                "profile": {"timezone": zone, "languages": ["en"]},
            },
        )
        ids[role] = enrolled["id"]
    match = await root.rest(
        "ada",
        f"/matching/v1/programs/{program['id']}/matches",
        {"mentor_participant_id": ids["mentor"], "mentee_participant_id": ids["mentee"]},
        admin=True,
    )
    await root.rest("mo", f"/matching/v1/matches/{match['id']}/accept")
    headers = bearer(root.gql.token("ming"))
    found = await eventually(
        lambda: root.http.get(f"/goals/v1/matches/{match['id']}/checkins", headers=headers),
        lambda response: response.status_code == 200 and len(response.json()["items"]) > 0,
    )
    assert found.status_code == 200, found.text
    return str(match["id"])


def goal_input(**overrides: Any) -> dict[str, Any]:
    goal = {
        "title": "Give a conference talk",
        "description": "Prepare and deliver a talk at the internal conference",
        "metric": "talks given",
        "target": 1,
        "unit": "talks",
        "relevance": "Visibility for the next promotion",
        "dueOn": (date.today() + timedelta(days=60)).isoformat(),
        "milestones": ["Outline"],
    }
    return goal | overrides


def plain(field: str) -> str:
    """A field's name whatever the naming (`input.dueOn`, `due_on`): `dueon`."""
    return field.removeprefix("input.").replace("_", "").casefold()


async def test_goals_from_either_side_and_refusals_naming_the_fields(root: Root) -> None:
    match_id = await active_match(root)
    by_mentor = (await root.gql("mo", GOAL, m=match_id, input=goal_input()))["createGoal"]
    assert by_mentor["__typename"] == "Goal", by_mentor
    assert (by_mentor["ownerUserId"], by_mentor["status"]) == ("ming", "DRAFT")
    assert by_mentor["acknowledgedAt"] is not None

    yesterday = (date.today() - timedelta(days=1)).isoformat()
    vague = goal_input(
        title="Grow", description="grow", metric=None, unit=None, target=None, milestones=[]
    )
    refused = (await root.gql("ming", GOAL, m=match_id, input=vague | {"dueOn": yesterday}))[
        "createGoal"
    ]
    assert refused["__typename"] == "ValidationFailed", refused
    named = [plain(f["field"]) for f in refused["fields"]]
    assert named == ["description", "metric", "target", "unit", "dueon"], refused
    assert all(f["message"] for f in refused["fields"])
    assert "4 words" in refused["fields"][0]["message"]


async def test_a_calendar_feed_url_fetches_through_the_embedded_root(root: Root) -> None:
    await active_match(root)
    feed = (await root.gql("ming", FEED))["createCalendarFeed"]
    url = feed["url"]
    assert url.startswith("http://127.0.0.1:8000/goals/v1/calendar/"), feed
    served = await root.http.get(urlsplit(url).path)
    assert served.status_code == 200, served.text
    assert served.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in served.content


async def test_a_naive_reschedule_is_local_to_the_checkins_zone(root: Root) -> None:
    match_id = await active_match(root)
    checkin = (await root.gql("ming", NEXT, m=match_id))["match"]["nextCheckin"]
    local = datetime.combine(date.today() + timedelta(days=4), time(9, 0))
    moved = (await root.gql("mo", RESCHEDULE, id=checkin["id"], at=local.isoformat()))[
        "rescheduleCheckin"
    ]
    assert moved["__typename"] == "Checkin", moved
    assert moved["timezone"] == "Asia/Kolkata"
    starts = datetime.fromisoformat(moved["startsAt"])
    assert starts == local.replace(tzinfo=ZoneInfo("Asia/Kolkata")).astimezone(UTC)


async def test_the_embedded_root_names_itself_in_links(tmp_path: Path) -> None:
    """`mentorship run --port 9000` gives links on port 9000 (GOALS_PUBLIC_URL still wins)."""
    app = create_embedded_app(tmp_path, public_url="http://127.0.0.1:9000")
    async with serve(app) as http:
        gql = GraphQL(http, dev_issuer(tmp_path))
        feed = (await gql("ming", FEED))["createCalendarFeed"]
    assert feed["url"].startswith("http://127.0.0.1:9000/goals/v1/calendar/"), feed
