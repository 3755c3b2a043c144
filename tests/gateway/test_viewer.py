"""`viewer` on the embedded backend: refused without a token, one call per service however many
of its fields a query selects, the token's person only; and the to-do list's order and titles."""

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.viewer.todo import todo
from mentorship.embedded import create_embedded_app, dev_issuer
from tests.infra.apps import bearer, serve

FULL = """{ viewer { userId orgId roles isOrgAdmin administeredPrograms { id }
  participations { role program { name } }
  matches { role awaitsViewer match { id } partner { displayName } goals { id } nextCheckin { id } }
  goals { id } nextCheckins { id } nextCheckin { id } feedbackDue { id } surveysOpen { id }
  unreadNotifications todo { kind mutation target { __typename } } } }"""
WITHOUT_ADMIN = FULL.replace("administeredPrograms { id }", "")


class Gateway:
    def __init__(self, client: httpx.AsyncClient, app: Any, tmp_path: Path) -> None:
        self.client = client
        self.calls: Counter[str] = app.state.gateway.state.downstream.calls
        self.issuer = dev_issuer(tmp_path)

    def headers(self, user: str, org: str = "acme", admin: bool = False) -> dict[str, str]:
        return bearer(self.issuer.mint(user, org, ["org_admin"] if admin else []))

    async def rest(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post(path, json=body, headers=self.headers("ada", admin=True))
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()
        return data

    async def graphql(self, query: str, headers: dict[str, str]) -> dict[str, Any]:
        self.calls.clear()
        response = await self.client.post("/graphql", json={"query": query}, headers=headers)
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    app = create_embedded_app(tmp_path)
    async with serve(app) as client:
        yield Gateway(client, app, tmp_path)


async def proposal(gateway: Gateway) -> str:
    """A program where amy asked max to mentor her (awaiting max); returns the program id."""
    program = await gateway.rest(
        "/matching/v1/programs", {"name": "Spring", "settings": {"approval": "mentor_accepts"}}
    )
    base = f"/matching/v1/programs/{program['id']}"
    people = {
        user: await gateway.rest(
            f"{base}/participants", {"user_id": user, "role": role, "display_name": user.title()}
        )
        for user, role in (("max", "mentor"), ("amy", "mentee"))
    }
    response = await gateway.client.post(
        f"{base}/matches",
        json={
            "mentor_participant_id": people["max"]["id"],
            "mentee_participant_id": people["amy"]["id"],
        },
        headers=gateway.headers("amy"),
    )
    assert response.status_code == 201, response.text
    return str(program["id"])


@pytest.mark.embedded
async def test_without_a_token_the_viewer_is_refused_and_nothing_is_called(
    gateway: Gateway,
) -> None:
    gateway.calls.clear()
    response = await gateway.client.post("/graphql", json={"query": "{ viewer { userId } }"})
    assert response.status_code == 401, response.text
    assert sum(gateway.calls.values()) == 0


@pytest.mark.embedded
async def test_every_viewer_field_at_once_costs_one_call_per_service(gateway: Gateway) -> None:
    await proposal(gateway)
    data = (await gateway.graphql(WITHOUT_ADMIN, gateway.headers("max")))["viewer"]
    assert dict(gateway.calls) == {"matching": 1, "goals": 1, "feedback": 1, "notifications": 1}
    assert (data["userId"], data["orgId"], data["roles"], data["isOrgAdmin"]) == (
        "max",
        "acme",
        [],
        False,
    )
    assert data["unreadNotifications"] >= 0
    [match] = data["matches"]
    assert (match["role"], match["awaitsViewer"]) == ("MENTOR", True)
    assert match["partner"] == {"displayName": "Amy"}
    assert data["todo"] == [
        {"kind": "ANSWER_PROPOSAL", "mutation": "acceptMatch", "target": {"__typename": "Match"}}
    ]
    # The administered programs are full Program objects: one batch read more.
    admin = (await gateway.graphql(FULL, gateway.headers("ada", admin=True)))["viewer"]
    assert len(admin["administeredPrograms"]) == 1
    assert admin["isOrgAdmin"] is True
    assert dict(gateway.calls) == {"matching": 2, "goals": 1, "feedback": 1, "notifications": 1}
    # Only what is selected is called for.
    await gateway.graphql("{ viewer { todo { kind } } }", gateway.headers("max"))
    assert dict(gateway.calls) == {"matching": 1, "goals": 1, "feedback": 1}
    await gateway.graphql("{ viewer { userId participations { role } } }", gateway.headers("max"))
    assert dict(gateway.calls) == {"matching": 1}


@pytest.mark.embedded
async def test_the_viewer_is_the_token_user_in_the_token_tenant(gateway: Gateway) -> None:
    await proposal(gateway)
    for user, org in (("bea", "acme"), ("max", "globex")):
        data = (await gateway.graphql(WITHOUT_ADMIN, gateway.headers(user, org)))["viewer"]
        assert (data["userId"], data["orgId"]) == (user, org)
        assert data["participations"] == []
        assert data["matches"] == []
        assert data["todo"] == []


def _survey(survey_id: str, due: str, kind: str = "pulse") -> dict[str, Any]:
    return {
        "id": survey_id,
        "program_id": PROGRAM,
        "match_id": MATCH,
        "kind": kind,
        "sequence": 1,
        "anonymous": False,
        "questions": [{"key": "q", "text": "How is it going?", "type": "rating"}],
        "due_at": due,
        "status": "open",
        "created_at": "2027-01-01T00:00:00+00:00",
    }


PROGRAM = "00000000-0000-4000-8000-000000000001"
MATCH = "00000000-0000-4000-8000-000000000002"
MATCHING = {
    "participations": [{"program": {"id": PROGRAM, "name": "Spring"}}],
    "matches": [
        {
            "role": "mentee",
            "awaits_viewer": False,
            "match": {"id": MATCH},
            "partner": {"user_id": "max", "display_name": "Max"},
        }
    ],
    "runs_awaiting_review": [],
    "matches_flagged": [],
}
REQUEST = {
    "id": "00000000-0000-4000-8000-000000000003",
    "program_id": PROGRAM,
    "match_id": MATCH,
    "checkin_id": "00000000-0000-4000-8000-000000000004",
    "about_user_id": "max",
    "dimensions": ["listening"],
    "due_at": "2027-01-10T00:00:00+00:00",
    "status": "open",
    "created_at": "2027-01-03T00:00:00+00:00",
}


@pytest.mark.unit
def test_the_todo_list_is_ordered_by_due_date_and_names_people_and_programs() -> None:
    close_out = _survey("00000000-0000-4000-8000-000000000005", "2027-02-01T00:00:00+00:00")
    close_out["kind"] = "close_out"
    pulse = _survey("00000000-0000-4000-8000-000000000006", "2027-01-05T00:00:00+00:00")
    goals: dict[str, list[Any]] = {"goals": [], "goals_to_acknowledge": [], "next_checkins": []}
    feedback = {"feedback_due": [REQUEST], "surveys_open": [close_out, pulse]}
    items = todo(MATCHING, goals, feedback)
    assert [(item.kind.value, item.title) for item in items] == [
        ("answer_survey", "Answer the pulse survey of Spring"),
        ("give_feedback", "Give feedback on your check-in with Max"),
        ("answer_survey", "Answer the close-out survey of Spring"),
    ]
    survey = items[0]
    assert (survey.mutation, survey.object_type, survey.object_id) == (
        "respondToSurvey",
        "Survey",
        pulse["id"],
    )
    assert [(a.name, a.value) for a in survey.actions[0].arguments] == [("id", pulse["id"])]
    assert survey.id == f"answer_survey:{pulse['id']}"
    request = items[1]
    assert [(a.name, a.value) for a in request.actions[0].arguments] == [
        ("requestId", REQUEST["id"])
    ]
    assert (request.match_id, request.program_id) == (MATCH, PROGRAM)


RUN = "00000000-0000-4000-8000-000000000007"
FLAGGED = {
    "id": MATCH,
    "program_id": PROGRAM,
    "mentor_participant_id": "00000000-0000-4000-8000-000000000008",
    "mentee_participant_id": "00000000-0000-4000-8000-000000000009",
    "mentor_user_id": "max",
    "mentee_user_id": "amy",
    "status": "active",
    "score": 71.0,
    "explanation": {},
    "run_id": None,
    "proposed_by": "ada",
    "awaiting": [],
    "accepted_by": [],
    "accepted_at": None,
    "starts_on": None,
    "ends_on": None,
    "ended_at": None,
    "end_reason": None,
    "flagged_for_review": True,
    "health_score": 35.0,
    "review_reason": "Relationship health 35/100 is at risk",
    "created_at": "2027-01-01T00:00:00+00:00",
}


@pytest.mark.unit
def test_an_admins_todo_has_draft_runs_to_publish_and_matches_at_risk_to_review() -> None:
    goals: dict[str, list[Any]] = {"goals": [], "goals_to_acknowledge": [], "next_checkins": []}
    feedback: dict[str, list[Any]] = {"feedback_due": [], "surveys_open": []}
    draft = {
        "id": RUN,
        "program_id": PROGRAM,
        "mode": "optimal",
        "created_by": "ada",
        "created_at": "2027-01-02T00:00:00+00:00",
        "matched": 12,
    }
    admin = {**MATCHING, "runs_awaiting_review": [draft], "matches_flagged": [FLAGGED]}
    run, match = todo(admin, goals, feedback)
    assert (run.kind.value, run.object_type, run.object_id) == (
        "publish_run",
        "RunAwaitingReview",
        RUN,
    )
    assert [(a.mutation, [(x.name, x.value) for x in a.arguments]) for a in run.actions] == [
        ("publishMatchingRun", [("runId", RUN)])
    ]
    assert "12 pairs" in run.title
    assert run.program_id == PROGRAM
    assert (match.kind.value, match.object_type, match.match_id) == ("review_match", "Match", MATCH)
    assert [a.mutation for a in match.actions] == ["clearMatchReview", "endMatch"]
    assert match.title == "The match of max and amy is at risk in Spring: review it"


@pytest.mark.embedded
async def test_a_program_admin_finds_the_draft_run_in_the_todo_list(gateway: Gateway) -> None:
    program_id = await proposal(gateway)
    created = await gateway.rest(f"/matching/v1/programs/{program_id}/runs", {})
    query = """{ viewer { todo { kind mutation actions { arguments { name value } }
      target { __typename ... on RunAwaitingReview { id matched run { status } } } } } }"""
    admin = (await gateway.graphql(query, gateway.headers("ada", admin=True)))["viewer"]["todo"]
    [item] = [entry for entry in admin if entry["kind"] == "PUBLISH_RUN"]
    assert item["mutation"] == "publishMatchingRun"
    assert item["actions"][0]["arguments"] == [{"name": "runId", "value": created["id"]}]
    assert item["target"]["id"] == created["id"]
    assert item["target"]["run"] == {"status": "DRAFT"}
    mentee = (await gateway.graphql(query, gateway.headers("amy")))["viewer"]["todo"]
    assert [entry["kind"] for entry in mentee] == []
