"""Refusals through real mutations on the embedded backend: each carries a stable code, its
fields in the schema's naming (relative to the mutation's arguments) and words a person reads,
whatever shape the service answered in. A query's refusal carries the same in `extensions`."""

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_domain_operations import active_match, ok
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import serve

pytestmark = pytest.mark.embedded

REFUSAL = "... on Refusal { code message fields { field code message } }"


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def create_program(gateway: Gateway) -> str:
    created = await ok(
        gateway, 'mutation { createProgram(input: {name: "Refusals"}) { ... on Program { id } } }'
    )
    program_id: str = created["createProgram"]["id"]
    return program_id


async def enrol(
    gateway: Gateway, program_id: str, user: str, role: str, profile: dict[str, Any]
) -> str:
    enrolled = await ok(
        gateway,
        "mutation($input: EnrolmentInput!) { enrol(input: $input) { ... on Participant { id } } }",
        input={
            "programId": program_id,
            "userId": user,
            "role": role,
            "displayName": user.title(),
            "profile": profile,
        },
    )
    participant_id: str = enrolled["enrol"]["id"]
    return participant_id


async def test_a_rating_dimension_is_refused_in_words_naming_the_list_item(
    gateway: Gateway,
) -> None:
    program_id = await create_program(gateway)
    refused = await ok(
        gateway,
        f"""mutation($id: ID!) {{ updateFeedbackSettings(programId: $id,
            ratingDimensions: ["clarity", "Follow-up!"], feedbackDueDays: 7) {{
            __typename {REFUSAL} }} }}""",
        id=program_id,
    )
    result = refused["updateFeedbackSettings"]
    assert result["__typename"] == "ValidationFailed"
    assert result["code"] == "validation-failed"
    [item] = result["fields"]
    assert item["field"] == "ratingDimensions.1"
    assert item["code"] == "rating-dimension"  # feedback's own code for a badly named dimension
    assert "lowercase letters, digits or underscores" in item["message"]
    assert "^[a-z]" not in item["message"]
    assert "^[a-z]" not in result["message"]
    assert "ratingDimensions.1" in result["message"]


async def test_a_refused_self_request_names_the_mentor_and_says_why(gateway: Gateway) -> None:
    program_id = await create_program(gateway)
    mentor = await enrol(gateway, program_id, "mo", "MENTOR", {"languages": ["fr"]})
    mentee = await enrol(gateway, program_id, "ming", "MENTEE", {"languages": ["en"]})
    refused = await ok(
        gateway,
        f"""mutation($p: ID!, $mentor: ID!, $mentee: ID!) {{ proposeMatch(programId: $p,
            mentorParticipantId: $mentor, menteeParticipantId: $mentee) {{
            __typename {REFUSAL} }} }}""",
        user="ming",
        p=program_id,
        mentor=mentor,
        mentee=mentee,
    )
    result = refused["proposeMatch"]
    assert result["__typename"] == "ValidationFailed"
    assert result["code"] == "pair-not-allowed"
    assert result["fields"] == [
        {
            "field": "mentorParticipantId",
            "code": "no-shared-language",
            "message": "They have no language in common.",
        }
    ]
    assert result["message"] == "This pair is not allowed: They have no language in common."


async def test_smart_refusals_name_the_goal_input_fields(gateway: Gateway) -> None:
    _, match_id, _ = await active_match(gateway)
    due = (date.today() + timedelta(days=30)).isoformat()
    refused = await ok(
        gateway,
        f"""mutation($m: ID!, $due: Date!) {{ createGoal(matchId: $m, input: {{title: "SQL",
            description: "Joins", metric: "queries", unit: "queries", target: 10, dueOn: $due,
            relevance: "Reports", relevanceKind: CAREER_MILESTONE}}) {{
            __typename {REFUSAL} }} }}""",
        user="ming",
        m=match_id,
        due=due,
    )
    result = refused["createGoal"]
    assert result["__typename"] == "ValidationFailed"
    assert result["code"] == "goal-not-smart"
    assert [item["field"] for item in result["fields"]] == ["input.description"]
    assert result["fields"][0]["code"] == "not-specific"
    assert result["fields"][0]["message"]
    assert "input.description" in result["message"]
    assert "see `errors`" not in result["message"]


