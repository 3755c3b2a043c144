"""Expected errors are results in the schema, not GraphQL errors: a client's `switch` on
`__typename` handles them, or one `... on Refusal { code message fields { field code message } }`
for all of them. Unexpected ones are masked (see `limits.should_mask_error`).

A service answers a refusal as RFC 9457 problem+json in its own terms: snake_case body paths
(`["body", "settings", "minimum_score"]`), a single `field`, SMART letters, pair rejections,
pydantic's messages. Here that becomes what a frontend can render next to its form: a stable
`code`, each field as a path in the schema's own naming, relative to the mutation's arguments
(`input.settings.minimumScore`), and a human message. `FieldPaths` resolves the paths against
the mutation's arguments (`refusals_name_schema_fields` attaches it to every mutation)."""

import re
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any

import strawberry
import structlog
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.execution import ExecutionResult
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from gateway.clients.base import ServiceError
from gateway.context import NotAuthenticatedError
from kit.errors import ProblemError

Segment = str | int

log = structlog.get_logger(__name__)


@strawberry.type(description="One input field that was refused.")
class FieldError:
    field: str = strawberry.field(
        description="The field's path in this schema's naming, from the operation's arguments "
        "(`input.settings.minimumScore`, `input.goalTemplates.0.title`, `programId`)."
    )
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: str = strawberry.field(
        default="invalid",
        description="Stable, machine-readable: `required`, `invalid-format`, `too-short`, "
        "`not-specific`, `no-shared-language`, …",
    )
    # The service's own path (snake_case segments), resolved to `field` by FieldPaths.
    location: strawberry.Private[tuple[Segment, ...] | None] = None


@strawberry.interface(
    description="Any refusal: a stable `code`, a human `message`, and the input `fields` it is "
    "about (empty when it is about no field)."
)
class Refusal:
    message: str
    code: str
    fields: list[FieldError]


@strawberry.type(description="The input was refused; `fields` says which parts and why.")
class ValidationFailed(Refusal):
    code: str = "validation-failed"
    fields: list[FieldError] = strawberry.field(default_factory=list)
    # The service's detail, when `message` is said from the fields (again once they are
    # resolved to the schema's paths).
    detail: strawberry.Private[str | None] = None


@strawberry.type(description="The caller may not do this.")
class NotAllowed(Refusal):
    code: str = "forbidden"
    fields: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type(description="No such object, or not one the caller may see.")
class NotFound(Refusal):
    code: str = "not-found"
    fields: list[FieldError] = strawberry.field(default_factory=list)


@strawberry.type(description="The request conflicts with the current state.")
class Conflict(Refusal):
    code: str = "conflict"
    fields: list[FieldError] = strawberry.field(default_factory=list)


ExpectedError = ValidationFailed | NotAllowed | NotFound | Conflict

# Locations that say where a value came from, not which value it was.
_SOURCES = frozenset({"body", "query", "path", "header", "cookie"})

# Patterns the services declare, said in words (pydantic would show the regex itself).
_PATTERNS = {
    r"^[a-z][a-z0-9_]{0,39}$": "Use 1 to 40 lowercase letters, digits or underscores, "
    "starting with a letter (for example `communication`).",
    r"^(\d{4})-(0[1-9]|1[0-2])$": "A month written YYYY-MM (for example 2026-03).",
    r"^[A-Za-z]{2}([-_][A-Za-z]{2})?$": "A language code such as `en` or `pt-BR`.",
}
# pydantic's error types -> stable codes (any other type: its name in kebab-case).
_CODES = {
    "missing": "required",
    "string_pattern_mismatch": "invalid-format",
    "extra_forbidden": "unknown-field",
    "string_too_short": "too-short",
    "string_too_long": "too-long",
    "too_short": "too-few",
    "too_long": "too-many",
    "value_error": "invalid",
}
# SMART letters name a rule, not a field: the input field a person fixes for each (the goals
# service names real fields where it can; this is for answers that name only the letter).
_SMART_FIELDS: dict[str, tuple[str, ...]] = {
    "S": ("description",),
    "M": ("metric",),
    "A": ("acknowledged",),
    "R": ("relevance",),
    "T": ("due_on",),
}
# A refused pair is about the mentor asked for (the mentee is the asker, or the admin's choice).
_PAIR_FIELD: tuple[Segment, ...] = ("mentor_participant_id",)
_GENERIC_DETAILS = {
    "validation-failed": "The input is not valid",
    "goal-not-smart": "The goal is not SMART yet",
}


