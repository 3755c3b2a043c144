"""SCIM filters (RFC 7644 §3.4.2.2) as SQL: scim2-models parses and checks the filter against
the `User` schema, this turns its tree into a condition on the directory's columns.

The attributes the directory can search are the ones an identity provider looks people up by
(`userName`, `externalId`, `id`) and those it holds as columns (`displayName`, `active`); a
filter on any other attribute (`emails`, `name.givenName`...) is refused with `invalidFilter`
rather than answered wrongly.
"""

from typing import Any
from uuid import UUID

from pydantic import ValidationError
from scim2_models import InvalidFilterException, SCIMException, ScimFilter, User
from scim2_models.path import FilterVisitor
from scim2_models.path.expressions import (
    AttrPath,
    CompareOperator,
    Comparison,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ValuePath,
)
from sqlalchemy import ColumnElement, and_, false, func, not_, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from matching.models import Person

MAX_FILTER_LENGTH = 1000

_USER_URN = "urn:ietf:params:scim:schemas:core:2.0:user"
_COLUMNS: dict[str, tuple[InstrumentedAttribute[Any], bool]] = {
    # attribute (lower case) -> (column, case exact); RFC 7643 §4.1: userName is not case exact,
    # externalId and id are.
    "username": (Person.user_name, False),
    "externalid": (Person.external_id, True),
    "id": (Person.id, True),
    "displayname": (Person.display_name, False),
    "active": (Person.active, True),
}


def parse(expression: str) -> ColumnElement[bool]:
    """The SQL condition of a SCIM filter; `InvalidFilterException` for one it cannot answer."""
    if len(expression) > MAX_FILTER_LENGTH:
        raise InvalidFilterException(detail=f"Filters are limited to {MAX_FILTER_LENGTH} chars.")
    try:
        tree = ScimFilter[User[Any]](expression).ast
    except SCIMException as error:
        raise InvalidFilterException(detail=error.detail) from error
    except (ValidationError, ValueError, TypeError) as error:
        raise InvalidFilterException(detail=f"The filter cannot be read: {error}") from error
    return _Sql().visit(tree)


def _column(path: AttrPath) -> tuple[InstrumentedAttribute[Any], bool]:
    if path.sub_attr is not None or (path.uri and path.uri.lower() != _USER_URN):
        raise InvalidFilterException(detail=f"Filtering on {path} is not supported here.")
    found = _COLUMNS.get(path.attr.lower())
    if found is None:
        names = "userName, externalId, id, displayName, active"
        raise InvalidFilterException(
            detail=f"Filtering on {path.attr} is not supported; filter on one of {names}."
        )
    return found


class _Sql(FilterVisitor[ColumnElement[bool]]):
    def visit_comparison(self, node: Comparison) -> ColumnElement[bool]:
        column, exact = _column(node.attr_path)
        if column is Person.active:
            if node.op not in (CompareOperator.eq, CompareOperator.ne) or not isinstance(
                node.value, bool
            ):
                raise InvalidFilterException(detail="active compares with eq or ne to a boolean.")
            # Unsaid is active (Person.is_active).
            active = or_(column.is_(None), column.is_(True))
            said = active if node.value else not_(active)
            return said if node.op == CompareOperator.eq else not_(said)
        if not isinstance(node.value, str):
            raise InvalidFilterException(detail=f"{node.attr_path} compares to a string.")
        if column is Person.id:
            if node.op not in (CompareOperator.eq, CompareOperator.ne):
                raise InvalidFilterException(detail="id compares with eq or ne.")
            try:
                person_id = UUID(node.value)
            except ValueError:
                return false() if node.op == CompareOperator.eq else true()
            return column == person_id if node.op == CompareOperator.eq else column != person_id
        value = node.value if exact else node.value.lower()
        target: ColumnElement[Any] = column.expression if exact else func.lower(column)
        return self._compare(target, node.op, value, node)

    @staticmethod
    def _compare(
        target: ColumnElement[Any], op: CompareOperator, value: str, node: Comparison
    ) -> ColumnElement[bool]:
        if op == CompareOperator.eq:
            return target == value
        if op == CompareOperator.ne:
            return or_(target.is_(None), target != value)
        if op == CompareOperator.co:
            return target.contains(value, autoescape=True)
        if op == CompareOperator.sw:
            return target.startswith(value, autoescape=True)
        if op == CompareOperator.ew:
            return target.endswith(value, autoescape=True)
        raise InvalidFilterException(detail=f"{node.attr_path} does not support {op}.")

    def visit_present(self, node: Present) -> ColumnElement[bool]:
        column, _ = _column(node.attr_path)
        if column is Person.active or column is Person.id:
            return true()
        return and_(column.is_not(None), column != "")

    def visit_not(self, node: Not) -> ColumnElement[bool]:
        return not_(self.visit(node.expr))

    def visit_logical_expr(self, node: LogicalExpr) -> ColumnElement[bool]:
        terms = [self.visit(term) for term in node.terms]
        if not terms:
            return false()
        return and_(*terms) if node.op == LogicalOperator.and_ else or_(*terms)

    def visit_value_path(self, node: ValuePath) -> ColumnElement[bool]:
        raise InvalidFilterException(detail=f"Filtering inside {node.attr_path} is not supported.")
