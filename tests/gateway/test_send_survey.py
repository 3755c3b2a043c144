"""An admin sends a pulse survey now through GraphQL; the people of the relationship find it
among their surveys, a retry with the same key sends nothing again, a participant may not."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_domain_operations import MEMBER, active_match, ok
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import eventually, serve

pytestmark = pytest.mark.embedded

SEND = """mutation($p: ID!, $key: String) { sendSurvey(programId: $p, dueInDays: 3,
  idempotencyKey: $key) { __typename ... on SurveyRound { id number matches surveys kind }
  ... on Conflict { message } ... on NotFound { message } } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def send(gateway: Gateway, program_id: str, user: str = "ada", **more: Any) -> Any:
    roles = ("org_admin",) if user == "ada" else MEMBER
    body = await gateway.run(SEND, user=user, roles=roles, p=program_id, **more)
    assert "errors" not in body, body
    return body["data"]["sendSurvey"]


async def test_an_admin_sends_a_pulse_now_and_both_people_are_asked(gateway: Gateway) -> None:
    program_id, _, _ = await active_match(gateway)
    # Feedback learns of the active match from matching's events: until then, nothing to ask.
    sent = await eventually(
        lambda: send(gateway, program_id, key="pulse-1"),
        lambda result: result["__typename"] == "SurveyRound",
    )
    assert {k: sent[k] for k in ("number", "matches", "surveys", "kind")} == {
        "number": 1,
        "matches": 1,
        "surveys": 2,
        "kind": "PULSE",
    }
    assert await send(gateway, program_id, key="pulse-1") == sent  # replayed, not sent again

    for person in ("mo", "ming"):
        mine = await ok(
            gateway, "{ surveys(status: OPEN) { nodes { kind sequence } } }", user=person
        )
        assert mine["surveys"]["nodes"] == [{"kind": "PULSE", "sequence": -1}]

    refused = await send(gateway, program_id, user="mo")
    assert refused["__typename"] == "NotFound"


RESPOND = """mutation($id: ID!, $answers: [SurveyAnswerInput!]!) {
  respondToSurvey(id: $id, answers: $answers) { __typename ... on Survey { status }
  ... on Refusal { code message fields { field code message } } } }"""


async def test_survey_answers_are_typed_and_refusals_name_each_answer(gateway: Gateway) -> None:
    program_id, _, _ = await active_match(gateway)
    await eventually(
        lambda: send(gateway, program_id), lambda result: result["__typename"] == "SurveyRound"
    )
    mine = await ok(gateway, "{ surveys(status: OPEN) { nodes { id } } }", user="ming")
    [survey] = mine["surveys"]["nodes"]

    async def respond(*answers: dict[str, Any]) -> dict[str, Any]:
        answered = await ok(gateway, RESPOND, user="ming", id=survey["id"], answers=list(answers))
        result: dict[str, Any] = answered["respondToSurvey"]
        return result

    # The rating's range is the service's schema; its other branch (a text) is not reported.
    refused = await respond(
        {"question": "satisfaction", "rating": 4}, {"question": "progress", "rating": 9}
    )
    assert refused["__typename"] == "ValidationFailed"
    assert [(f["field"], f["code"]) for f in refused["fields"]] == [
        ("answers.1.rating", "less-than-equal")
    ]
    wrong = await respond(
        {"question": "satisfaction", "rating": 4},
        {"question": "progress", "text": "well"},
        {"question": "mood", "rating": 3},
    )
    assert {(f["field"], f["code"]) for f in wrong["fields"]} == {
        ("answers.1.text", "wrong-type"),
        ("answers.2.question", "invalid"),
    }
    both = await respond({"question": "satisfaction", "rating": 4, "text": "fine"})
    assert [(f["field"], f["code"]) for f in both["fields"]] == [("answers.0", "one-of")]

    answered = await respond(
        {"question": "satisfaction", "rating": 4},
        {"question": "progress", "rating": 5},
        {"question": "comment", "text": "Going well."},
    )
    assert answered == {"__typename": "Survey", "status": "COMPLETED"}