def expected_error(error: ServiceError) -> ExpectedError:
    """The schema's result for a service's problem answer."""
    code = error.code if error.code != "error" else _status_code(error.status)
    fields = _fields_of(error.problem, code)
    if error.status in (401, 403):
        return NotAllowed(message=error.detail or "Not allowed.", code=code, fields=fields)
    if error.status == 404:
        return NotFound(message=error.detail or "Not found.", code=code, fields=fields)
    if error.status == 409:
        return Conflict(message=error.detail or "Conflict.", code=code, fields=fields)
    if error.problem.get("rejected_by") and code == "validation-failed":
        code = "pair-not-allowed"
    return ValidationFailed(
        message=_message(error.detail, code, fields), code=code, fields=fields, detail=error.detail
    )


def _status_code(status: int) -> str:
    return {401: "unauthorized", 403: "forbidden", 404: "not-found", 409: "conflict"}.get(
        status, "validation-failed"
    )


def _fields_of(problem: dict[str, Any], code: str) -> list[FieldError]:
    items = problem.get("errors") or []
    fields = [_field_error(item, code) for item in items if isinstance(item, dict)]
    # A refused pair names its request field in `errors`; `rejected_by` (the engine's
    # constraints) is read only from a service that does not.
    for rejection in [] if fields else problem.get("rejected_by") or []:
        if isinstance(rejection, dict):
            constraint = str(rejection.get("constraint", "not-allowed"))
            fields.append(
                _located(
                    _PAIR_FIELD,
                    str(rejection.get("detail") or constraint.replace("_", " ")),
                    _kebab(constraint),
                )
            )
    if not fields and problem.get("field"):
        # A domain refusal names the one field it is about (kit's UnprocessableError(field=)),
        # or several, comma-separated.
        detail = str(problem.get("detail") or "Not valid.")
        for name in str(problem["field"]).split(","):
            fields.append(_located(_segments(name.strip()), detail, code))
    return fields


def _field_error(item: dict[str, Any], code: str) -> FieldError:
    kind = str(item.get("type", ""))
    message = _readable(str(item.get("message") or ""), kind, item)
    if "location" in item and isinstance(item["location"], list):
        location = tuple(_segment(part) for part in item["location"] if not _is_source(part))
    elif item.get("field"):
        location = _segments(str(item["field"]))
    elif item.get("letter") in _SMART_FIELDS:
        location = _SMART_FIELDS[str(item["letter"])]
    else:
        location = ()
    if item.get("criterion"):
        field_code = "not-" + _kebab(str(item["criterion"]))
    elif kind:
        field_code = _CODES.get(kind, _kebab(kind))
    else:
        field_code = str(item.get("code") or code)
    return _located(location, message, field_code)


def _located(location: tuple[Segment, ...], message: str, code: str) -> FieldError:
    return FieldError(field=_camel_path(location), message=message, code=code, location=location)


def _is_source(part: Any) -> bool:
    return isinstance(part, str) and part in _SOURCES


def _segment(part: Any) -> Segment:
    return part if isinstance(part, int) and not isinstance(part, bool) else str(part)


def _segments(name: str) -> tuple[Segment, ...]:
    return tuple(int(part) if part.isdigit() else part for part in name.split(".") if part)


def _camel_path(location: Sequence[Segment]) -> str:
    return ".".join(
        str(part) if isinstance(part, int) else to_camel_case(part) for part in location
    )


def _kebab(name: str) -> str:
    return re.sub(r"[_\s]+", "-", name.strip()).lower()


def _readable(message: str, kind: str, item: dict[str, Any]) -> str:
    if kind == "string_pattern_mismatch":
        context = item.get("ctx")
        pattern = str(context.get("pattern", "")) if isinstance(context, dict) else ""
        found = re.search(r"match pattern '(.*)'$", message)
        pattern = pattern or (found.group(1) if found else "")
        return _PATTERNS.get(pattern, "Not in the expected format.")
    if kind == "missing":
        return "Required."
    if kind == "extra_forbidden":
        return "Not a field of this input."
    return message.removeprefix("Value error, ") or "Not valid."


def _message(detail: str, code: str, fields: list[FieldError]) -> str:
    """The service's words, unless they point at a REST body ("see `errors`") or name a
    service's internal code: then they are said again from the fields."""
    if fields and (code == "pair-not-allowed" or "see `errors`" in detail or not detail):
        base = _GENERIC_DETAILS.get(code, detail.split(";")[0].strip() or "Not valid")
        if code == "pair-not-allowed":
            return "This pair is not allowed: " + " ".join(_sentence(f.message) for f in fields)
        return f"{base}: " + " ".join(f"{f.field}: {_sentence(f.message)}" for f in fields)
    return detail or "Validation failed."


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


