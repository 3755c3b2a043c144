"""A service's refusal (RFC 9457 problem+json, in the service's own terms) becomes a refusal a
frontend can render: a stable code, each field as a path in the schema's naming relative to the
mutation's arguments, and a human message. Table-driven over the problem shapes the services
answer (422 validation and domain refusals, 409, 403, 404), resolved against the real
mutations' arguments."""

from dataclasses import dataclass, field
from typing import Any

import pytest

from gateway.clients.base import ServiceError
from gateway.errors import (
    ArgumentPaths,
    Conflict,
    ExpectedError,
    FieldError,
    NotAllowed,
    NotFound,
    ValidationFailed,
    expected_error,
)
from gateway.schema import Mutation

pytestmark = pytest.mark.unit


def mutation_field(name: str) -> Any:
    for candidate in Mutation.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        if candidate.python_name == name:
            return candidate
    raise LookupError(name)


def validation(*errors: dict[str, Any], detail: str = "") -> dict[str, Any]:
    """FastAPI's answer to a body that does not match (kit's on_validation)."""
    return {
        "type": "https://mentorship.dev/problems/validation-failed",
        "title": "Validation failed",
        "status": 422,
        "code": "validation-failed",
        "detail": detail or "The request does not match the schema; see `errors`.",
        "errors": list(errors),
    }


def pydantic(location: list[Any], message: str, kind: str) -> dict[str, Any]:
    return {"location": location, "message": message, "type": kind}


@dataclass
class Case:
    name: str
    mutation: str
    status: int
    problem: dict[str, Any]
    typename: type[ExpectedError]
    code: str
    fields: list[tuple[str, str]]  # (field, code)
    message_has: list[str] = field(default_factory=list)
    field_message_has: list[str] = field(default_factory=list)


