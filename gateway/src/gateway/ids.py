"""Every object id of the services is a UUID, and resolvers put ids into the paths of service
calls (`/v1/programs/{id}`). So an `ID` given by a client must be a UUID, checked before any
resolver runs: `program(id: "../../healthz")` is a validation error of the request, and no other
text reaches a path.

graphql-core reserves the name `ID` (its scalar cannot be replaced), so the check is where the
values come from: literals, by a validation rule (cached with the document), and variables, when
the executor is built (for queries, mutations and subscriptions alike).
"""

import re
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    IntValueNode,
    OperationDefinitionNode,
    StringValueNode,
    ValidationRule,
    get_named_type,
    is_input_type,
    type_from_ast,
)

UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
MESSAGE = "An ID is a UUID (such as 0f8fad5b-d9cb-469f-a165-70867728950e)."


def is_id(value: Any) -> bool:
    return isinstance(value, str) and UUID_TEXT.fullmatch(value) is not None


class UuidIdsRule(ValidationRule):
    """Literal `ID`s in a document (arguments, input fields, list items, variable defaults)."""

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        self._check(node, node.value)

    def enter_int_value(self, node: IntValueNode, *_: Any) -> None:
        self._check(node, node.value)

    def _check(self, node: StringValueNode | IntValueNode, value: str) -> None:
        expected = self.context.get_input_type()
        if expected is not None and get_named_type(expected).name == "ID" and not is_id(value):
            # Not `value`: ValuesOfCorrectType would; the text is the client's own, maybe long.
            self.report_error(GraphQLError(MESSAGE, node))


def variable_id_errors(
    schema: GraphQLSchema, operation: OperationDefinitionNode, values: dict[str, Any]
) -> list[GraphQLError]:
    """One error per variable that carries, anywhere in it, an `ID` that is not a UUID."""
    errors = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        expected = type_from_ast(schema, definition.type)
        if name in values and is_input_type(expected) and _carries_bad_id(values[name], expected):
            errors.append(GraphQLError(f"Variable '${name}': {MESSAGE}", definition))
    return errors


def _carries_bad_id(value: Any, expected: GraphQLInputType | Any) -> bool:
    if value is None:
        return False
    if isinstance(expected, GraphQLNonNull):
        return _carries_bad_id(value, expected.of_type)
    if isinstance(expected, GraphQLList):
        items = value if isinstance(value, list) else [value]
        return any(_carries_bad_id(item, expected.of_type) for item in items)
    if isinstance(expected, GraphQLInputObjectType):
        fields = expected.fields
        return isinstance(value, dict) and any(
            _carries_bad_id(item, fields[key].type) for key, item in value.items() if key in fields
        )
    return get_named_type(expected).name == "ID" and not is_id(value)