# Resolving service paths against a mutation's arguments ---------------------------------


def _norm(name: str) -> str:
    """Names compared across conventions: `minimum_score`, `minimumScore`, `minimumscore`."""
    return name.replace("_", "").lower()


def _unwrap(type_: Any) -> Any:
    while isinstance(type_, (StrawberryOptional, StrawberryList)):
        type_ = type_.of_type
    return type_


def _input_fields(type_: Any) -> dict[str, tuple[str, Any]] | None:
    """An input type's fields: normalised name -> (GraphQL name, type); None for a scalar."""
    definition = getattr(_unwrap(type_), "__strawberry_definition__", None)
    if definition is None or not definition.is_input:
        return None
    return {
        _norm(field.python_name): (field.graphql_name or to_camel_case(field.python_name), field)
        for field in definition.fields
    }


class _BranchNotTaken(Exception):
    """A refusal of a union's branch the client's input did not take: about no field sent."""


# pydantic's tags for the branches of a union (`int | str`): the scalar each one takes.
_BRANCHES = {"int": int, "constrained-int": int, "str": str, "constrained-str": str}


def _walk(type_: Any, location: Sequence[Segment], value: Any = None) -> list[str] | None:
    """`location` followed down from an input type: the GraphQL names, or None when its first
    name is not a field there. Inside a scalar (JSON) the rest is said in camelCase. `value` is
    what the client sent there: an input list the gateway sent as a mapping is named by the
    position of the item the service's key names (`skillsOffered.2.level`)."""
    names: list[str] = []
    for index, part in enumerate(location):
        if isinstance(part, int):
            names.append(str(part))
            value = value[part] if isinstance(value, list) and part < len(value) else None
            continue
        keyed = _keyed(type_, part, value)
        if keyed is not None:
            position, item = keyed
            return [*names, str(position), *_entry(type_, item, location[index + 1 : index + 2])]
        fields = _input_fields(type_)
        if fields is None:
            if index == 0:
                return None
            names.extend(_camel_path(location[index:]).split("."))
            return names
        found = fields.get(_norm(part))
        if found is None:
            if index == 0:
                return None
            names.extend(_camel_path(location[index:]).split("."))
            return names
        names.append(found[0])
        type_ = found[1].type
        value = getattr(value, found[1].python_name, None)
    return names


def _keyed(type_: Any, part: str, value: Any) -> tuple[int, Any] | None:
    """For a list of input items standing for a service's mapping (an item's first field is
    its key), the position and item the key `part` names; the mapping kept the last."""
    fields = _input_fields(type_)
    if not isinstance(type_, StrawberryList) and not (
        isinstance(type_, StrawberryOptional) and isinstance(type_.of_type, StrawberryList)
    ):
        return None
    if fields is None or not isinstance(value, list):
        return None
    key = next(iter(fields.values()))[1].python_name
    for position in reversed(range(len(value))):
        sent = getattr(value[position], key, None)
        if (sent.value if isinstance(sent, Enum) else sent) == part:
            return position, value[position]
    return None


def _entry(type_: Any, item: Any, rest: Sequence[Segment]) -> list[str]:
    """The field of a keyed item a refusal is about: its key for a refused key, the field of
    a union's branch, else the one value field the client set."""
    key, *values = (_input_fields(type_) or {}).values()
    if rest and rest[0] == "[key]":
        return [key[0]]
    sent = [(name, getattr(item, f.python_name)) for name, f in values]
    sent = [(name, value) for name, value in sent if value is not None]
    branch = _BRANCHES.get(str(rest[0])) if rest else None
    if branch is not None:
        taken = [name for name, value in sent if type(value) is branch]
        if not taken:
            raise _BranchNotTaken
        return taken[:1]
    return [sent[0][0]] if len(sent) == 1 else []