async def test_a_domain_field_and_a_forbidden_field_are_rooted_at_the_input(
    gateway: Gateway,
) -> None:
    program_id = await create_program(gateway)
    dates = await ok(
        gateway,
        f"""mutation($id: ID!) {{ updateProgram(id: $id,
            input: {{startsOn: "2027-03-01", endsOn: "2027-01-01"}}) {{
            __typename {REFUSAL} }} }}""",
        id=program_id,
    )
    assert dates["updateProgram"]["__typename"] == "ValidationFailed"
    assert [item["field"] for item in dates["updateProgram"]["fields"]] == ["input.endsOn"]

    reserved = await gateway.run(
        f"""mutation($input: EnrolmentInput!) {{ enrol(input: $input) {{ __typename {REFUSAL} }}
            }}""",
        user="bo",
        roles=(),
        input={
            "programId": program_id,
            "userId": "bo",
            "role": "MENTEE",
            "displayName": "Bo",
            "externalId": "hr-1",
        },
    )
    result = reserved["data"]["enrol"]
    assert result["__typename"] == "NotAllowed"
    assert result["code"] == "external-id-reserved"
    assert [item["field"] for item in result["fields"]] == ["input.externalId"]

    again = await gateway.run(
        f"""mutation($input: EnrolmentInput!) {{ enrol(input: $input) {{ __typename {REFUSAL} }}
            }}""",
        input={"programId": program_id, "userId": "bo", "role": "MENTEE", "displayName": "Bo"},
    )
    assert again["data"]["enrol"]["__typename"] == "Participant"
    twice = await gateway.run(
        f"""mutation($input: EnrolmentInput!) {{ enrol(input: $input) {{ __typename {REFUSAL} }}
            }}""",
        input={"programId": program_id, "userId": "bo", "role": "MENTEE", "displayName": "Bo"},
    )
    assert twice["data"]["enrol"]["__typename"] == "Conflict"
    assert twice["data"]["enrol"]["code"] == "already-enrolled"  # matching's own code, kept
    assert twice["data"]["enrol"]["message"]


async def test_an_idempotency_key_a_header_cannot_carry_is_refused_naming_it(
    gateway: Gateway,
) -> None:
    """It travels as the service's Idempotency-Key header, which is ASCII: was a masked error."""
    refused = await ok(
        gateway,
        f"""mutation {{ createProgram(input: {{name: "Keyed"}}, idempotencyKey: "§clé\\n") {{
            __typename {REFUSAL} }} }}""",
    )
    result = refused["createProgram"]
    assert result["__typename"] == "ValidationFailed"
    assert [(item["field"], item["code"]) for item in result["fields"]] == [
        ("idempotencyKey", "validation-failed")
    ]


async def test_a_querys_refusal_carries_its_code_and_fields_in_extensions(
    gateway: Gateway,
) -> None:
    program_id = await create_program(gateway)
    body = await gateway.run(
        """query($id: ID!) { surveyResults(programId: $id, kind: PULSE, period: "2026-13") {
           responses } }""",
        id=program_id,
    )
    [error] = body["errors"]
    assert error["extensions"]["code"] == "validation-failed"
    assert error["extensions"]["status"] == 422
    [item] = error["extensions"]["fields"]
    assert item["code"] == "invalid-format"
    assert item["message"].startswith("A month written YYYY-MM")

    anonymous = await gateway.client.post(
        "/graphql", json={"query": "{ unreadNotifications }"}, headers={}
    )
    assert anonymous.status_code == 401  # refused before GraphQL: a problem+json with its code
    assert anonymous.json()["code"] == "unauthorized"


async def test_a_refused_profile_value_names_its_position_in_the_graphql_list(
    gateway: Gateway,
) -> None:
    program_id = await create_program(gateway)
    skills = [
        {"skill": "go", "level": 2},
        {"skill": "sql", "level": 3},
        {"skill": "ml", "level": 9},
    ]
    refused = await ok(
        gateway,
        f"""mutation($input: EnrolmentInput!) {{ enrol(input: $input) {{
            __typename {REFUSAL} }} }}""",
        input={
            "programId": program_id,
            "userId": "ming",
            "role": "MENTEE",
            "displayName": "Ming",
            "profile": {
                "skillsOffered": skills,
                "motivators": [{"name": "growth", "level": 0}],
            },
        },
    )
    result = refused["enrol"]
    assert result["__typename"] == "ValidationFailed"
    assert sorted(item["field"] for item in result["fields"]) == [
        "input.profile.motivators.0.level",
        "input.profile.skillsOffered.2.level",
    ]
    assert "input.profile.skillsOffered.2.level" in result["message"]
