"""An explicit null in an update input, through the gateway with real ids: it clears the field
where the service allows null, or it is a ValidationFailed result (never a masked "Unexpected
error", never an object the schema cannot return). The GraphQL fuzz tier draws random ids, which
the gateway refuses before any service sees the null: this is the test with objects that exist."""

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

EXPECTED = {"ValidationFailed"}


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def update(
    gateway: Gateway, mutation: str, id: str, input: str, selection: str, user: str = "ada"
) -> dict[str, Any]:
    """The mutation's result: the object or ValidationFailed, else the test fails."""
    roles = ("org_admin",) if user == "ada" else ()
    body = await gateway.run(
        f"""mutation($id: ID!) {{ {mutation}(id: $id, input: {input}) {{
            __typename ... on ValidationFailed {{ message fields {{ field message }} }}
            {selection} }} }}""",
        user=user,
        roles=roles,
        id=id,
    )
    assert "errors" not in body, (mutation, input, body)
    result: dict[str, Any] = body["data"][mutation]
    return result


PROGRAM_FIELDS = {
    "name": "name",
    "description": "description",
    "format": "format",
    "adminUserIds": "adminUserIds",
    "checkinCadence": "checkinCadence",
    "goalTemplates": "goalTemplates { title }",
    "settings": "settings { approval }",
    "startsOn": "startsOn",
    "endsOn": "endsOn",
}
PARTICIPANT_FIELDS = {
    "displayName": "displayName",
    "email": "email",
    "capacity": "capacity",
    "profile": "profile { languages }",
}
GOAL_FIELDS = {
    "title": "title",
    "description": "description",
    "metric": "metric",
    "unit": "unit",
    "baseline": "baseline",
    "target": "target",
    "dueOn": "dueOn",
    "relevance": "relevance",
    "relevanceKind": "relevanceKind",
}
ENDPOINT_FIELDS = {
    "url": "url",
    "description": "description",
    "eventTypes": "eventTypes",
    "enabled": "enabled",
}


async def test_explicit_nulls_clear_or_are_refused_naming_the_field(gateway: Gateway) -> None:
    program_id, match_id, ids = await active_match(gateway)
    cases: list[tuple[str, str, dict[str, str], str, str]] = [
        ("updateProgram", program_id, PROGRAM_FIELDS, "Program", "ada"),
        ("updateParticipant", ids["mo"], PARTICIPANT_FIELDS, "Participant", "ada"),
    ]
    due = (date.today() + timedelta(days=30)).isoformat()
    goal = await ok(
        gateway,
        """mutation($m: ID!, $due: Date!) { createGoal(matchId: $m, input: {title: "Ship",
           description: "Merge ten reviewed pull requests", metric: "PRs", unit: "PRs",
           target: 10, dueOn: $due, relevance: "Promotion", relevanceKind: CAREER_MILESTONE}) {
           __typename ... on Goal { id } } }""",
        user="ming",
        m=match_id,
        due=due,
    )
    cases.append(("updateGoal", goal["createGoal"]["id"], GOAL_FIELDS, "Goal", "ming"))
    endpoint = await ok(
        gateway,
        """mutation { createWebhookEndpoint(input: {url: "https://1.1.1.1/hook",
           description: "ops", eventTypes: ["mentorship.matching.match.accepted.v1"]}) {
           ... on WebhookEndpoint { id } } }""",
    )
    endpoint_id = endpoint["createWebhookEndpoint"]["id"]
    cases.append(("updateWebhookEndpoint", endpoint_id, ENDPOINT_FIELDS, "WebhookEndpoint", "ada"))

    for mutation, object_id, fields, typename, user in cases:
        for field, selection in fields.items():
            result = await update(
                gateway,
                mutation,
                object_id,
                f"{{{field}: null}}",
                f"... on {typename} {{ {selection} }}",
                user,
            )
            if result["__typename"] == typename:
                assert result[field] in (None, [], {}), (mutation, field, result)
            else:
                assert result["__typename"] in EXPECTED, (mutation, field, result)
                named = [item["field"] for item in result["fields"]]
                # A null the service cannot store is refused naming the field; a null it can
                # store may still break a domain rule (a goal without a metric is not SMART),
                # refused naming the rule.
                assert named, (mutation, field, result)
                if "cannot be cleared" in result["message"]:
                    assert named == [f"input.{field}"], (mutation, field, result)


async def test_nulls_inside_json_inputs_are_refused_or_cleared(gateway: Gateway) -> None:
    program_id, _, ids = await active_match(gateway)
    for mutation, object_id, input, typename in (
        ("updateProgram", program_id, "{settings: {approval: null}}", "Program"),
        ("updateProgram", program_id, '{goalTemplates: [{title: "x", milestones: []}]}', "Program"),
        ("updateParticipant", ids["mo"], "{profile: {languages: null}}", "Participant"),
        ("updateParticipant", ids["mo"], "{profile: {skillsOffered: null}}", "Participant"),
        ("updateParticipant", ids["mo"], "{profile: null, capacity: null}", "Participant"),
    ):
        result = await update(gateway, mutation, object_id, input, "")
        assert result["__typename"] in {typename, *EXPECTED}, (mutation, input, result)


async def test_set_checkin_cadence_with_null_is_a_graphql_validation_error(
    gateway: Gateway,
) -> None:
    _, match_id, _ = await active_match(gateway)
    body = await gateway.run(
        "mutation($m: ID!) { setCheckinCadence(matchId: $m, cadence: null) { __typename } }",
        m=match_id,
    )
    assert body.get("data") is None
    assert all("unexpected" not in error["message"].lower() for error in body["errors"])