class ArgumentPaths:
    """A mutation's arguments, to say a service's path as the path of the argument it came
    from: a body field under the input object (`input.settings.minimumScore`), a path parameter
    as the argument or input field that carried it (`programId`, `input.programId`)."""

    def __init__(self, field: StrawberryField) -> None:
        self._arguments = [
            (argument.graphql_name or to_camel_case(argument.python_name), argument)
            for argument in field.arguments
        ]

    def path(self, location: Sequence[Segment], values: Mapping[str, Any] | None = None) -> str:
        """`location` as an argument path; `values` (the arguments the client sent, by Python
        name) place a mapping's key at its position in the list that carried it."""
        if not location:
            return ""
        sent = values or {}
        first = location[0]
        if isinstance(first, str):
            for name, argument in self._arguments:  # the argument itself
                if _norm(argument.python_name) == _norm(first):
                    if len(location) == 1:
                        return name
                    rest = _walk(argument.type, location[1:], sent.get(argument.python_name))
                    return ".".join([name, *(rest or _camel_path(location[1:]).split("."))])
        for name, argument in self._arguments:  # a field of an input argument
            walked = _walk(argument.type, location, sent.get(argument.python_name))
            if walked is not None:
                return ".".join([name, *walked])
        deeper = self._nested(location, sent)
        if deeper is not None:
            return deeper
        if len(location) == 1 and isinstance(first, str):
            # The gateway may take a value under a shorter name (`url` for the service's
            # `slack_webhook_url`): the one argument whose name ends the service's.
            endings = [n for n, a in self._arguments if _norm(first).endswith(_norm(n))]
            if len(endings) == 1:
                return endings[0]
        return _camel_path(location)

    def _nested(self, location: Sequence[Segment], sent: Mapping[str, Any]) -> str | None:
        """The location under an input field nested deeper (breadth first, shallowest wins)."""
        queue: list[tuple[list[str], Any, Any]] = [
            ([name], argument.type, sent.get(argument.python_name))
            for name, argument in self._arguments
        ]
        seen: set[int] = set()
        while queue:
            prefix, type_, value = queue.pop(0)
            fields = _input_fields(type_)
            if fields is None or id(_unwrap(type_)) in seen:
                continue
            seen.add(id(_unwrap(type_)))
            for graphql_name, field in fields.values():
                inner = getattr(value, field.python_name, None)
                walked = _walk(field.type, location, inner)
                if walked is not None:
                    return ".".join([*prefix, graphql_name, *walked])
                queue.append(([*prefix, graphql_name], field.type, inner))
        return None

    def resolve(self, result: Any, values: Mapping[str, Any] | None = None) -> Any:
        if isinstance(result, Refusal):
            kept = []
            for item in result.fields:
                location = item.location if item.location is not None else _segments(item.field)
                try:
                    item.field = self.path(location, values) or item.field
                except _BranchNotTaken:
                    continue
                except Exception:  # a refusal stays a refusal: keep the camelCase path
                    log.exception("refusal_path_unresolved", location=location)
                item.location = None
                kept.append(item)
            result.fields = kept
            if isinstance(result, ValidationFailed) and result.detail is not None:
                result.message = _message(result.detail, result.code, result.fields)
                result.detail = None
        return result


class FieldPaths(FieldExtension):
    """Says a refusal's fields as paths of this mutation's arguments (see `ArgumentPaths`)."""

    def apply(self, field: StrawberryField) -> None:
        self._field = field
        self._paths: ArgumentPaths | None = None

    def _resolved(self, result: Any, values: Mapping[str, Any]) -> Any:
        if isinstance(result, Refusal):
            if self._paths is None:
                self._paths = ArgumentPaths(self._field)
            return self._paths.resolve(result, values)
        return result

    def resolve(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        return self._resolved(next_(source, info, **kwargs), kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Any, **kwargs: Any
    ) -> Any:
        return self._resolved(await next_(source, info, **kwargs), kwargs)


def refusals_name_schema_fields(root: type) -> type:
    """Every field of `root` (the Mutation type) resolves its refusals' field paths."""
    for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        if not any(isinstance(extension, FieldPaths) for extension in field.extensions):
            field.extensions.append(FieldPaths())
    return root


# GraphQL errors (queries and subscriptions raise a service's refusal) ---------------------


class ErrorCodes(SchemaExtension):
    """A refusal raised as a GraphQL error (a query's bad argument, a missing token) carries
    the same `code` and `fields` in its `extensions` as a mutation's Refusal result."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, (GraphQLExecutionResult, ExecutionResult)) and result.errors:
            result.errors = [_with_code(error) for error in result.errors]


def _with_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    extensions: dict[str, Any] | None = None
    if isinstance(original, ServiceError):
        refusal = expected_error(original)
        extensions = {
            "code": refusal.code,
            "status": original.status,
            "fields": [
                {"field": item.field, "code": item.code, "message": item.message}
                for item in refusal.fields
            ],
        }
    elif isinstance(original, ProblemError):
        extensions = {**original.extensions, "code": original.code, "status": original.status}
    elif isinstance(original, NotAuthenticatedError):
        extensions = {"code": "unauthenticated", "status": 401}
    if extensions is None:
        return error
    error.extensions = {**(error.extensions or {}), **extensions}
    return error