CASES = [
    Case(
        "a nested setting, snake_case in the service",
        "create_program",
        422,
        validation(
            pydantic(
                ["body", "settings", "minimum_score"],
                "Input should be less than or equal to 100",
                "less_than_equal",
            )
        ),
        ValidationFailed,
        "validation-failed",
        [("input.settings.minimumScore", "less-than-equal")],
        ["input.settings.minimumScore", "less than or equal to 100"],
    ),
    Case(
        "a missing body field, and an item of a list of inputs",
        "create_program",
        422,
        validation(
            pydantic(["body", "name"], "Field required", "missing"),
            pydantic(
                ["body", "goal_templates", 0, "title"],
                "String should have at least 1 character",
                "string_too_short",
            ),
        ),
        ValidationFailed,
        "validation-failed",
        [("input.name", "required"), ("input.goalTemplates.0.title", "too-short")],
        ["input.name: Required.", "input.goalTemplates.0.title"],
    ),
    Case(
        "a rating dimension that breaks the service's pattern: words, not the regex",
        "update_feedback_settings",
        422,
        validation(
            pydantic(
                ["body", "rating_dimensions", 1],
                "String should match pattern '^[a-z][a-z0-9_]{0,39}$'",
                "string_pattern_mismatch",
            )
        ),
        ValidationFailed,
        "validation-failed",
        [("ratingDimensions.1", "invalid-format")],
        field_message_has=["lowercase letters, digits or underscores"],
    ),
    Case(
        "a path parameter the mutation takes inside its input",
        "enrol",
        422,
        validation(
            pydantic(["path", "program_id"], "Input should be a valid UUID", "uuid_parsing")
        ),
        ValidationFailed,
        "validation-failed",
        [("input.programId", "uuid-parsing")],
    ),
    Case(
        "a path parameter that is an argument",
        "create_matching_run",
        422,
        validation(
            pydantic(["path", "program_id"], "Input should be a valid UUID", "uuid_parsing")
        ),
        ValidationFailed,
        "validation-failed",
        [("programId", "uuid-parsing")],
    ),
    Case(
        "a domain refusal naming one field (kit's UnprocessableError(field=))",
        "update_program",
        422,
        {
            "status": 422,
            "code": "validation-failed",
            "detail": "ends_on is before starts_on.",
            "field": "ends_on",
        },
        ValidationFailed,
        "validation-failed",
        [("input.endsOn", "validation-failed")],
        ["ends_on is before starts_on."],
    ),
    Case(
        "the gateway's argument has a shorter name than the service's field",
        "set_program_slack_webhook",
        422,
        {
            "status": 422,
            "code": "validation-failed",
            "detail": "The URL must be https.",
            "field": "slack_webhook_url",
        },
        ValidationFailed,
        "validation-failed",
        [("url", "validation-failed")],
    ),
    Case(
        "SMART refusals that name only letters",
        "create_goal",
        422,
        {
            "status": 422,
            "code": "goal-not-smart",
            "detail": "The goal fails SMART letter(s) S, T; see `errors`.",
            "errors": [
                {
                    "letter": "S",
                    "criterion": "specific",
                    "message": "Describe the goal in at least four words",
                },
                {"letter": "T", "criterion": "time-bound", "message": "Give a due date"},
            ],
        },
        ValidationFailed,
        "goal-not-smart",
        [("input.description", "not-specific"), ("input.dueOn", "not-time-bound")],
        ["The goal is not SMART yet", "input.description: Describe the goal"],
    ),
    Case(
        "SMART refusals that name their fields",
        "update_goal",
        422,
        {
            "status": 422,
            "code": "goal-not-smart",
            "detail": "The goal is not SMART; see `errors`.",
            "errors": [
                {
                    "letter": "M",
                    "criterion": "measurable",
                    "field": "target",
                    "message": "Give a target",
                },
            ],
        },
        ValidationFailed,
        "goal-not-smart",
        [("input.target", "not-measurable")],
    ),
    Case(
        "a refused pair names the mentor asked for and says why in words",
        "propose_match",
        422,
        {
            "status": 422,
            "code": "validation-failed",
            "detail": "This pair is not allowed: no_shared_language",
            "rejected_by": [
                {"constraint": "no_shared_language", "detail": "They have no language in common."}
            ],
        },
        ValidationFailed,
        "pair-not-allowed",
        [("mentorParticipantId", "no-shared-language")],
        ["This pair is not allowed: They have no language in common."],
    ),
    Case(
        "409: the service's code and words",
        "enrol",
        409,
        {"status": 409, "code": "conflict", "detail": "bo is already enrolled."},
        Conflict,
        "conflict",
        [],
        ["bo is already enrolled."],
    ),
    Case(
        "403 naming a field, with a code of its own",
        "enrol",
        403,
        {
            "status": 403,
            "code": "external-id-reserved",
            "detail": "Only admins set the external_id.",
            "field": "external_id",
        },
        NotAllowed,
        "external-id-reserved",
        [("input.externalId", "external-id-reserved")],
    ),
    Case(
        "403 without a code: the status says it",
        "withdraw_participant",
        403,
        {"detail": "Only admins."},
        NotAllowed,
        "forbidden",
        [],
        ["Only admins."],
    ),
    Case(
        "404",
        "accept_match",
        404,
        {"status": 404, "code": "not-found", "detail": "No such match."},
        NotFound,
        "not-found",
        [],
        ["No such match."],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_service_problem_becomes_a_refusal_in_the_schemas_terms(case: Case) -> None:
    refusal = ArgumentPaths(mutation_field(case.mutation)).resolve(
        expected_error(ServiceError(case.status, case.problem))
    )
    assert type(refusal) is case.typename
    assert refusal.code == case.code
    assert [(item.field, item.code) for item in refusal.fields] == case.fields
    for words in case.message_has:
        assert words in refusal.message, refusal.message
    for words in case.field_message_has:
        assert any(words in item.message for item in refusal.fields), refusal.fields
    for item in refusal.fields:
        assert "_" not in item.field, item.field  # never the service's snake_case
        assert item.message
        assert "pattern '" not in item.message
    assert "see `errors`" not in refusal.message


def test_paths_the_gateway_names_itself_are_rooted_at_the_argument_too() -> None:
    """The gateway's own refusals (an explicit null, named in camelCase) get the same rooting."""
    refused = ValidationFailed(
        message="These fields cannot be cleared: name.",
        fields=[FieldError(field="name", message="Cannot be null.")],
    )
    resolved = ArgumentPaths(mutation_field("update_program")).resolve(refused)
    assert [item.field for item in resolved.fields] == ["input.name"]
    again = ArgumentPaths(mutation_field("update_program")).resolve(resolved)
    assert [item.field for item in again.fields] == ["input.name"]  # resolving twice holds


@pytest.mark.parametrize(
    "problem",
    [
        {"errors": "not a list", "rejected_by": "nor this", "field": 7},
        {"errors": [{"location": ["body", None, 1.5, True], "message": None, "type": 3}]},
        {"errors": [{"letter": "Z"}, {}, "text"], "rejected_by": [{}, 1]},
        {"errors": [{"type": "string_pattern_mismatch", "ctx": "odd", "location": "body"}]},
        {},
    ],
)
def test_odd_problem_shapes_are_still_refusals(problem: dict[str, Any]) -> None:
    """Whatever a service answers, the client gets a refusal, never a masked error."""
    refusal = ArgumentPaths(mutation_field("create_program")).resolve(
        expected_error(ServiceError(422, problem))
    )
    assert isinstance(refusal, ValidationFailed)
    assert refusal.message
    assert all(isinstance(item.field, str) for item in refusal.fields)
    assert all(item.message and item.message != "None" for item in refusal.fields)
