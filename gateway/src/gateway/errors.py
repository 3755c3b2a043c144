"""Expected errors are results in the schema, not GraphQL errors: a client's `switch` on
`__typename` handles them. Unexpected ones are masked (see `limits.should_mask_error`)."""

from typing import Any

import strawberry

from gateway.clients.base import ServiceError


@strawberry.type(description="One input field that failed validation.")
class FieldError:
    field: str
    message: str


@strawberry.type(description="The input was refused; `fields` says which parts and why.")
class ValidationFailed:
    message: str
    fields: list[FieldError]


@strawberry.type(description="The caller may not do this.")
class NotAllowed:
    message: str


@strawberry.type(description="No such object, or not one the caller may see.")
class NotFound:
    message: str


@strawberry.type(description="The request conflicts with the current state.")
class Conflict:
    message: str


ExpectedError = ValidationFailed | NotAllowed | NotFound | Conflict


def expected_error(error: ServiceError) -> ExpectedError:
    """The schema's result for a service's problem answer."""
    if error.status in (401, 403):
        return NotAllowed(message=error.detail or "Not allowed.")
    if error.status == 404:
        return NotFound(message=error.detail or "Not found.")
    if error.status == 409:
        return Conflict(message=error.detail or "Conflict.")
    items = error.problem.get("errors") or []
    if not items and error.problem.get("field"):
        # A domain refusal names the one field it is about (kit's UnprocessableError(field=)).
        items = [{"field": error.problem["field"], "message": error.detail or ""}]
    return ValidationFailed(
        message=error.detail or "Validation failed.",
        fields=[_field_error(item) for item in items],
    )


def _field_error(item: dict[str, Any]) -> FieldError:
    location = [str(part) for part in item.get("location", []) if part not in ("body", "query")]
    name = ".".join(location) or str(item.get("field", item.get("letter", "")))
    return FieldError(field=name, message=str(item.get("message", "")))
